import Foundation

/// The report's whistles (吹哨) and answers (报到): in total and per department, with the
/// departments that did not answer in time.
public struct WhistleFigures: Sendable, Codable, Equatable {
    /// One department's record.
    public struct Department: Sendable, Codable, Equatable {
        /// The department's name.
        public var name: String
        /// Times it was called.
        public var whistles: Int
        /// Times it answered (报到), late or not.
        public var answered: Int
        /// Times it answered within the configured time.
        public var answeredInTime: Int
        /// Calls not answered in time: answered late, or unanswered past the due time.
        public var missed: Int
    }

    /// Whistles blown in the period.
    public var whistles: Int
    /// Whistles answered.
    public var answered: Int
    /// Whistles answered within `whistle.answer_within`.
    public var answeredInTime: Int
    /// Every department called, most missed first.
    public var departments: [Department]
    /// The names of departments with a call not answered in time.
    public var notAnswering: [String]

    /// No whistles.
    public static let none = WhistleFigures(whistles: 0, answered: 0, answeredInTime: 0, departments: [], notAnswering: [])

    /// The figures of the whistles in `events`; a call still unanswered counts as missed
    /// once its due time (`within` on `calendar`) is past at `now`.
    public static func make(events: [RequestEvent], within limit: TimeLimit, calendar: WorkCalendar, now: Date) -> WhistleFigures {
        let whistles = Whistle.all(in: events)
        func missed(_ whistle: Whistle) -> Bool {
            let due = whistle.due(within: limit, calendar: calendar)
            return whistle.answeredAt.map { $0 > due } ?? (now > due)
        }
        let departments = Dictionary(grouping: whistles, by: \.department).map { name, calls in
            Department(name: name, whistles: calls.count, answered: calls.filter { $0.answeredAt != nil }.count,
                       answeredInTime: calls.filter { $0.answeredInTime(within: limit, calendar: calendar) }.count,
                       missed: calls.filter(missed).count)
        }.sorted { ($0.missed, $1.name) > ($1.missed, $0.name) }
        return WhistleFigures(whistles: whistles.count, answered: whistles.filter { $0.answeredAt != nil }.count,
                              answeredInTime: whistles.filter { $0.answeredInTime(within: limit, calendar: calendar) }.count,
                              departments: departments, notAnswering: departments.filter { $0.missed > 0 }.map(\.name))
    }
}
