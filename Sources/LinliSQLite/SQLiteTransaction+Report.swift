import Foundation
import GRDB
import LinliCore

/// The report's reads (`ReportReading`): `ReportSQL`'s aggregate queries over the
/// `report-columns` columns.
extension SQLiteTransaction {
    func reportAggregates(_ scope: ReportScope, now: Date) throws -> ReportAggregates {
        try withStoreErrors("aggregating the report") {
            let counts = try rows(ReportSQL.counts(scope, now: now)) { row in
                (intent: row[0] as String, grid: row[1] as String, claimer: row[2] as String?, figures: (3..<17).map { row[$0] as Int64 })
            }
            func times(resolve: Bool) throws -> [ReportSQL.TimedRequest] {
                try rows(ReportSQL.medianValues(scope, resolve: resolve)) { ($0[0], $0[1], $0[2]) }
            }
            return ReportSQL.assemble(
                counts: counts, claimTimes: try times(resolve: false), resolveTimes: try times(resolve: true),
                staff: scope.staff ? try rows(ReportSQL.staff(scope)) { ($0[0], $0[1], $0[2], $0[3], $0[4]) } : [])
        }
    }

    func reportTimeline(_ ranges: [Range<Date>], grids: Set<String>?) throws -> (opened: [Int], resolved: [Int]) {
        guard !ranges.isEmpty else { return ([], []) }
        return try withStoreErrors("counting the report's timeline") {
            var opened = Array(repeating: 0, count: ranges.count), resolved = opened
            for (index, count, resolutions) in try rows(ReportSQL.timeline(ranges, grids: grids), { row -> (Int, Int, Int) in
                (row[0], row[1], row[2])
            }) {
                opened[index] = count
                resolved[index] = resolutions
            }
            return (opened, resolved)
        }
    }

    func deadlineColours(grids: Set<String>?, now: Date) throws -> [DeadlineColour?: Int] {
        try withStoreErrors("counting open requests by colour") {
            var counts: [DeadlineColour?: Int] = [:]
            for (colour, count) in try rows(ReportSQL.colours(grids: grids, now: now), { row -> (String, Int) in (row[0], row[1]) }) {
                counts[DeadlineColour(rawValue: colour)] = count
            }
            return counts
        }
    }

    func requestsWithStaleReportFacts(digest: String, limit: Int) throws -> [ServiceRequest] {
        try withStoreErrors("reading requests with stale report facts") {
            // Two ranges rather than `<>`, and no order, so that the index answers when nothing
            // is stale (ordered by number, SQLite reads the whole table instead).
            try RequestRecord.fetchAll(db, sql: """
                SELECT * FROM request WHERE deadline_digest IS NULL OR deadline_digest < ? OR deadline_digest > ? LIMIT ?
                """, arguments: [digest, digest, limit]).map(request)
        }
    }

    /// `statement`'s rows, each read by `read`: through a cursor, whose row is not copied (the
    /// sorted times are tens of thousands of rows, and copying each cost more than the query).
    private func rows<T>(_ statement: ReportSQL.Statement, _ read: (Row) throws -> T) throws -> [T] {
        let arguments = StatementArguments(statement.values.map { value -> DatabaseValue in
            switch value {
            case .integer(let number): return number.databaseValue
            case .text(let text): return text.databaseValue
            }
        })
        let cursor = try Row.fetchCursor(db, sql: statement.sql, arguments: arguments)
        var result: [T] = []
        while let row = try cursor.next() { result.append(try read(row)) }
        return result
    }
}
