import Foundation

/// The report's aggregate queries, in the SQL both stores speak (SQLite ≥ 3.30 and
/// PostgreSQL: `FILTER`, a window function, `?` for each value in order, which the PostgreSQL
/// store numbers), over the `request` columns of migration `report-columns` and the `event`
/// table; and the assembly of their rows into `ReportAggregates`. One text for both stores,
/// so that they cannot count differently.
public enum ReportSQL {
    /// A value bound to a `?`.
    public enum Value: Sendable, Equatable {
        case integer(Int64)
        case text(String)
    }

    /// A statement and its values, in order.
    public struct Statement: Sendable {
        public var sql: String
        public var values: [Value]
    }

    /// The statuses staff still work on, as SQL.
    static let active = "('open', 'assigned', 'claimed', 'reopened')"
    static let done = "('resolved', 'rated')"

    /// The condition selecting the requests of `scope` (with `prefix` before column names).
    static func condition(_ scope: ReportScope, prefix: String = "") -> Statement {
        var (parts, values) = period(of: "\(prefix)opened_at", scope)
        if let grids = scope.grids {
            let grid = grids.condition(prefix: prefix)
            parts.append(grid.sql)
            values += grid.values
        }
        return Statement(sql: parts.isEmpty ? "1 = 1" : parts.joined(separator: " AND "), values: values)
    }

    /// The conditions keeping `column` within the scope's period, and their values.
    static func period(of column: String, _ scope: ReportScope) -> (parts: [String], values: [Value]) {
        var parts: [String] = [], values: [Value] = []
        if let since = scope.openedSince {
            parts.append("\(column) >= ?")
            values.append(.integer(since.millisecondsSince1970))
        }
        if let before = scope.openedBefore {
            parts.append("\(column) < ?")
            values.append(.integer(before.millisecondsSince1970))
        }
        return (parts, values)
    }

    /// Counts and sums per intent, grid and claimer (for the volunteer hours of party
    /// members); columns: intent, grid, claimer (or NULL), then the figures in the order
    /// `assemble` reads them.
    public static func counts(_ scope: ReportScope, now: Date) -> Statement {
        let scoped = condition(scope)
        let sql = """
            SELECT intent, COALESCE(grid, 'none'), claimer, COUNT(*),
                COUNT(*) FILTER (WHERE status = 'cancelled'),
                COUNT(claimed_at),
                COUNT(*) FILTER (WHERE status IN \(done)),
                COUNT(*) FILTER (WHERE resolved_at IS NOT NULL AND status <> 'cancelled'),
                COUNT(rating),
                CAST(COALESCE(SUM(rating), 0) AS BIGINT),
                COUNT(*) FILTER (WHERE rating >= 4),
                CAST(COALESCE(SUM(service_minutes) FILTER (WHERE status IN \(done)), 0) AS BIGINT),
                COUNT(*) FILTER (WHERE claimed_at IS NOT NULL AND (claim_due_at IS NULL OR claimed_at <= claim_due_at)),
                COUNT(*) FILTER (WHERE resolved_at IS NOT NULL AND status <> 'cancelled'
                                 AND (resolve_due_at IS NULL OR resolved_at <= resolve_due_at)),
                COUNT(*) FILTER (WHERE reopened = 1),
                COUNT(*) FILTER (WHERE status IN \(active) AND red_at <= ?),
                CAST(COALESCE(SUM(extensions), 0) AS BIGINT)
            FROM request WHERE \(scoped.sql)
            GROUP BY intent, COALESCE(grid, 'none'), claimer
            """
        return Statement(sql: sql, values: [.integer(now.millisecondsSince1970)] + scoped.values)
    }

    /// The time from opening to the first claim (`resolve` false) or to resolution (`resolve`
    /// true), in milliseconds, of each request of the scope that has one, smallest first;
    /// columns: intent, grid, value. `assemble` takes the middle of each group from them:
    /// SQLite's window functions (`ROW_NUMBER() OVER (PARTITION BY …)` over the three
    /// groupings) took 250 ms for 33,000 requests where this sort takes 10.
    public static func medianValues(_ scope: ReportScope, resolve: Bool) -> Statement {
        let scoped = condition(scope)
        let value = resolve ? "resolved_at - opened_at" : "claimed_at - opened_at"
        let which = resolve ? "resolved_at IS NOT NULL AND status IN \(done)" : "claimed_at IS NOT NULL"
        return Statement(sql: """
            SELECT intent, COALESCE(grid, 'none'), \(value) AS v FROM request WHERE \(which) AND \(scoped.sql) ORDER BY v
            """, values: scoped.values)
    }

    /// Per actor, from the history of the scope's requests in the scope's period: requests
    /// claimed, handed on, and resolved last (with their ratings); columns: actor, kind,
    /// count, rated, ratings' sum.
    public static func staff(_ scope: ReportScope) -> Statement {
        let scoped = condition(scope)
        let (window, eventValues) = period(of: "e.at", scope)
        let values = scoped.values + eventValues
        let sql = """
            WITH r AS (
                SELECT number, rating FROM request WHERE \(scoped.sql)
            ), e AS (
                SELECT e.request, e.kind, e.actor, e.at, e.id FROM event e JOIN r ON r.number = e.request
                WHERE e.kind IN ('claimed', 'reassigned', 'resolved')\(window.map { " AND " + $0 }.joined())
            ), last AS (
                SELECT request, actor, ROW_NUMBER() OVER (PARTITION BY request ORDER BY at DESC, id DESC) AS place
                FROM e WHERE kind = 'resolved'
            )
            SELECT actor, kind, COUNT(DISTINCT request), 0, 0 FROM e WHERE kind <> 'resolved' GROUP BY actor, kind
            UNION ALL
            SELECT l.actor, 'resolved', COUNT(*), COUNT(r.rating), CAST(COALESCE(SUM(r.rating), 0) AS BIGINT)
            FROM last l JOIN r ON r.number = l.request WHERE l.place = 1 GROUP BY l.actor
            """
        return Statement(sql: sql, values: values)
    }

    /// Requests opened and resolutions per range; columns: range index, opened, resolved.
    public static func timeline(_ ranges: [Range<Date>], grids: Set<String>?) -> Statement {
        var selects: [String] = [], values: [Value] = []
        let inGrids = grids.map { $0.condition(prefix: "") }
        for (index, range) in ranges.enumerated() {
            let lower = Value.integer(range.lowerBound.millisecondsSince1970), upper = Value.integer(range.upperBound.millisecondsSince1970)
            var opened = "SELECT COUNT(*) FROM request WHERE opened_at >= ? AND opened_at < ?"
            var resolved = "SELECT COUNT(*) FROM event WHERE kind = 'resolved' AND at >= ? AND at < ?"
            values += [lower, upper]
            if let inGrids {
                opened += " AND " + inGrids.sql
                values += inGrids.values
            }
            values += [lower, upper]
            if let inGrids {
                resolved += " AND request IN (SELECT number FROM request WHERE \(inGrids.sql))"
                values += inGrids.values
            }
            selects.append("SELECT \(index), (\(opened)), (\(resolved))")
        }
        return Statement(sql: selects.joined(separator: " UNION ALL "), values: values)
    }

    /// Active requests by colour at `now` ("" for no deadline); columns: colour, count.
    public static func colours(grids: Set<String>?, now: Date) -> Statement {
        let inGrids = grids.map { $0.condition(prefix: "") }
        let at = Value.integer(now.millisecondsSince1970)
        return Statement(sql: """
            SELECT CASE WHEN red_at IS NULL THEN '' WHEN ? < yellow_at THEN 'green' WHEN ? < red_at THEN 'yellow' ELSE 'red' END,
                   COUNT(*)
            FROM request WHERE status IN \(active)\(inGrids.map { " AND " + $0.sql } ?? "")
            GROUP BY 1
            """, values: [at, at] + (inGrids?.values ?? []))
    }

    /// One row of `medianValues`.
    public typealias TimedRequest = (intent: String, grid: String, value: Int64)

    /// The aggregates from the rows of `counts`, `medianValues` (claim, then resolve) and
    /// `staff`, each as decoded by the store: texts first, then integers.
    public static func assemble(counts: [(intent: String, grid: String, claimer: String?, figures: [Int64])],
                                claimTimes: [TimedRequest], resolveTimes: [TimedRequest],
                                staff: [(actor: String, kind: String, count: Int64, rated: Int64, ratingSum: Int64)]) -> ReportAggregates {
        var groups: [String: ReportAggregates.Group] = ["all:": .init(grouping: .all, key: "")]
        func add(_ figures: [Int64], to grouping: ReportAggregates.Grouping, _ key: String) {
            let id = grouping.rawValue + ":" + key
            var g = groups[id] ?? .init(grouping: grouping, key: key)
            let f = figures.map(Int.init)
            g.opened += f[0]; g.cancelled += f[1]; g.claimed += f[2]; g.resolved += f[3]; g.everResolved += f[4]
            g.rated += f[5]; g.ratingSum += f[6]; g.satisfied += f[7]; g.serviceMinutes += f[8]
            g.claimedInTime += f[9]; g.resolvedInTime += f[10]; g.reopened += f[11]; g.overdueOpen += f[12]; g.extensions += f[13]
            groups[id] = g
        }
        var minutes: [String: Int] = [:]
        for row in counts {
            if let claimer = row.claimer { minutes[claimer, default: 0] += Int(row.figures[8]) }
            add(row.figures, to: .all, "")
            add(row.figures, to: .intent, row.intent)
            add(row.figures, to: .grid, row.grid)
        }
        for (id, minutes) in medianMinutes(claimTimes) { groups[id]?.medianMinutesToClaim = minutes }
        for (id, minutes) in medianMinutes(resolveTimes) { groups[id]?.medianMinutesToResolve = minutes }
        var people: [String: ReportAggregates.Staff] = [:]
        for row in staff {
            var person = people[row.actor] ?? .init(id: row.actor)
            switch row.kind {
            case "claimed": person.claimed = Int(row.count)
            case "reassigned": person.reassigned = Int(row.count)
            default:
                person.resolved = Int(row.count)
                person.rated = Int(row.rated)
                person.ratingSum = Int(row.ratingSum)
            }
            people[row.actor] = person
        }
        return ReportAggregates(groups: groups.values.sorted { ($0.grouping.rawValue, $0.key) < ($1.grouping.rawValue, $1.key) },
                                staff: people.values.sorted { $0.id < $1.id },
                                serviceMinutesByClaimer: minutes.filter { $0.value > 0 })
    }
}

extension ReportSQL {
    /// The median in minutes of each group (`all:`, `intent:ID`, `grid:ID`) of `rows`, which
    /// are smallest first: the middle one, or the mean of the middle two.
    static func medianMinutes(_ rows: [TimedRequest]) -> [String: Double] {
        var all: [Int64] = [], byIntent: [String: [Int64]] = [:], byGrid: [String: [Int64]] = [:]
        all.reserveCapacity(rows.count)
        for row in rows {
            all.append(row.value)
            byIntent[row.intent, default: []].append(row.value)
            byGrid[row.grid, default: []].append(row.value)
        }
        func middle(_ sorted: [Int64]) -> Double {
            let half = sorted.count / 2
            let value = sorted.count % 2 == 1 ? Double(sorted[half]) : (Double(sorted[half - 1]) + Double(sorted[half])) / 2
            return value / 60_000
        }
        var medians: [String: Double] = all.isEmpty ? [:] : ["all:": middle(all)]
        for (intent, values) in byIntent { medians["intent:" + intent] = middle(values) }
        for (grid, values) in byGrid { medians["grid:" + grid] = middle(values) }
        return medians
    }
}

extension Set<String> {
    /// The condition matching requests in these grids as `RequestQuery.matches` does: a
    /// request with no grid is in grid "".
    func condition(prefix: String) -> ReportSQL.Statement {
        guard !isEmpty else { return ReportSQL.Statement(sql: "1 = 0", values: []) }
        let named = filter { !$0.isEmpty }.sorted()
        var parts = named.isEmpty ? [] : ["\(prefix)grid IN (" + named.map { _ in "?" }.joined(separator: ", ") + ")"]
        if contains("") { parts.append("\(prefix)grid IS NULL OR \(prefix)grid = ''") }
        return ReportSQL.Statement(sql: "(" + parts.joined(separator: " OR ") + ")", values: named.map { .text($0) })
    }
}
