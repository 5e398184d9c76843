import Foundation

extension WeChat {
    /// The protocol side of one Official Account callback URL: URL verification, inbound
    /// pushes in all three modes, and passive replies. No HTTP: the server hands over the
    /// decoded query and the raw body and sends back the returned string.
    public struct Endpoint: Sendable {
        /// The answer that acknowledges a push without replying; never encrypted, in any mode.
        public static let acknowledgement = "success"

        /// The settings this endpoint was built with.
        public let configuration: Configuration
        private let envelope: EncryptedEnvelope?
        private let random: RandomSource
        private let reader: XML.Reader
        /// Which body each plain-mode query carried; shared by every copy of the endpoint.
        private let replays: ReplayCache

        /// Validates `configuration` (a non-empty token, a usable key if given) and builds the endpoint;
        /// `replays` remembers which body each plain-mode query carried.
        public init(
            configuration: Configuration, random: RandomSource = .system, replays: ReplayCache = ReplayCache()
        ) throws(GatewayError) {
            guard !configuration.token.isEmpty else {
                throw GatewayError(.invalidConfiguration, "token is empty", value: "token")
            }
            guard !configuration.appID.isEmpty else {
                throw GatewayError(.invalidConfiguration, "app id is empty", value: "appID")
            }
            self.configuration = configuration
            self.random = random
            self.replays = replays
            self.reader = XML.Reader(maxBytes: configuration.maxBodySize)
            if let key = configuration.encodingAESKey {
                let cipher = try MessageCipher(encodingAESKey: key, receiveID: configuration.appID)
                self.envelope = EncryptedEnvelope(
                    token: configuration.token, cipher: cipher, window: configuration.timestampWindow)
            } else {
                self.envelope = nil
            }
        }

        /// Answers `GET ?signature&timestamp&nonce&echostr`: the echostr, verbatim, when the
        /// 3-part signature holds, the timestamp is inside the window around `now`, and the
        /// echostr is a short token (the signature does not cover it, so it must not be able
        /// to carry markup back to whoever crafted the link).
        ///
        /// The same in every mode: 公众号 never encrypts `echostr`.
        public func verifyURL(query: [String: String], now: Date) throws(GatewayError) -> String {
            let signature = try QueryString.required("signature", in: query)
            let timestamp = try QueryString.required("timestamp", in: query)
            let nonce = try QueryString.required("nonce", in: query)
            let echo = try QueryString.required("echostr", in: query)
            try CallbackSignature.verify(signature, token: configuration.token, timestamp: timestamp, nonce: nonce)
            try configuration.timestampWindow.check(timestamp, now: now)
            guard VerificationToken.isWeChatEchostr(echo) else {
                throw GatewayError(.malformedParameter, "echostr is not 1 to 32 letters or digits", value: "echostr")
            }
            return echo
        }

        /// Authenticates, decrypts where needed and parses a `POST` push.
        ///
        /// `encrypt_type=aes` selects the encrypted path (compatible mode when the outer
        /// document also carries `MsgType`, safe mode otherwise); only the ciphertext is
        /// trusted there. Without it the push is plain and needs ``Configuration/acceptsPlaintext``.
        public func decodeInbound(
            query: [String: String], body: some Collection<UInt8>, now: Date
        ) throws(GatewayError) -> Inbound {
            guard body.count <= configuration.maxBodySize else {
                throw GatewayError(.bodyTooLarge, "body exceeds the size cap", value: "\(body.count) bytes")
            }
            switch query["encrypt_type"] {
            // "raw" is what several SDKs assume for plain mode; it leads to the same gated path as absence.
            case nil, "", "raw":
                return try decodePlain(query: query, body: body, now: now)
            case "aes":
                return try decodeEncrypted(query: query, body: body, now: now)
            case let other?:
                throw GatewayError(.malformedParameter, "unknown encrypt_type", value: other)
            }
        }

        /// The HTTP body for a passive reply `xml`: as is in plain mode, otherwise the signed encrypted envelope.
        ///
        /// `timestamp` is the current Unix time; `nonce` is normally the request's own.
        public func encodeReply(xml: String, mode: Mode, timestamp: Int64, nonce: String) throws(GatewayError) -> String {
            guard mode.isEncrypted else { return xml }
            guard let envelope else {
                throw GatewayError(.invalidConfiguration, "encrypted reply requested but no EncodingAESKey is configured")
            }
            return try envelope.seal(xml, timestamp: timestamp, nonce: nonce, random: random)
        }

        private func decodePlain(
            query: [String: String], body: some Collection<UInt8>, now: Date
        ) throws(GatewayError) -> Inbound {
            guard configuration.acceptsPlaintext else {
                throw GatewayError(.encryptionRequired, "plaintext push to an endpoint that requires encryption")
            }
            let signature = try QueryString.required("signature", in: query)
            let timestamp = try QueryString.required("timestamp", in: query)
            let nonce = try QueryString.required("nonce", in: query)
            try CallbackSignature.verify(signature, token: configuration.token, timestamp: timestamp, nonce: nonce)
            try configuration.timestampWindow.check(timestamp, now: now)
            let message = try Message(xml: reader.parse(body))
            // The signature does not cover the body: the query may come again only with the same
            // body (a platform retry), for as long as its timestamp could pass the window. Only a
            // push that would be handled is remembered.
            try replays.admit(
                key: "\(timestamp)|\(nonce)|\(signature)", body: body,
                expires: try TimestampWindow.parse(timestamp) + configuration.timestampWindow.tolerance, now: now)
            return Inbound(message: message, mode: .plain, timestamp: timestamp, nonce: nonce)
        }

        private func decodeEncrypted(
            query: [String: String], body: some Collection<UInt8>, now: Date
        ) throws(GatewayError) -> Inbound {
            guard let envelope else {
                throw GatewayError(.invalidConfiguration, "encrypted push but no EncodingAESKey is configured")
            }
            let outer = try reader.parse(body)
            let encrypted = try EncryptedEnvelope.ciphertext(in: outer)
            let plaintext = try envelope.open(encrypted, query: query, now: now)
            let message = try EncryptedEnvelope.message(from: plaintext, reader: reader)
            let mode: Mode = outer.child("MsgType") == nil ? .safe : .compatible
            return Inbound(
                message: message, mode: mode,
                timestamp: query["timestamp"] ?? "", nonce: query["nonce"] ?? "")
        }
    }
}
