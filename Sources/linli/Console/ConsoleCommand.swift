import ArgumentParser

/// `linli console …`: the staff web console's tools (the console itself is served by `linli serve`).
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "The staff web console: its benchmark.",
        subcommands: [ConsoleBenchCommand.self]
    )
}
