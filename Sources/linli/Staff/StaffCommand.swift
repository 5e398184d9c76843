import ArgumentParser

/// `linli staff`: the office's tools for staff accounts.
struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Staff accounts of the console.",
        subcommands: [SetPasswordCommand.self]
    )
}
