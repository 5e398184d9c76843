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
    /// The period before, for the cards' trends: its figures without the per-staff rows,
    /// which no card compares (and which cost most to aggregate).
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
        // Aggregated by the store: counts, sums and medians per group, the timeline and the
        // colour mix, none of which decodes a request.
        try engine.refreshReportFacts()
        let ranges = Charts.ranges(since: since, now: now, days: days, calendar: calendar)
        let (currentFigures, previousFigures, timeline, colours, tasks, claims) = try engine.store.read { t in
            (try t.reportAggregates(ReportScope(openedSince: since, grids: grids), now: now),
             try t.reportAggregates(ReportScope(openedSince: previousSince, openedBefore: since, grids: grids, staff: false), now: since),
             try t.reportTimeline(ranges, grids: grids), try t.deadlineColours(grids: grids, now: now),
             try t.tasks(publishedSince: previousSince), try t.taskClaims(publishedSince: previousSince))
        }
        var current = engine.report(currentFigures, since: since)
        var previous = engine.report(previousFigures, since: previousSince)
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
        if grids == nil {
            // 双报到 and the three lists are the community's, as in `linli report`: an admin's page only.
            let numbers = Set(inScope.filter { $0.publishedAt >= since }.map(\.number))
            current.lists = try engine.store.read { try engine.listFigures(in: $0, since: since, claims: claims.filter { numbers.contains($0.task) }) }
        }
        var charts = Charts()
        charts.fillTimeline(opened: timeline.opened, resolved: timeline.resolved, since: since, days: days, calendar: calendar)
        charts.colours = DeadlineColour.allCases.map(engine.colourName) + [engine.consoleWords("no_deadline")]
        charts.colourIDs = DeadlineColour.allCases.map(\.rawValue) + [""]
        charts.colourCounts = DeadlineColour.allCases.map { colours[$0] ?? 0 } + [colours[nil] ?? 0]
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
    /// The step of the timeline: a day, or a week (from `since`) when the period is longer than a month.
    static func step(days: Int) -> Int { days > 31 ? 7 : 1 }

    /// The timeline's buckets as ranges of time: each local day (or week) from `since`, the
    /// last one up to `now` included.
    static func ranges(since: Date, now: Date, days: Int, calendar: Calendar) -> [Range<Date>] {
        let step = step(days: days)
        let count = (days + step - 1) / step
        let starts = (0..<count).map { calendar.date(byAdding: .day, value: $0 * step, to: since) ?? since }
        // A millisecond past `now`, as stored dates are milliseconds: what was opened at `now` counts.
        let end = Date(millisecondsSince1970: now.millisecondsSince1970 + 1)
        return starts.indices.map { index in
            let upper = index + 1 < starts.count ? min(starts[index + 1], end) : end
            return starts[index]..<max(starts[index], upper)
        }
    }

    /// Requests opened and resolutions (办结 in the history, whenever the request was opened)
    /// per bucket of `ranges(since:now:days:calendar:)`, as the store counted them.
    mutating func fillTimeline(opened: [Int], resolved: [Int], since: Date, days: Int, calendar: Calendar) {
        let step = Self.step(days: days)
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
        self.opened = opened
        self.resolved = resolved
    }
}

/// Reports already computed, kept at most `lifetime` seconds: the report page aggregates two
/// periods in the store, which at 100,000 requests still takes longer than a page may (a few
/// hundred milliseconds on SQLite), and a minute-old figure is as good as a fresh one for an office.
///
/// A report older than `refreshAfter` is still served, and made afresh off the request
/// (`refreshing(_:now:)`), so that an office that keeps the page open never waits for it; one
/// older than `lifetime` is never served. A report viewed in the last `keepWarmFor` is also
/// made afresh by `ConsoleReportWarmer` before it grows old (`warmable(now:)`), so that a view
/// after a quiet minute does not wait either.
public final class ConsoleReportCache: Sendable {
    /// Makes a report as of the given time.
    typealias Maker = @Sendable (Date) throws -> ConsoleReport

    let lifetime: TimeInterval
    let refreshAfter: TimeInterval
    let keepWarmFor: TimeInterval
    private struct State {
        var entries: [String: (made: Date, report: ConsoleReport)] = [:]
        var refreshing: Set<String> = []
        /// Each key's last view and how to make it again.
        var viewed: [String: (at: Date, make: Maker)] = [:]
    }
    private let state = Mutex(State())

    /// A cache whose reports live a minute, are made afresh after 40 s, and are kept warm for
    /// half an hour after their last view.
    public convenience init() {
        self.init(lifetime: 60, refreshAfter: 40, keepWarmFor: 30 * 60)
    }

    init(lifetime: TimeInterval, refreshAfter: TimeInterval, keepWarmFor: TimeInterval = 30 * 60) {
        self.lifetime = lifetime
        self.refreshAfter = refreshAfter
        self.keepWarmFor = keepWarmFor
    }

    /// The report under `key` if it was made less than `lifetime` before `now`, else `make`'s
    /// as of `now`, kept. The view is remembered, with `make`, for keeping the report warm.
    func report(_ key: String, now: Date, make: @escaping Maker) throws -> ConsoleReport {
        let cached: (made: Date, report: ConsoleReport)? = state.withLock { state in
            state.viewed[key] = (now, make)
            return state.entries[key]
        }
        if let cached, now >= cached.made, now.timeIntervalSince(cached.made) < lifetime {
            return cached.report
        }
        return store(key, now: now, try make(now))
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

    /// Makes the report under `key` afresh after `refreshing(_:now:)` or `warmable(now:)` said so.
    func refreshed(_ key: String, now: Date, make: Maker) throws {
        defer { _ = state.withLock { $0.refreshing.remove(key) } }
        _ = store(key, now: now, try make(now))
    }

    /// The reports viewed within `keepWarmFor` of `now` that are missing or older than
    /// `refreshAfter` and not being made already, each marked as being made; the caller makes
    /// each with `refreshed(_:now:make:)`. Keys not viewed for longer are forgotten.
    func warmable(now: Date) -> [(key: String, make: Maker)] {
        state.withLock { state in
            state.viewed = state.viewed.filter { now.timeIntervalSince($0.value.at) <= keepWarmFor }
            state.entries = state.entries.filter { state.viewed[$0.key] != nil }
            var due: [(key: String, make: Maker)] = []
            for (key, view) in state.viewed.sorted(by: { $0.key < $1.key }) where !state.refreshing.contains(key) {
                if let entry = state.entries[key], now.timeIntervalSince(entry.made) < refreshAfter { continue }
                state.refreshing.insert(key)
                due.append((key, view.make))
            }
            return due
        }
    }

    /// Remembers `key` as viewed at `now`, so that the warmer makes it before anyone asks
    /// (the office's default page, at start).
    func prewarm(_ key: String, now: Date, make: @escaping Maker) {
        state.withLock { $0.viewed[key] = (now, make) }
    }

    private func store(_ key: String, now: Date, _ report: ConsoleReport) -> ConsoleReport {
        state.withLock { $0.entries[key] = (now, report) }
        return report
    }
}
