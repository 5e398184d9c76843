import Foundation
import LinliCore
import PostgresNIO

extension PostgresTransaction {
    /// The console's queue in SQL: the query's column conditions, the end date, claimer and
    /// search, newest first. `matches` still decides (followers, grids ""); the SQL limit is
    /// loose by a margin for the rare row it refuses, and the answer is cut to the limit.
    /// The last four digits of the body's phone slot: the expression of the index
    /// request_on_phone_tail (migration console-indexes), which it must match to the letter.
    static let phoneTail = #"substring(body from '"phone":"[^"]*([0-9]{4})"')"#

    func requests(_ listing: RequestListing) throws -> [ServiceRequest] {
        try withStoreErrors("requests of a console listing") {
            var filter = try RequestFilter(listing.query)
            if let openedBefore = listing.openedBefore { filter.add("opened_at < ?", openedBefore.millisecondsSince1970) }
            if let claimer = listing.claimer { filter.add("claimer = ?", claimer) }
            if let scope = listing.scope { filter.add(scope) }
            if let colour = listing.colour {
                let at = colour.at.millisecondsSince1970
                switch colour.colour {
                case .green: filter.add("(red_at IS NOT NULL AND yellow_at > ?)", at)
                case .yellow: filter.add("(red_at > ? AND (yellow_at IS NULL OR yellow_at <= ?))", at, at)
                case .red: filter.add("red_at <= ?", at)
                }
            }
            // The body is read as text, never cast to jsonb: a stored body may hold a `\u0000`
            // escape, which jsonb refuses, and one such request would fail every search.
            if let number = listing.searchNumber {
                // Bound as text (the binder takes one type per condition) and cast back; the
                // phone's tail is the expression of the index request_on_phone_tail.
                if let suffix = listing.phoneSuffix {
                    filter.add("(number = CAST(? AS BIGINT) OR \(Self.phoneTail) = ?)", String(number), suffix)
                } else {
                    filter.add("number = ?", number)
                }
            } else if let search = listing.search, !search.contains(where: { $0 == "\"" || $0 == "\\" || $0.isASCII && $0.asciiValue! < 0x20 }) {
                // A prefilter over the whole body (the words are stored unescaped); `matches`
                // keeps those whose text holds the words.
                filter.add("strpos(body, ?) > 0", search)
            }
            // A text search's prefilter lets through requests whose other fields hold the words:
            // no SQL limit then, `matches` and the cut below decide.
            let loose = listing.limit > 1_000_000 || listing.searchNumber == nil && listing.search != nil ? nil : listing.limit * 2 + 10
            guard let sql = filter.select("body, \(Self.followersColumn)", limit: loose, newestFirst: true) else {
                return []
            }
            var listed = listing
            listed.query = RequestFilter.rounded(listing.query)
            return Array(try session.run(sql).rows.map(Self.request).filter(listed.matches).prefix(listing.limit))
        }
    }
}
