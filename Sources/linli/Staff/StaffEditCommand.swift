import ArgumentParser
import Foundation
import LinliCore

/// `linli staff edit ID`: changes a 双报到 member's details in the database; every server
/// serves by them from its next message on.
struct StaffEditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change a registered member's name, phone, unit, community (and so grids), times or offers."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The member's id (e.g. wechat:o123), or their name when one member has it.")
    var id: String

    @Option(help: "Their name.") var name: String?
    @Option(help: "Their phone.") var phone: String?
    @Option(help: "The unit they work at (a no_unit_words word of enrolment.yaml for none).") var unit: String?
    @Option(help: "The configured community they serve; their grids follow it.") var community: String?
    @Option(help: "When they are free.") var times: String?
    @Option(help: "What they offer, as in the registration (items separated by 、 or ,); the no-unit word for nothing.") var offers: String?

    var edit: MemberEdit {
        MemberEdit(name: name, phone: phone, unit: unit, community: community, times: times, offers: offers)
    }

    func validate() throws {
        if edit.isEmpty { throw ValidationError("give at least one of --name, --phone, --unit, --community, --times, --offers") }
    }

    func run() throws {
        let runtime = try Runtime.make(try options.settings(), label: "linli.staff")
        defer { runtime.engine.store.close() }
        let member = try runtime.engine.editMember(id, edit, at: Date())
        // The member as `linli staff --format json` lists them (no configured staff: there are none of their id).
        print(try Tabular.json(StaffListing.people(configured: runtime.engine.configuredDirectory, members: [member]).filter { $0.id == member.id }))
    }
}
