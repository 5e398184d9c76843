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
            if let search = listing.search {
                var alternatives = ["instr(json_extract(body, '$.text'), ?) > 0"]
                arguments.append(search)
                if let number = listing.searchNumber {
                    alternatives.append("number = ?")
                    arguments.append(number)
                }
                if let suffix = listing.phoneSuffix {
                    alternatives.append("substr(json_extract(body, '$.slots.phone'), -4) = ?")
                    arguments.append(suffix)
                }
                conditions.append("(" + alternatives.joined(separator: " OR ") + ")")
            }
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
