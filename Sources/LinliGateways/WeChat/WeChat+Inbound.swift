extension WeChat {
    /// A decoded push: the message, the mode it came in, and the request values a reply reuses.
    public struct Inbound: Sendable, Equatable {
        /// The authenticated message.
        public var message: Message
        /// The mode the push arrived in; reply in the same mode.
        public var mode: Mode
        /// The request's `timestamp` parameter.
        public var timestamp: String
        /// The request's `nonce`, which the official samples echo in the encrypted reply.
        public var nonce: String

        /// Creates an inbound push.
        public init(message: Message, mode: Mode, timestamp: String, nonce: String) {
            self.message = message
            self.mode = mode
            self.timestamp = timestamp
            self.nonce = nonce
        }
    }
}
