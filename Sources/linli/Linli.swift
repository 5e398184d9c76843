import ArgumentParser

/// The `linli` command: wiring only; each subcommand lives in its own file.
@main
struct Linli: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linli",
        abstract: "linli — a chat assistant backend for community service accounts.",
        version: "linli \(Linli.version) (commit \(buildCommit))",
        subcommands: [ServeCommand.self, ReplCommand.self, NLUCommand.self, ReportCommand.self, RequestsCommand.self, ConversationBenchCommand.self,
                      DeadlinesCommand.self, StaffCommand.self, ConsoleCommand.self, ListsCommand.self, MediaCommand.self]
    )

    /// The release this source tree is; `linli --version` adds the commit it was built from.
    static let version = "0.5.0"
}
