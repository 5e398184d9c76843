extension WeCom.Endpoint {
    /// Settings of one WeCom app callback URL.
    public struct Configuration: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
        /// The callback Token; a secret.
        public var token: String
        /// The CorpID (`ww…`), bound into every ciphertext.
        public var corpID: String
        /// The 43-character EncodingAESKey; a secret.
        public var encodingAESKey: String
        /// The app's AgentID; when set, decrypted pushes naming another app are refused.
        public var agentID: Int?
        /// How far a request's timestamp may be from server time.
        public var timestampWindow: TimestampWindow
        /// The largest body accepted, in bytes.
        public var maxBodySize: Int

        /// Creates a configuration.
        public init(
            token: String, corpID: String, encodingAESKey: String, agentID: Int? = nil,
            timestampWindow: TimestampWindow = TimestampWindow(), maxBodySize: Int = 65_536
        ) {
            self.token = token
            self.corpID = corpID
            self.encodingAESKey = encodingAESKey
            self.agentID = agentID
            self.timestampWindow = timestampWindow
            self.maxBodySize = maxBodySize
        }

        /// The configuration with its secrets redacted, safe to log.
        public var description: String {
            "WeCom.Endpoint.Configuration(corpID: \(corpID), agentID: \(agentID.map(String.init) ?? "nil"), "
                + "token: <redacted>, encodingAESKey: <redacted>, tolerance: \(timestampWindow.tolerance) s, maxBodySize: \(maxBodySize))"
        }

        /// Same as ``description``: secrets stay out of debug output too.
        public var debugDescription: String {
            description
        }
    }
}
