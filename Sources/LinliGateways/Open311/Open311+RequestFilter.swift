import Foundation

extension Open311 {
    /// The query of `GET requests.json|xml`, checked: which requests a client asks for.
    public struct RequestFilter: Sendable, Equatable {
        /// The spec's default window when no dates are given, and the longest one allowed.
        public static let window: TimeInterval = 90 * 86_400
        /// The most requests one answer lists (the spec's default of 1,000).
        public static let limit = 1_000

        /// `service_request_id`: these ids only, the first ``limit`` of them; the spec has them
        /// override every other parameter.
        public var ids: [String]?
        /// `service_code`: requests of these services only (comma-separated).
        public var serviceCodes: Set<String>?
        /// Requests opened at or after this.
        public var start: Date?
        /// Requests opened at or before this.
        public var end: Date?
        /// `status`: only open (true) or only closed (false) requests; nil for both.
        public var open: Bool?

        /// The filter of `requests/{id}`: these ids, nothing else.
        public init(ids: [String]) {
            self.ids = ids
        }

        /// Reads `query` (decoded parameters); `now` places the default 90-day window.
        ///
        /// - Throws: `GatewayError.malformedParameter` naming the parameter for a date without its
        ///   zone, a status other than open and closed, an end before the start, or a window longer than 90 days.
        public init(query: [String: String], now: Date) throws(GatewayError) {
            if let ids = Self.list(query["service_request_id"]) {
                self.ids = Array(ids.prefix(Self.limit))
                return
            }
            serviceCodes = Self.list(query["service_code"]).map { Set($0) }
            if let given = query["status"] {
                // Present but empty is no status at all, not "any": the client meant something.
                let wanted = Set((Self.list(given) ?? []).map { $0.lowercased() })
                guard !wanted.isEmpty, wanted.isSubset(of: ["open", "closed"]) else {
                    throw GatewayError(.malformedParameter, "status is open or closed", value: "status")
                }
                open = wanted.count == 1 ? wanted.contains("open") : nil
            }
            let start = try Self.date("start_date", in: query)
            let end = try Self.date("end_date", in: query)
            if let start, let end {
                guard start <= end else {
                    throw GatewayError(.malformedParameter, "end_date is before start_date", value: "end_date")
                }
                guard end.timeIntervalSince(start) <= Self.window else {
                    throw GatewayError(.malformedParameter, "start_date to end_date spans more than 90 days", value: "start_date")
                }
            }
            self.start = start ?? (end ?? now).addingTimeInterval(-Self.window)
            self.end = end
        }

        /// Whether a request of `code`, opened at `opened`, open or not, passes the filter's
        /// codes, dates and status (ids are looked up, not matched).
        public func matches(code: String, opened: Date, isOpen: Bool) -> Bool {
            if let serviceCodes, !serviceCodes.contains(code) { return false }
            if let start, opened < start { return false }
            if let end, opened > end { return false }
            if let open, open != isOpen { return false }
            return true
        }

        private static func list(_ value: String?) -> [String]? {
            guard let value else { return nil }
            let items = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return items.isEmpty ? nil : items
        }

        private static func date(_ name: String, in query: [String: String]) throws(GatewayError) -> Date? {
            // An empty value is not a datetime: taking it as absent would widen the window unasked.
            guard let text = query[name] else { return nil }
            guard let date = Datetime.parse(text) else {
                throw GatewayError(.malformedParameter, "\(name) is not an ISO 8601 datetime with its zone", value: name)
            }
            return date
        }
    }
}
