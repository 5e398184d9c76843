import ArgumentParser

/// The `linli` command: wiring only; each subcommand lives in its own file.
@main
struct Linli: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linli",
        abstract: "邻里 — a chat assistant backend for community service accounts.",
        subcommands: [ServeCommand.self, ReplCommand.self, NLUCommand.self, ReportCommand.self, RequestsCommand.self, ConversationBenchCommand.self]
    )
}
