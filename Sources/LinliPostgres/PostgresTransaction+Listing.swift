import Foundation
import LinliCore
import PostgresNIO

extension PostgresTransaction {
    /// The console's queue in SQL: the query's column conditions, the end date, claimer and
    /// search, newest first. `matches` still decides (followers, grids ""); the SQL limit is
    /// loose by a margin for the rare row it refuses, and the answer is cut to the limit.
    func requests(_ listing: RequestListing) throws -> [ServiceRequest] {
        try withStoreErrors("requests of a console listing") {
            var filter = try RequestFilter(listing.query)
            if let openedBefore = listing.openedBefore { filter.add("opened_at < ?", openedBefore.millisecondsSince1970) }
            if let claimer = listing.claimer { filter.add("claimer = ?", claimer) }
            if let number = listing.searchNumber {
                // Bound as text (the binder takes one type per condition) and cast back; the
                // phone's tail is the expression of the index request_on_phone_tail.
                if let suffix = listing.phoneSuffix {
                    filter.add("(number = CAST(? AS BIGINT) OR right((body::jsonb)->'slots'->>'phone', 4) = ?)", String(number), suffix)
                } else {
                    filter.add("number = ?", number)
                }
            } else if let search = listing.search {
                filter.add("strpos((body::jsonb)->>'text', ?) > 0", search)
            }
            let loose = listing.limit > 1_000_000 ? nil : listing.limit * 2 + 10
            guard let sql = filter.select("body, \(Self.followersColumn)", limit: loose, newestFirst: true) else {
                return []
            }
            var listed = listing
            listed.query = RequestFilter.rounded(listing.query)
            return Array(try session.run(sql).rows.map(Self.request).filter(listed.matches).prefix(listing.limit))
        }
    }
}
