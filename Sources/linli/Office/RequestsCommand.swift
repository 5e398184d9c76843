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

    @Option(help: "table, csv or json (English keys and status ids, for programs).")
    var format: OutputFormat = .table

    @Flag(help: "CSV without the UTF-8 byte order mark that Excel needs to read Chinese.")
    var noBom = false

    @Option(help: ArgumentHelp("Colour deadlines as of this moment (2026-11-01T08:00:00Z) instead of now."))
    var now: String?

    func validate() throws {
        if let status, ServiceRequest.Status(rawValue: status) == nil {
            throw ValidationError("--status must be one of \(ServiceRequest.Status.allCases.map(\.rawValue).joined(separator: ", ")), not '\(status)'")
        }
        if let since, Dates.parse(since) == nil { throw ValidationError("--since must be a date like 2026-11-01, not '\(since)'") }
        if let now, Dates.parse(now) == nil { throw ValidationError("--now must be a date like 2026-11-01T08:00:00Z, not '\(now)'") }
    }

    func run() throws {
        let runtime = try Runtime.make(try options.settings(), label: "linli.requests")
        let since = since.flatMap { Dates.parse($0, timeZone: runtime.settings.timeZone) }
        let query = RequestQuery(statuses: status.flatMap(ServiceRequest.Status.init).map { [$0] }, openedSince: since)
        let requests = try runtime.engine.store.read { try $0.requests(query) }
        let now = now.flatMap { Dates.parse($0, timeZone: runtime.settings.timeZone) } ?? Date()
        switch format {
        case .json:
            print(try Tabular.json(requests.map { Item($0, deadline: runtime.engine.deadline(for: $0), now: now) }))
        case .csv, .table:
            let engine = runtime.engine
            let header = engine.requestColumnNames
            let rows = requests.map { r in RequestColumn.allCases.map { engine.cell($0, of: r, now: now) } }
            print(format == .csv ? Tabular.csv(header, rows, bom: !noBom) : Tabular.table(header, rows))
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
        /// The current stage's deadline, and `green`, `yellow` or `red` at the time of the listing.
        var due: Date?
        var colour: String?

        init(_ r: ServiceRequest, deadline: Deadline?, now: Date) {
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
            due = deadline?.dueAt
            colour = deadline?.colour(at: now).rawValue
        }
    }
}
