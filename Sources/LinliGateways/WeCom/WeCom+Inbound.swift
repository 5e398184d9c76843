extension WeCom {
    /// A decoded push with the request values a reply reuses.
    public struct Inbound: Sendable, Equatable {
        /// The authenticated message, taken from the ciphertext (the outer `ToUserName`/`AgentID` are not trusted).
        public var message: Message
        /// The request's `timestamp` parameter.
        public var timestamp: String
        /// The request's `nonce`, echoed in the encrypted reply.
        public var nonce: String

        /// Creates an inbound push.
        public init(message: Message, timestamp: String, nonce: String) {
            self.message = message
            self.timestamp = timestamp
            self.nonce = nonce
        }
    }
}
