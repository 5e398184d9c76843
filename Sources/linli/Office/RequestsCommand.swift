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

    func validate() throws {
        if let status, ServiceRequest.Status(rawValue: status) == nil {
            throw ValidationError("--status must be one of \(ServiceRequest.Status.allCases.map(\.rawValue).joined(separator: ", ")), not '\(status)'")
        }
        if let since, Dates.parse(since) == nil { throw ValidationError("--since must be a date like 2026-11-01, not '\(since)'") }
    }

    func run() throws {
        let runtime = try Runtime.make(try options.settings(), label: "linli.requests")
        let since = since.flatMap { Dates.parse($0, timeZone: runtime.settings.timeZone) }
        let query = RequestQuery(statuses: status.flatMap(ServiceRequest.Status.init).map { [$0] }, openedSince: since)
        let requests = try runtime.engine.store.read { try $0.requests(query) }
        switch format {
        case .json:
            print(try Tabular.json(requests.map(Item.init)))
        case .csv, .table:
            let engine = runtime.engine
            let header = RequestColumn.allCases.map { engine.responses.render(template: $0.template) ?? $0.rawValue }
            let rows = requests.map { r in RequestColumn.allCases.map { Self.cell($0, of: r, engine: engine) } }
            print(format == .csv ? Tabular.csv(header, rows, bom: !noBom) : Tabular.table(header, rows))
        }
    }

    /// A request's cell in `column`, in the office's words: names for intents, grids and
    /// staff, statuses from `responses/`, local times.
    static func cell(_ column: RequestColumn, of r: ServiceRequest, engine: Engine) -> String {
        if let slot = column.slot { return r.slots[slot] ?? "" }
        switch column {
        case .number: return String(r.number)
        case .intent: return engine.nlu.catalog.intent(r.intent)?.name ?? r.intent
        case .status: return engine.officeStatusName(r.status)
        case .resident: return r.resident
        case .grid: return r.grid.map(engine.targetName) ?? ""
        case .claimer: return r.claimer.map(engine.targetName) ?? ""
        case .opened: return engine.officeTime(r.openedAt)
        case .claimed: return engine.officeTime(r.claimedAt)
        case .resolved: return engine.officeTime(r.resolvedAt)
        case .rating: return r.rating.map(String.init) ?? ""
        default: return ""
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
