import Foundation
import LinliCore

/// The queue's filters as the page's form sends them (`status`, `grid`, `intent`, `staff`,
/// `colour`, `from`, `to`, `q`): what `/console`, its live rows and its CSV share.
struct ConsoleQueueFilter: Sendable, Equatable {
    /// `active` (the default: what staff still have to do), `all`, `done` (办结 and 评价), or one status id.
    var status: String
    var grid: String?
    var intent: String?
    /// A claimer's staff id.
    var staff: String?
    var colour: DeadlineColour?
    /// Local dates, `YYYY-MM-DD`, both included.
    var from: String?
    var to: String?
    /// A number, the last 4 digits of a phone, or words of the resident's text.
    var q: String?

    /// The most rows a page shows (a desk screen shows a few dozen; each row costs its deadline
    /// and names to work out); the CSV has no limit.
    static let pageSize = 100

    init(_ parameters: [String: String]) {
        func value(_ name: String) -> String? {
            let text = parameters[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return text.isEmpty ? nil : text
        }
        status = value("status") ?? "active"
        grid = value("grid")
        intent = value("intent")
        staff = value("staff")
        colour = value("colour").flatMap(DeadlineColour.init)
        from = value("from").flatMap { Self.date($0, in: .gmt) == nil ? nil : $0 }
        to = value("to").flatMap { Self.date($0, in: .gmt) == nil ? nil : $0 }
        q = value("q")
    }

    /// The statuses `status` names; nil for all.
    var statuses: Set<ServiceRequest.Status>? {
        switch status {
        case "all": return nil
        case "done": return [.resolved, .rated]
        case "active": return Set(ServiceRequest.Status.allCases.filter(\.isActive))
        default: return ServiceRequest.Status(rawValue: status).map { [$0] } ?? Set(ServiceRequest.Status.allCases.filter(\.isActive))
        }
    }

    /// The store's listing for `member`: what a staff member serves, an admin anything;
    /// `limit` rows at most, deadline colours at `now` read from the stored due times.
    func listing(for member: Directory.Staff, engine: Engine, limit: Int?, now: Date) -> RequestListing {
        let zone = engine.configuration.timeZone
        // Staff list what they serve (their grids, their claims, what is routed to them);
        // the grid filter narrows that.
        let query = RequestQuery(statuses: statuses, grids: grid.map { [$0] }, intent: intent,
                                 openedSince: from.flatMap { Self.date($0, in: zone) })
        let end = to.flatMap { Self.date($0, in: zone) }.map { $0.addingTimeInterval(86_400) }
        return RequestListing(query: query, openedBefore: end, claimer: staff, scope: engine.scope(of: member),
                              colour: colour.map { RequestListing.ColourFilter($0, at: now) }, search: q, limit: limit ?? Int.max)
    }

    /// The requests of the listing, from the store.
    func requests(for member: Directory.Staff, engine: Engine, limit: Int?, now: Date) throws -> [ServiceRequest] {
        try engine.store.read { try $0.requests(listing(for: member, engine: engine, limit: limit, now: now)) }
    }

    /// The filters as a query string, for the live rows, the CSV link and the report's links.
    var queryString: String {
        let pairs: [(String, String?)] = [("status", status), ("grid", grid), ("intent", intent), ("staff", staff),
                                          ("colour", colour?.rawValue), ("from", from), ("to", to), ("q", q)]
        return pairs.compactMap { name, value in value.map { "\(name)=\(Self.escaped($0))" } }.joined(separator: "&")
    }

    /// The local midnight starting `text` (`YYYY-MM-DD`) in `zone`.
    static func date(_ text: String, in zone: TimeZone) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: year, month: month, day: day))
    }

    /// `text` for a query string.
    static func escaped(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#?")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
