import Foundation
import LinliCore
import Synchronization

/// The report page's figures: `linli report` over the period and over the one before it (for
/// the trends), and the series its charts draw. Computed from one read of the store.
struct ConsoleReport: Sendable {
    /// The period: the last `days` local days, today included.
    let days: Int
    let since: Date
    let previousSince: Date
    let current: Report
    let previous: Report
    let charts: Charts

    /// The series of the report's charts, as the page's script reads them (JSON).
    struct Charts: Sendable, Codable {
        /// Opened against resolved (办结 events), per day (or per week over more than a month).
        var buckets: [String] = []
        /// Each bucket's first and last local day (`YYYY-MM-DD`), for the link to its requests.
        var bucketFrom: [String] = []
        var bucketTo: [String] = []
        /// The period's first day, for the links of the other charts.
        var from = ""
        var opened: [Int] = []
        var resolved: [Int] = []
        /// Open requests by deadline colour: green, yellow, red, and those with no deadline.
        var colours: [String] = []
        var colourCounts: [Int] = []
        /// The colours' ids, "" for no deadline.
        var colourIDs: [String] = []
        /// By intent: ids, names, opened, resolved.
        var intentIDs: [String] = []
        var intents: [String] = []
        var intentOpened: [Int] = []
        var intentResolved: [Int] = []
        /// By grid: ids, names, median hours to claim and to resolve, 满意率 and 评价率 (percent).
        var gridIDs: [String] = []
        var grids: [String] = []
        var gridClaimHours: [Double?] = []
        var gridResolveHours: [Double?] = []
        var gridSatisfied: [Double?] = []
        var gridRated: [Double?] = []
        /// Volunteer service hours recorded on published tasks, per member (names and hours,
        /// most first); empty while none is recorded.
        var members: [String] = []
        var memberHours: [Double] = []
    }

    /// The report over requests in `grids` (all when nil) opened in the last `days` days at `now`.
    static func make(engine: Engine, grids: Set<String>?, days: Int, now: Date) throws -> ConsoleReport {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = engine.configuration.timeZone
        let today = calendar.startOfDay(for: now)
        let since = calendar.date(byAdding: .day, value: -(days - 1), to: today) ?? today
        let previousSince = calendar.date(byAdding: .day, value: -days, to: since) ?? since
        // Only what the two periods and the colour mix need: the report counts requests by
        // when they were opened, and the mix is of what is open now, whenever it was opened.
        let open = Set(ServiceRequest.Status.allCases.filter(\.isActive))
        let (requests, active, events, tasks, claims) = try engine.store.read { t in
            (try t.requests(RequestQuery(grids: grids, openedSince: previousSince)),
             try t.requests(RequestQuery(statuses: open, grids: grids)), try t.events(since: previousSince),
             try t.tasks(publishedSince: previousSince), try t.taskClaims(publishedSince: previousSince))
        }
        let names = Dictionary(uniqueKeysWithValues: engine.nlu.catalog.intents.map { ($0.id, $0.name) })
        func report(_ requests: [ServiceRequest], since: Date, events: [RequestEvent], now: Date) -> Report {
            Report.make(requests: requests, directory: engine.directory, intentNames: names, since: since,
                        totalName: engine.responses.render(.reportTotalName), noGridName: engine.responses.render(.reportNoGridName),
                        policy: engine.configuration.deadlines, events: events, now: now)
        }
        var current = report(requests, since: since, events: events.filter { $0.at >= since }, now: now)
        var previous = report(requests.filter { $0.openedAt < since }, since: previousSince,
                              events: events.filter { $0.at < since }, now: since)
        // Tasks are published to communities: a staff member with grids sees those of their
        // grids' communities, an admin every one.
        let communities = grids.map { ids in Set(engine.directory.grids.filter { ids.contains($0.id) }.flatMap(\.communities)) }
        let inScope = tasks.filter { task in communities.map { task.community.map($0.contains) ?? false } ?? true }
        func figures(_ tasks: [ServiceTask]) -> TaskFigures {
            let numbers = Set(tasks.map(\.number))
            return TaskFigures.make(tasks: tasks, claims: claims.filter { numbers.contains($0.task) }, directory: engine.directory)
        }
        current.tasks = figures(inScope.filter { $0.publishedAt >= since })
        previous.tasks = figures(inScope.filter { $0.publishedAt < since })
        var charts = Charts()
        charts.fillTimeline(requests, resolutions: events.filter { $0.kind == .resolved }, since: since, now: now, days: days, calendar: calendar)
        let colours = active.map { engine.deadline(for: $0)?.colour(at: now) }
        charts.colours = DeadlineColour.allCases.map(engine.colourName) + [engine.consoleWords("no_deadline")]
        charts.colourIDs = DeadlineColour.allCases.map(\.rawValue) + [""]
        charts.colourCounts = DeadlineColour.allCases.map { c in colours.filter { $0 == c }.count } + [colours.filter { $0 == nil }.count]
        let intents = current.byIntent.prefix(15)
        charts.intentIDs = intents.map(\.key)
        charts.intents = intents.map(\.name)
        charts.intentOpened = intents.map(\.opened)
        charts.intentResolved = intents.map(\.resolved)
        func hours(_ minutes: Double?) -> Double? { minutes.map { ($0 / 6).rounded() / 10 } }
        func percent(_ share: Double?) -> Double? { share.map { ($0 * 1000).rounded() / 10 } }
        charts.gridIDs = current.byGrid.map(\.key)
        charts.grids = current.byGrid.map(\.name)
        charts.gridClaimHours = current.byGrid.map { hours($0.medianMinutesToClaim) }
        charts.gridResolveHours = current.byGrid.map { hours($0.medianMinutesToResolve) }
        charts.gridSatisfied = current.byGrid.map { percent($0.satisfiedShare) }
        charts.gridRated = current.byGrid.map { percent($0.timeliness.ratedRate) }
        let serving = current.tasks.members.filter { $0.hours > 0 }.prefix(15)
        charts.members = serving.map(\.name)
        charts.memberHours = serving.map { ($0.hours * 10).rounded() / 10 }
        return ConsoleReport(days: days, since: since, previousSince: previousSince, current: current, previous: previous, charts: charts)
    }
}

extension ConsoleReport.Charts {
    /// Requests opened and resolutions (办结 in the history, whenever the request was opened)
    /// per local day, or per week (from `since`) when the period is longer than a month.
    mutating func fillTimeline(_ requests: [ServiceRequest], resolutions: [RequestEvent], since: Date, now: Date, days: Int,
                               calendar: Calendar) {
        let step = days > 31 ? 7 : 1
        let count = (days + step - 1) / step
        func day(_ offset: Int) -> DateComponents {
            calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: offset, to: since) ?? since)
        }
        func text(_ parts: DateComponents) -> String {
            String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        }
        from = text(day(0))
        bucketFrom = (0..<count).map { text(day($0 * step)) }
        bucketTo = (0..<count).map { text(day(min(days - 1, $0 * step + step - 1))) }
        buckets = bucketFrom.map { String($0.dropFirst(5)) }
        // Each local day's start, worked out once: a date is placed by a binary search rather
        // than by two calendar computations per request, which cost more than the rest of the chart.
        let starts = (0...days).map { calendar.date(byAdding: .day, value: $0, to: since) ?? since }
        func bucket(_ date: Date) -> Int? {
            guard date >= since, date <= now else { return nil }
            var low = 0, high = starts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if starts[middle] <= date { low = middle } else { high = middle - 1 }
            }
            return min(count - 1, low / step)
        }
        opened = Array(repeating: 0, count: count)
        resolved = Array(repeating: 0, count: count)
        for request in requests {
            if let index = bucket(request.openedAt) { opened[index] += 1 }
        }
        for event in resolutions {
            if let index = bucket(event.at) { resolved[index] += 1 }
        }
    }
}

/// Reports already computed, kept at most `lifetime` seconds: the report page reads the
/// requests of two periods, which at 100,000 requests takes far longer than a page may, and a
/// minute-old figure is as good as a fresh one for an office.
///
/// A report older than `refreshAfter` is still served, and made afresh off the request
/// (`refreshing(_:now:)`), so that an office that keeps the page open never waits for it; one
/// older than `lifetime` is never served.
final class ConsoleReportCache: Sendable {
    let lifetime: TimeInterval
    let refreshAfter: TimeInterval
    private struct State {
        var entries: [String: (made: Date, report: ConsoleReport)] = [:]
        var refreshing: Set<String> = []
    }
    private let state = Mutex(State())

    init(lifetime: TimeInterval = 60, refreshAfter: TimeInterval = 40) {
        self.lifetime = lifetime
        self.refreshAfter = refreshAfter
    }

    /// The report under `key` if it was made less than `lifetime` before `now`, else `make()`'s, kept.
    func report(_ key: String, now: Date, make: () throws -> ConsoleReport) rethrows -> ConsoleReport {
        if let entry = state.withLock({ $0.entries[key] }), now >= entry.made, now.timeIntervalSince(entry.made) < lifetime {
            return entry.report
        }
        return try store(key, now: now, make())
    }

    /// Whether the report under `key` is due to be made afresh; true once per refresh, so
    /// that one caller makes it (and then calls `refreshed(_:now:make:)`).
    func refreshing(_ key: String, now: Date) -> Bool {
        state.withLock { state in
            guard let entry = state.entries[key], now.timeIntervalSince(entry.made) >= refreshAfter,
                  !state.refreshing.contains(key) else { return false }
            state.refreshing.insert(key)
            return true
        }
    }

    /// Makes the report under `key` afresh after `refreshing(_:now:)` said so.
    func refreshed(_ key: String, now: Date, make: () throws -> ConsoleReport) throws {
        defer { _ = state.withLock { $0.refreshing.remove(key) } }
        _ = try store(key, now: now, make())
    }

    private func store(_ key: String, now: Date, _ report: ConsoleReport) -> ConsoleReport {
        state.withLock { $0.entries[key] = (now, report) }
        return report
    }
}
