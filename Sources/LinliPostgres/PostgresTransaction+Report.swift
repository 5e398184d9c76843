import Foundation
import LinliCore
import PostgresNIO

/// The report's reads (`ReportReading`): `ReportSQL`'s aggregate queries over the
/// `report-columns` columns, as in the SQLite store.
extension PostgresTransaction {
    func reportAggregates(_ scope: ReportScope, now: Date) throws -> ReportAggregates {
        try withStoreErrors("aggregating the report") {
            let counts = try rows(ReportSQL.counts(scope, now: now)).map { row in
                (intent: try row[0].decode(String.self), grid: try row[1].decode(String.self), claimer: try row[2].decode(String?.self),
                 figures: try (3..<17).map { try row[$0].decode(Int64.self) })
            }
            func times(resolve: Bool) throws -> [ReportSQL.TimedRequest] {
                try rows(ReportSQL.medianValues(scope, resolve: resolve)).map { row in
                    (try row[0].decode(String.self), try row[1].decode(String.self), try row[2].decode(Int64.self))
                }
            }
            let staff = try (scope.staff ? rows(ReportSQL.staff(scope)) : []).map { row in
                (try row[0].decode(String.self), try row[1].decode(String.self), try row[2].decode(Int64.self),
                 try row[3].decode(Int64.self), try row[4].decode(Int64.self))
            }
            return ReportSQL.assemble(counts: counts, claimTimes: try times(resolve: false),
                                      resolveTimes: try times(resolve: true), staff: staff)
        }
    }

    func reportTimeline(_ ranges: [Range<Date>], grids: Set<String>?) throws -> (opened: [Int], resolved: [Int]) {
        guard !ranges.isEmpty else { return ([], []) }
        return try withStoreErrors("counting the report's timeline") {
            var opened = Array(repeating: 0, count: ranges.count), resolved = opened
            for row in try rows(ReportSQL.timeline(ranges, grids: grids)) {
                let index = try row[0].decode(Int.self)
                opened[index] = Int(try row[1].decode(Int64.self))
                resolved[index] = Int(try row[2].decode(Int64.self))
            }
            return (opened, resolved)
        }
    }

    func deadlineColours(grids: Set<String>?, now: Date) throws -> [DeadlineColour?: Int] {
        try withStoreErrors("counting open requests by colour") {
            var counts: [DeadlineColour?: Int] = [:]
            for row in try rows(ReportSQL.colours(grids: grids, now: now)) {
                counts[DeadlineColour(rawValue: try row[0].decode(String.self))] = Int(try row[1].decode(Int64.self))
            }
            return counts
        }
    }

    func requestsWithStaleReportFacts(digest: String, limit: Int) throws -> [ServiceRequest] {
        try withStoreErrors("reading requests with stale report facts") {
            // Two ranges rather than `<>`, and no order, so that the index answers when nothing
            // is stale; locked like any request read to be changed.
            try session.run("""
                SELECT body, \(unescaped: Self.followersColumn) FROM request
                WHERE deadline_digest IS NULL OR deadline_digest < \(digest) OR deadline_digest > \(digest)
                LIMIT \(Int64(max(0, limit)))\(unescaped: writes ? " FOR UPDATE" : "")
                """).rows.map(Self.request)
        }
    }

    /// Runs `statement`, its `?` numbered in order, and returns its rows for reading by column.
    private func rows(_ statement: ReportSQL.Statement) throws -> [PostgresRandomAccessRow] {
        var bindings = PostgresBindings()
        var sql = ""
        var values = statement.values[...]
        for character in statement.sql {
            if character == "?", let value = values.popFirst() {
                switch value {
                case .integer(let number): bindings.append(number)
                case .text(let text): bindings.append(text)
                }
                sql += "$\(bindings.count)"
            } else {
                sql.append(character)
            }
        }
        return try session.run(PostgresQuery(unsafeSQL: sql, binds: bindings)).rows.map(PostgresRandomAccessRow.init)
    }
}
