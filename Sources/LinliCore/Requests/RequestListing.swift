import Foundation

/// A desk's list of requests: a ``RequestQuery`` and the filters the console adds (an end
/// date, the claimer, a search box), newest first, at most `limit` of them.
public struct RequestListing: Sendable, Equatable {
    /// The filters stores already answer by their indexed columns.
    public var query: RequestQuery
    /// Only requests opened before this date.
    public var openedBefore: Date?
    /// Only requests this staff member claimed.
    public var claimer: String?
    /// Only requests a staff member works on; nil for everything (an admin).
    public var scope: RequestScope?
    /// Only requests whose current deadline has this colour at this time, read from the due
    /// times every save stores (`ServiceRequest.reportDueTimes`, the columns `yellow_at`, `red_at`).
    public var colour: ColourFilter?

    /// A deadline colour at a time.
    public struct ColourFilter: Sendable, Equatable {
        /// The colour.
        public var colour: DeadlineColour
        /// When.
        public var at: Date

        /// Creates a filter.
        public init(_ colour: DeadlineColour, at: Date) {
            self.colour = colour
            self.at = at
        }

        /// The colour of a stage turning yellow at `yellowAt` and red at `redAt`, at `at`;
        /// nil without a deadline. The stores' SQL says the same of their columns.
        public static func colour(yellowAt: Date?, redAt: Date?, at: Date) -> DeadlineColour? {
            guard let redAt else { return nil }
            if let yellowAt, at < yellowAt { return .green }
            return at < redAt ? .yellow : .red
        }
    }
    /// Digits: a request number, or (four of them) the last four digits of its phone number.
    /// Anything else: words of the resident's text.
    public var search: String?
    /// At most this many, the newest.
    public var limit: Int

    /// Creates a listing; no filter beyond `query`, and 200 requests.
    public init(query: RequestQuery = RequestQuery(), openedBefore: Date? = nil, claimer: String? = nil, scope: RequestScope? = nil,
                colour: ColourFilter? = nil, search: String? = nil, limit: Int = 200) {
        self.query = query
        self.openedBefore = openedBefore
        self.claimer = claimer
        self.scope = scope
        self.colour = colour
        let trimmed = search?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.search = trimmed?.isEmpty == false ? trimmed : nil
        self.limit = limit
    }

    /// The search read as a request number, when it is all ASCII digits.
    public var searchNumber: Int? {
        guard let search, search.count <= 9, search.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(search)
    }

    /// The search read as the end of a phone number: exactly four ASCII digits.
    public var phoneSuffix: String? {
        guard let search, search.count == 4, searchNumber != nil else { return nil }
        return search
    }

    /// Whether `request` matches: the query, the dates and claimer, and the search (digits:
    /// its number or the end of its phone slot; anything else: a part of the resident's text).
    /// Digits are not looked for in the text, so that a number search reads two indexes
    /// rather than every request's words.
    public func matches(_ request: ServiceRequest) -> Bool {
        guard query.matches(request) else { return false }
        if let openedBefore, request.openedAt >= openedBefore { return false }
        if let claimer, request.claimer != claimer { return false }
        if let scope, !scope.contains(request) { return false }
        if let colour, ColourFilter.colour(yellowAt: request.reportDueTimes?.yellowAt, redAt: request.reportDueTimes?.redAt,
                                           at: colour.at) != colour.colour { return false }
        if let search {
            if let number = searchNumber {
                let byPhone = phoneSuffix.map { request.slots["phone"]?.hasSuffix($0) == true } ?? false
                guard number == request.number || byPhone else { return false }
            } else if !request.text.contains(search) {
                return false
            }
        }
        return true
    }
}

extension StoreTransaction {
    /// Reads `listing.query` whole and filters it in memory: correct on any store, but it
    /// reads every request the query names; stores answer from their columns instead.
    public func requestsRead(_ listing: RequestListing) throws -> [ServiceRequest] {
        Array(try requests(listing.query).reversed().lazy.filter(listing.matches).prefix(listing.limit))
    }
}
