import ArgumentParser
import Foundation
import LinliCore

/// How `linli staff` and `linli staff units` print, and where they read from.
struct StaffListingOptions: ParsableArguments {
    @OptionGroup var options: GlobalOptions

    @Option(help: "table, csv or json.")
    var format: OutputFormat = .table

    @Flag(help: "CSV without the UTF-8 byte order mark that Excel needs to read Chinese.")
    var noBom = false

    /// `items` as the format asks: JSON whole, or `header` and a row per item, phones
    /// masked in the table (`row` is told whether to mask).
    func render<T: Encodable>(_ items: [T], header: [String], row: (T, _ masking: Bool) -> [String]) throws -> String {
        switch format {
        case .json: return try Tabular.json(items)
        case .csv: return Tabular.csv(header, items.map { row($0, false) }, bom: !noBom)
        case .table: return Tabular.table(header, items.map { row($0, true) })
        }
    }

    /// Runs `body` over the configured store, closed afterwards.
    func withStore<T>(_ body: (Settings, any Store) throws -> T) throws -> T {
        let settings = try options.settings()
        let store = try Runtime.makeStore(settings.databaseURL, poolSize: 1, logger: .init(label: "linli.staff"))
        defer { store.close() }
        return try body(settings, store)
    }
}

/// `linli staff` (`linli staff list`): staff of the configuration and members of 双报到 from
/// the database, with where each comes from.
struct StaffListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List staff (configuration) and members registered in the chat (database); phones are masked in the table."
    )

    @OptionGroup var listing: StaffListingOptions

    func run() throws {
        let people = try listing.withStore { settings, store in
            StaffListing.people(configured: try settings.makeDirectory(), members: try store.read { try $0.members() })
        }
        let header = ["id", "name", "role", "grids", "community", "unit", "phone", "offers", "times", "source", "active"]
        print(try listing.render(people, header: header) { person, masking in
            [person.id, person.name, person.role, person.grids.joined(separator: " "), person.community, person.unit,
             masking ? StaffListing.masked(person.phone) : person.phone, person.offers.joined(separator: "、"),
             person.times, person.source, person.active ? "yes" : "no"]
        })
    }
}

/// `linli staff units`: the units paired with the communities, their members and offers.
struct StaffUnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "List the units registered in the chat with their member counts and offers."
    )

    @OptionGroup var listing: StaffListingOptions

    func run() throws {
        let units = try listing.withStore { _, store in
            try store.read { StaffListing.units(try $0.units(), members: try $0.members(), offers: try $0.offers()) }
        }
        let header = ["id", "name", "contact", "phone", "community", "members", "offers", "times"]
        print(try listing.render(units, header: header) { unit, masking in
            [unit.id, unit.name, unit.contact, masking ? StaffListing.masked(unit.phone) : unit.phone, unit.community,
             String(unit.members), unit.offers.joined(separator: "；"), unit.times]
        })
    }
}
