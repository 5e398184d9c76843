import ArgumentParser

/// `linli staff`: who serves (configuration and 双报到 members), the units, and the
/// console's passwords.
struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Staff and registered members, units, member edits, and console passwords.",
        subcommands: [StaffListCommand.self, StaffUnitsCommand.self, StaffEditCommand.self, SetPasswordCommand.self],
        defaultSubcommand: StaffListCommand.self
    )
}
