import Foundation
import GRDB
import LinliCore

extension SQLiteTransaction {
    /// The console's queue in SQL: the query's column conditions, the end date, claimer and
    /// search, newest first and limited, so that a page of 200 reads 200 bodies whatever the
    /// table holds (the `console-indexes` migration gives the order its index).
    func requests(_ listing: RequestListing) throws -> [ServiceRequest] {
        try withStoreErrors("requests of a console listing") {
            var listing = listing
            listing.query = Self.rounded(listing.query)
            guard let narrowed = Self.conditions(listing.query) else { return [] }
            var (conditions, arguments) = narrowed
            if let openedBefore = listing.openedBefore {
                conditions.append("opened_at < ?")
                arguments.append(openedBefore.millisecondsSince1970)
            }
            if let claimer = listing.claimer {
                conditions.append("claimer = ?")
                arguments.append(claimer)
            }
            if let colour = listing.colour {
                let (condition, count) = Self.colourCondition(colour.colour)
                conditions.append(condition)
                arguments += Array(repeating: colour.at.millisecondsSince1970, count: count)
            }
            if let scope = listing.scope {
                let (condition, values) = Self.scopeCondition(scope)
                conditions.append(condition)
                arguments += values
            }
            if let number = listing.searchNumber {
                // The phone's tail is the expression of the index request_on_phone_tail.
                let byPhone = listing.phoneSuffix == nil ? "" : " OR substr(json_extract(body, '$.slots.phone'), -4) = ?"
                conditions.append("(number = ?\(byPhone))")
                arguments.append(number)
                if let suffix = listing.phoneSuffix { arguments.append(suffix) }
            } else if let search = listing.search {
                conditions.append("instr(json_extract(body, '$.text'), ?) > 0")
                arguments.append(search)
            }
            // Statuses are few and the open ones are the newest: reading in opening order and
            // stopping at the limit beats collecting every open request through the status
            // index and sorting them, which is what the planner picks without the `+`.
            conditions = conditions.map { $0.hasPrefix("status IN") ? "+" + $0 : $0 }
            // Rows the SQL lets through may still fail `matches` (followers, grids ""), so
            // the limit is applied after it: a cursor stops reading once it has enough.
            let cursor = try RequestRecord.fetchCursor(
                db, sql: "SELECT * FROM request \(Self.whereClause(conditions)) ORDER BY opened_at DESC, number DESC",
                arguments: StatementArguments(arguments))
            var found: [ServiceRequest] = []
            while found.count < listing.limit, let record = try cursor.next() {
                let request = try request(record)
                if listing.matches(request) { found.append(request) }
            }
            return found
        }
    }
}
