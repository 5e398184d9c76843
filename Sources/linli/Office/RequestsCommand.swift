import ArgumentParser
import Foundation
import LinliCore

/// `linli requests`: the list the office works from, and its spreadsheet export.
struct RequestsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requests",
        abstract: "List service requests; --format csv exports them for a spreadsheet."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only this status: open, assigned, claimed, resolved, rated, cancelled, reopened.")
    var status: String?

    @Option(help: "Only requests opened on or after this date (YYYY-MM-DD).")
    var since: String?

    @Option(help: "table, csv or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if let status, ServiceRequest.Status(rawValue: status) == nil {
            throw ValidationError("--status must be one of \(ServiceRequest.Status.allCases.map(\.rawValue).joined(separator: ", ")), not '\(status)'")
        }
        if let since, Dates.parse(since) == nil { throw ValidationError("--since must be a date like 2026-11-01, not '\(since)'") }
    }

    static let slotColumns = ["community", "building", "unit", "room", "location", "phone", "person", "age", "plate"]

    func run() throws {
        let runtime = try Runtime.make(try options.settings(), label: "linli.requests")
        let query = RequestQuery(statuses: status.flatMap(ServiceRequest.Status.init).map { [$0] }, openedSince: since.flatMap(Dates.parse))
        let requests = try runtime.engine.store.read { try $0.requests(query) }
        switch format {
        case .json:
            print(try Tabular.json(requests.map(Item.init)))
        case .csv, .table:
            let header = ["number", "intent", "status", "resident"] + Self.slotColumns + ["grid", "claimer", "opened", "claimed", "resolved", "rating"]
            let rows = requests.map { r -> [String] in
                [String(r.number), r.intent, r.status.rawValue, r.resident] + Self.slotColumns.map { r.slots[$0] ?? "" }
                    + [r.grid ?? "", r.claimer ?? "", Dates.string(r.openedAt), Dates.string(r.claimedAt), Dates.string(r.resolvedAt),
                       r.rating.map(String.init) ?? ""]
            }
            print(format == .csv ? Tabular.csv(header, rows) : Tabular.table(header, rows))
        }
    }

    /// One request as interface.md names its fields.
    struct Item: Encodable {
        var number: Int
        var intent: String
        var status: String
        var resident: String
        var slots: [String: String]
        var grid: String?
        var claimer: String?
        var opened: Date
        var claimed: Date?
        var resolved: Date?
        var rating: Int?
        var text: String

        init(_ r: ServiceRequest) {
            number = r.number
            intent = r.intent
            status = r.status.rawValue
            resident = r.resident
            slots = r.slots
            grid = r.grid
            claimer = r.claimer
            opened = r.openedAt
            claimed = r.claimedAt
            resolved = r.resolvedAt
            rating = r.rating
            text = r.text
        }
    }
}
