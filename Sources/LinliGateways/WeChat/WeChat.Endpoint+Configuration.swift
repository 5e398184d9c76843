extension WeChat.Endpoint {
    /// Settings of one Official Account callback URL.
    public struct Configuration: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
        /// The Token of the server configuration (not an access_token); a secret.
        public var token: String
        /// The account's AppID, bound into every ciphertext.
        public var appID: String
        /// The 43-character EncodingAESKey; nil for an account in plain mode. A secret.
        public var encodingAESKey: String?
        /// Whether plaintext pushes are accepted. Off whenever a key is set, so a pushed-down
        /// request without `encrypt_type` cannot bypass the body-covering `msg_signature`.
        public var acceptsPlaintext: Bool
        /// How far a request's timestamp may be from server time.
        public var timestampWindow: TimestampWindow
        /// The largest body accepted, in bytes.
        public var maxBodySize: Int

        /// Creates a configuration; `acceptsPlaintext` defaults to true only when no key is given.
        public init(
            token: String, appID: String, encodingAESKey: String? = nil, acceptsPlaintext: Bool? = nil,
            timestampWindow: TimestampWindow = TimestampWindow(), maxBodySize: Int = 65_536
        ) {
            self.token = token
            self.appID = appID
            self.encodingAESKey = encodingAESKey
            self.acceptsPlaintext = acceptsPlaintext ?? (encodingAESKey == nil)
            self.timestampWindow = timestampWindow
            self.maxBodySize = maxBodySize
        }

        /// The configuration with its secrets redacted, safe to log.
        public var description: String {
            "WeChat.Endpoint.Configuration(appID: \(appID), token: <redacted>, encodingAESKey: "
                + (encodingAESKey == nil ? "nil" : "<redacted>")
                + ", acceptsPlaintext: \(acceptsPlaintext), tolerance: \(timestampWindow.tolerance) s, maxBodySize: \(maxBodySize))"
        }

        /// Same as ``description``: secrets stay out of debug output too.
        public var debugDescription: String {
            description
        }
    }
}
