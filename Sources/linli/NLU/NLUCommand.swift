import ArgumentParser

/// `linli nlu …`: the intent engine on its own.
struct NLUCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nlu",
        abstract: "Parse, evaluate and benchmark the intent engine.",
        subcommands: [ParseCommand.self, EvalCommand.self, CrossValidateCommand.self, CalibrateCommand.self, BenchCommand.self]
    )
}
