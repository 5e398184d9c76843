import Foundation

extension WeCom {
    /// The protocol side of one WeCom app callback URL: URL verification with a decrypted
    /// `echostr`, encrypted pushes, and encrypted passive replies.
    public struct Endpoint: Sendable {
        /// The settings this endpoint was built with.
        public let configuration: Configuration
        private let envelope: EncryptedEnvelope
        private let random: RandomSource
        private let reader: XML.Reader

        /// Validates `configuration` (non-empty token and CorpID, a usable key) and builds the endpoint.
        public init(configuration: Configuration, random: RandomSource = .system) throws(GatewayError) {
            guard !configuration.token.isEmpty else {
                throw GatewayError(.invalidConfiguration, "token is empty", value: "token")
            }
            guard !configuration.corpID.isEmpty else {
                throw GatewayError(.invalidConfiguration, "corp id is empty", value: "corpID")
            }
            let cipher = try MessageCipher(encodingAESKey: configuration.encodingAESKey, receiveID: configuration.corpID)
            self.configuration = configuration
            self.envelope = EncryptedEnvelope(token: configuration.token, cipher: cipher, window: configuration.timestampWindow)
            self.random = random
            self.reader = XML.Reader(maxBytes: configuration.maxBodySize)
        }

        /// Answers `GET ?msg_signature&timestamp&nonce&echostr`: the decrypted echostr.
        ///
        /// `query` must be percent-decoded only. A space in `echostr` can only come from a
        /// form decoder turning `+` into a space, so it is turned back before signing.
        ///
        /// The request must be fresh (the timestamp window around `now`) and the plaintext a
        /// short token (``VerificationToken``): the platform's echostr decrypts to a number,
        /// while a replayed push or reply decrypts to an XML document, which must not come back.
        public func verifyURL(query: [String: String], now: Date) throws(GatewayError) -> String {
            let echo = try QueryString.required("echostr", in: query).replacing(" ", with: "+")
            let plaintext = try envelope.open(echo, query: query, now: now)
            guard let text = String(validating: plaintext, as: UTF8.self), VerificationToken.isDecryptedEchostr(plaintext) else {
                throw GatewayError(.malformedParameter, "decrypted echostr is not a verification token", value: "echostr")
            }
            return text
        }

        /// Authenticates, decrypts and parses a `POST` push.
        public func decodeInbound(
            query: [String: String], body: some Collection<UInt8>, now: Date
        ) throws(GatewayError) -> Inbound {
            guard body.count <= configuration.maxBodySize else {
                throw GatewayError(.bodyTooLarge, "body exceeds the size cap", value: "\(body.count) bytes")
            }
            let encrypted = try EncryptedEnvelope.ciphertext(in: reader.parse(body))
            let plaintext = try envelope.open(encrypted, query: query, now: now)
            let message = try EncryptedEnvelope.message(from: plaintext, reader: reader)
            if let expected = configuration.agentID, let received = message.agentID, expected != received {
                throw GatewayError(.agentMismatch, "push is for another app of the corp", value: String(received))
            }
            return Inbound(message: message, timestamp: query["timestamp"] ?? "", nonce: query["nonce"] ?? "")
        }

        /// The HTTP body for a passive reply `xml`: always the signed encrypted envelope.
        ///
        /// An empty 200 (not this method) is the answer when there is nothing to say.
        public func encodeReply(xml: String, timestamp: Int64, nonce: String) throws(GatewayError) -> String {
            try envelope.seal(xml, timestamp: timestamp, nonce: nonce, random: random)
        }
    }
}
