import Foundation

/// One call of a department to a request (社区吹哨) and its answer (部门报到), read back from
/// the request's history: both stores already keep the events, so no table is needed.
public struct Whistle: Sendable, Equatable {
    /// The request's number.
    public var request: Int
    /// The department called.
    public var department: String
    /// Who blew the whistle (a staff id).
    public var whistler: String
    /// When.
    public var at: Date
    /// The whistler's note.
    public var text: String
    /// When the department answered (报到), nil while it has not.
    public var answeredAt: Date?
    /// Who answered for the department.
    public var answeredBy: String?

    /// The whistles in `events`, oldest first; each `whistle_answered` event answers the
    /// oldest open whistle of its request and department.
    public static func all(in events: [RequestEvent]) -> [Whistle] {
        var whistles: [Whistle] = []
        for event in events.sorted(by: { ($0.at, $0.request) < ($1.at, $1.request) }) {
            switch event.kind {
            case .whistled:
                let note = WhistleNote(event.note ?? "")
                whistles.append(Whistle(request: event.request, department: note.department, whistler: event.actor,
                                        at: event.at, text: note.text))
            case .whistleAnswered:
                let department = event.note ?? ""
                if let index = whistles.firstIndex(where: { $0.request == event.request && $0.department == department && $0.answeredAt == nil }) {
                    whistles[index].answeredAt = event.at
                    whistles[index].answeredBy = event.actor
                }
            default:
                continue
            }
        }
        return whistles
    }

    /// When the department must have answered, by `limit` on `calendar`.
    public func due(within limit: TimeLimit, calendar: WorkCalendar) -> Date {
        calendar.adding(limit, to: at)
    }

    /// Whether the department answered by its due time.
    public func answeredInTime(within limit: TimeLimit, calendar: WorkCalendar) -> Bool {
        answeredAt.map { $0 <= due(within: limit, calendar: calendar) } ?? false
    }
}
