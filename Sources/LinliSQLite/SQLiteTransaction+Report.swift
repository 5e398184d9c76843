import Foundation
import GRDB
import LinliCore

/// The report's reads (`ReportReading`): `ReportSQL`'s aggregate queries over the
/// `report-columns` columns.
extension SQLiteTransaction {
    func reportAggregates(_ scope: ReportScope, now: Date) throws -> ReportAggregates {
        try withStoreErrors("aggregating the report") {
            let counts = try rows(ReportSQL.counts(scope, now: now)).map { row in
                (intent: row[0] as String, grid: row[1] as String, figures: (2..<16).map { row[$0] as Int64 })
            }
            func times(resolve: Bool) throws -> [ReportSQL.TimedRequest] {
                try rows(ReportSQL.medianValues(scope, resolve: resolve)).map { ($0[0], $0[1], $0[2]) }
            }
            return ReportSQL.assemble(
                counts: counts, claimTimes: try times(resolve: false), resolveTimes: try times(resolve: true),
                staff: try rows(ReportSQL.staff(scope)).map { ($0[0], $0[1], $0[2], $0[3], $0[4]) },
                minutes: try rows(ReportSQL.minutesByClaimer(scope)).map { ($0[0], $0[1]) })
        }
    }

    func reportTimeline(_ ranges: [Range<Date>], grids: Set<String>?) throws -> (opened: [Int], resolved: [Int]) {
        guard !ranges.isEmpty else { return ([], []) }
        return try withStoreErrors("counting the report's timeline") {
            var opened = Array(repeating: 0, count: ranges.count), resolved = opened
            for row in try rows(ReportSQL.timeline(ranges, grids: grids)) {
                let index: Int = row[0]
                opened[index] = row[1]
                resolved[index] = row[2]
            }
            return (opened, resolved)
        }
    }

    func deadlineColours(grids: Set<String>?, now: Date) throws -> [DeadlineColour?: Int] {
        try withStoreErrors("counting open requests by colour") {
            var counts: [DeadlineColour?: Int] = [:]
            for row in try rows(ReportSQL.colours(grids: grids, now: now)) {
                counts[DeadlineColour(rawValue: row[0] as String)] = row[1]
            }
            return counts
        }
    }

    func requestsWithStaleReportFacts(digest: String, limit: Int) throws -> [ServiceRequest] {
        try withStoreErrors("reading requests with stale report facts") {
            // Two ranges rather than `<>`, so that the index answers when nothing is stale.
            try RequestRecord.fetchAll(db, sql: """
                SELECT * FROM request WHERE deadline_digest IS NULL OR deadline_digest < ? OR deadline_digest > ?
                ORDER BY number LIMIT ?
                """, arguments: [digest, digest, limit]).map(request)
        }
    }

    private func rows(_ statement: ReportSQL.Statement) throws -> [Row] {
        let arguments = StatementArguments(statement.values.map { value -> DatabaseValue in
            switch value {
            case .integer(let number): return number.databaseValue
            case .text(let text): return text.databaseValue
            }
        })
        return try Row.fetchAll(db, sql: statement.sql, arguments: arguments)
    }
}
