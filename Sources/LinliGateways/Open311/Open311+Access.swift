import Crypto

extension Open311 {
    /// Who may write through `/open311/v2`: the configured `open311.api_key` and the optional
    /// `open311.jurisdiction_id`.
    public struct Access: Sendable, CustomStringConvertible {
        /// The key a POST must carry; nil turns POST off.
        public var apiKey: String?
        /// The one jurisdiction served; nil accepts any `jurisdiction_id` (or none).
        public var jurisdictionID: String?

        /// Creates the access settings; empty strings count as unset.
        public init(apiKey: String? = nil, jurisdictionID: String? = nil) {
            self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
            self.jurisdictionID = jurisdictionID.flatMap { $0.isEmpty ? nil : $0 }
        }

        /// Whether `given` names the jurisdiction served. The spec makes `jurisdiction_id`
        /// necessary only where an endpoint serves several, so an absent one always passes.
        public func admits(jurisdiction given: String?) -> Bool {
            guard let jurisdictionID, let given, !given.isEmpty else { return true }
            return given == jurisdictionID
        }

        /// Whether `given` is the configured key; false for every key when none is configured.
        public func admits(apiKey given: String?) -> Bool {
            guard let apiKey, let given else { return false }
            return ConstantTime.equals(given, apiKey)
        }

        /// The reporter of requests posted with `key`: an id of its own channel, derived from the
        /// key so that nothing stored or logged reveals it, and stable while the key is.
        public static func reporter(forKey key: String) -> String {
            let digest = SHA256.hash(data: Array("linli-open311-reporter\u{0}\(key)".utf8))
            return "\(reporterChannel):\(digest.prefix(8).lowercaseHex)"
        }

        /// The channel of reporters posting through Open311. Letters only, as user ids' channels
        /// are: those clients poll `/open311/v2` for news; nothing is sent to them.
        public static let reporterChannel = "georeport"

        public var description: String {
            "Open311.Access(apiKey: \(apiKey == nil ? "none" : "<redacted>"), jurisdictionID: \(jurisdictionID ?? "any"))"
        }
    }
}
