import Foundation

/// Office hours, weekends, public holidays and 调休 make-up working days, in one time zone:
/// what "working time" means for a limit in working hours or working days.
public struct WorkCalendar: Sendable, Equatable {
    /// The calendar as configured (`calendar:` in the configuration file).
    public struct Configuration: Sendable, Equatable {
        /// Office hours of a working day, in local time, in order and not overlapping.
        public var hours: [Span]
        /// Weekdays off, as `Calendar` numbers them (1 Sunday … 7 Saturday).
        public var weekend: Set<Int>
        /// Public holidays (`yyyy-MM-dd`), off even on a weekday.
        public var holidays: Set<String>
        /// Make-up working days (调休, `yyyy-MM-dd`), worked even on a weekend.
        public var workdays: Set<String>
        /// Where the hours and dates are local.
        public var timeZone: TimeZone

        /// Creates a calendar configuration. The default hours, 09:00-12:00 and 14:00-17:30,
        /// are the common schedule of a street office or 社区 service centre (a long lunch
        /// break, closing at half past five); an office with other hours configures them.
        public init(hours: [Span] = [Span(start: 9 * 60, end: 12 * 60), Span(start: 14 * 60, end: 17 * 60 + 30)],
                    weekend: Set<Int> = [1, 7], holidays: Set<String> = [], workdays: Set<String> = [],
                    timeZone: TimeZone = Engine.Configuration.chinaTime) {
            self.hours = hours
            self.weekend = weekend
            self.holidays = holidays
            self.workdays = workdays
            self.timeZone = timeZone
        }
    }

    /// A stretch of office time within a day, in minutes after local midnight.
    public struct Span: Sendable, Equatable, CustomStringConvertible {
        /// First minute.
        public var start: Int
        /// The minute it ends (exclusive); at most 24 × 60.
        public var end: Int

        /// Creates a span.
        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }

        /// Reads `09:00-12:00`; throws `CoreError(.invalidConfiguration)` naming the text.
        public init(parsing text: String) throws {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let start = Self.minute(parts[0]), let end = Self.minute(parts[1]), start < end else {
                throw CoreError(.invalidConfiguration, "not office hours: \"\(text)\"; write HH:MM-HH:MM, e.g. 09:00-12:00")
            }
            self.init(start: start, end: end)
        }

        /// Reads a list such as `09:00-12:00,14:00-17:30` into spans in order that do not overlap.
        public static func list(parsing text: String) throws -> [Span] {
            let spans = try text.split(separator: ",").map { try Span(parsing: String($0)) }
            guard !spans.isEmpty, zip(spans, spans.dropFirst()).allSatisfy({ $0.end <= $1.start }) else {
                throw CoreError(.invalidConfiguration, "office hours \"\(text)\" must be one or more HH:MM-HH:MM, in order, not overlapping")
            }
            return spans
        }

        private static func minute(_ text: Substring) -> Int? {
            let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) }),
                  let hour = Int(parts[0]), let minute = Int(parts[1]), (0...59).contains(minute),
                  (0...23).contains(hour) || (hour == 24 && minute == 0) else { return nil }
            return hour * 60 + minute
        }

        public var description: String {
            String(format: "%02d:%02d-%02d:%02d", start / 60, start % 60, end / 60, end % 60)
        }
    }

    /// The configuration.
    public let configuration: Configuration
    private let calendar: Calendar
    /// What each local day visited so far is: Foundation's calendar arithmetic costs
    /// microseconds a call, and a timer pass asks about the same few weeks for every request.
    private let days = DayCache()

    /// The most days a search for working time walks before giving up (a calendar with no
    /// working day at all): then the limit is never reached.
    private static let searchDays = 3660

    /// Creates a calendar.
    public init(_ configuration: Configuration = .init()) {
        self.configuration = configuration
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = configuration.timeZone
        self.calendar = calendar
    }

    /// Reads a date `yyyy-MM-dd` as written in `holidays` and `workdays`, checking that the day
    /// exists; gives it back in that form (zero-padded). Throws `CoreError(.invalidConfiguration)`.
    public static func day(parsing text: String) throws -> String {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(secondsFromGMT: 0)!
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), parts[0].count == 4,
              let date = utc.date(from: DateComponents(year: year, month: month, day: day)),
              utc.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: day) else {
            throw CoreError(.invalidConfiguration, "not a date: \"\(text)\"; write yyyy-MM-dd, e.g. 2026-10-01")
        }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// The local date of `date` as `yyyy-MM-dd`.
    public func dayKey(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// Whether the local day of `date` is worked: a 调休 day always, a holiday never,
    /// otherwise any day that is not a weekend day.
    public func isWorkingDay(_ date: Date) -> Bool {
        let key = dayKey(date)
        if configuration.workdays.contains(key) { return true }
        if configuration.holidays.contains(key) { return false }
        return !configuration.weekend.contains(calendar.component(.weekday, from: date))
    }

    /// Two calendars are the same when their configurations are (the cache is not state).
    public static func == (lhs: WorkCalendar, rhs: WorkCalendar) -> Bool {
        lhs.configuration == rhs.configuration
    }

    /// `start` plus `limit`: wall-clock units simply add; working hours count only office
    /// time; working days leave out the start's own day and end at the close of office on
    /// the last one (the way Chinese administrative periods count: 开始的当日不计入).
    public func adding(_ limit: TimeLimit, to start: Date) -> Date {
        switch limit.unit {
        case .minutes: return start.addingTimeInterval(Double(limit.amount) * 60)
        case .hours: return start.addingTimeInterval(Double(limit.amount) * 3600)
        case .days: return calendar.date(byAdding: .day, value: limit.amount, to: start) ?? .distantFuture
        case .workingHours: return addingWorkingTime(Double(limit.amount) * 3600, to: start)
        case .workingDays:
            var today = info(of: calendar.startOfDay(for: start))
            var left = limit.amount
            for _ in 0..<Self.searchDays {
                guard let next = today.next else { break }
                today = info(of: next)
                if today.isWorking, let close = today.spans.last {
                    left -= 1
                    if left == 0 { return close.end }
                }
            }
            return .distantFuture
        }
    }

    /// The moment `fraction` (0…1) of `limit` from `start` has passed, in the limit's own
    /// units: a share of the working time for working units, of the wall-clock time otherwise
    /// (0.8 gives the yellow moment).
    public func moment(_ fraction: Double, of limit: TimeLimit, from start: Date) -> Date {
        let due = adding(limit, to: start)
        guard due != .distantFuture else { return due }
        if limit.unit.isWorking {
            return addingWorkingTime(fraction * workingTime(from: start, to: due), to: start)
        }
        return start.addingTimeInterval(fraction * due.timeIntervalSince(start))
    }

    /// Office time, in seconds, between `start` and `end`.
    public func workingTime(from start: Date, to end: Date) -> TimeInterval {
        guard end > start else { return 0 }
        var total: TimeInterval = 0
        var day = calendar.startOfDay(for: start)
        var walked = 0
        while day < end, walked < Self.searchDays {
            walked += 1
            let today = info(of: day)
            if today.isWorking {
                for span in today.spans {
                    let from = max(span.start, start), to = min(span.end, end)
                    if to > from { total += to.timeIntervalSince(from) }
                }
            }
            guard let next = today.next else { break }
            day = next
        }
        return total
    }

    /// The moment `seconds` of office time after `start` have passed; `start` itself when
    /// `seconds` is zero, even outside office hours.
    public func addingWorkingTime(_ seconds: TimeInterval, to start: Date) -> Date {
        guard seconds > 0 else { return start }
        var left = seconds
        var day = calendar.startOfDay(for: start)
        for _ in 0..<Self.searchDays {
            let today = info(of: day)
            if today.isWorking {
                for span in today.spans where span.end > start {
                    let from = max(span.start, start)
                    let length = span.end.timeIntervalSince(from)
                    if length >= left { return from.addingTimeInterval(left) }
                    left -= length
                }
            }
            guard let next = today.next else { break }
            day = next
        }
        return .distantFuture
    }

    /// Whether the local day starting at `day` is worked, its office hours and the next
    /// day's start, from the cache or worked out once.
    private func info(of day: Date) -> DayCache.Day {
        if let known = days[day] { return known }
        let worked = DayCache.Day(isWorking: isWorkingDay(day), spans: spans(of: day),
                                  next: calendar.date(byAdding: .day, value: 1, to: day))
        days[day] = worked
        return worked
    }

    /// The office hours of the local day starting at `day`, as moments.
    private func spans(of day: Date) -> [(start: Date, end: Date)] {
        configuration.hours.compactMap { span in
            guard let start = moment(minute: span.start, of: day), let end = moment(minute: span.end, of: day) else { return nil }
            return (start, end)
        }
    }

    /// `minute` minutes after local midnight of `day`, by the clock on the wall (so a
    /// daylight-saving change, where a zone has one, does not shift office hours).
    private func moment(minute: Int, of day: Date) -> Date? {
        if minute == 24 * 60 { return calendar.date(byAdding: .day, value: 1, to: day) }
        return calendar.date(bySettingHour: minute / 60, minute: minute % 60, second: 0, of: day)
    }
}

/// The days a `WorkCalendar` has worked out, keyed by their start; shared by its copies and
/// threads. It forgets everything past `limit` days, which a long-running server only reaches
/// over decades of deadlines.
final class DayCache: @unchecked Sendable {
    /// One local day.
    struct Day {
        var isWorking: Bool
        var spans: [(start: Date, end: Date)]
        var next: Date?
    }

    private let lock = NSLock()
    private var known: [Date: Day] = [:]
    private let limit = 20_000

    subscript(day: Date) -> Day? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return known[day]
        }
        set {
            lock.lock()
            defer { lock.unlock() }
            if known.count >= limit { known.removeAll(keepingCapacity: true) }
            known[day] = newValue
        }
    }
}
