import Foundation

extension Engine {
    /// A request's cell in `column`, in the office's words: names for intents, grids and
    /// staff, statuses from `responses/`, local times; deadlines coloured as of `now`. What
    /// `linli requests` prints and the console exports.
    public func cell(_ column: RequestColumn, of r: ServiceRequest, now: Date) -> String {
        if let slot = column.slot { return r.slots[slot] ?? "" }
        switch column {
        case .number: return String(r.number)
        case .intent: return intentName(r.intent)
        case .status: return officeStatusName(r.status)
        case .resident: return r.resident
        case .grid: return r.grid.map(targetName) ?? ""
        case .claimer: return r.claimer.map(targetName) ?? ""
        case .opened: return officeTime(r.openedAt)
        case .claimed: return officeTime(r.claimedAt)
        case .resolved: return officeTime(r.resolvedAt)
        case .rating: return r.rating.map(String.init) ?? ""
        case .due: return officeTime(deadline(for: r)?.dueAt)
        case .colour: return deadline(for: r).map { colourName($0.colour(at: now)) } ?? ""
        case .latitude: return r.place.map { String(format: "%.6f", $0.latitude) } ?? ""
        case .longitude: return r.place.map { String(format: "%.6f", $0.longitude) } ?? ""
        case .datum: return r.place?.datum.rawValue ?? ""
        default: return ""
        }
    }

    /// The header of the requests CSV: each column's name from `responses/`.
    public var requestColumnNames: [String] {
        RequestColumn.allCases.map { responses.render(template: $0.template) ?? $0.rawValue }
    }
}
