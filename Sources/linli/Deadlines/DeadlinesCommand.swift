import ArgumentParser

/// `linli deadlines …`: the deadline timer on its own.
struct DeadlinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadlines",
        abstract: "The deadline timer: reminders and escalation.",
        subcommands: [DeadlinesBenchCommand.self, DeadlinesSimulateCommand.self]
    )
}
