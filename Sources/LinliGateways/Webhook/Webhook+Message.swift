import Foundation

extension Webhook {
    /// An inbound webhook message, decoded strictly: three non-empty strings.
    public struct Message: Sendable, Equatable {
        /// The sender's id in the calling system (becomes `webhook:USER_ID`).
        public var userID: String
        /// The caller's id of this message, used to recognise retries.
        public var messageID: String
        /// The message text.
        public var text: String

        /// Creates a message.
        public init(userID: String, messageID: String, text: String) {
            self.userID = userID
            self.messageID = messageID
            self.text = text
        }

        /// Decodes `{"user_id":…,"message_id":…,"text":…}`.
        ///
        /// A missing, null, empty or non-string field throws ``GatewayError/Code/malformedJSON``
        /// naming the field; unknown fields are ignored so callers can add metadata.
        /// ``GatewayError/Code/invalidField``, again naming the field, refuses a `user_id` that
        /// is not printable ASCII, a `message_id` with a control character, either longer than
        /// ``Identifier/maxBytes``, and a `text` with a C0 control other than tab, LF and CR.
        public static func decode(_ body: some Collection<UInt8>, maxSize: Int = 65_536) throws(GatewayError) -> Message {
            guard body.count <= maxSize else {
                throw GatewayError(.bodyTooLarge, "body exceeds the size cap", value: "\(body.count) bytes")
            }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(body), options: [])
            } catch {
                throw GatewayError(.malformedJSON, "body is not JSON")
            }
            guard let fields = object as? [String: Any] else {
                throw GatewayError(.malformedJSON, "body is not a JSON object")
            }
            let message = Message(
                userID: try string("user_id", in: fields),
                messageID: try string("message_id", in: fields),
                text: try string("text", in: fields))
            try Identifier.check(message.userID, field: "user_id", alphabet: .printableASCII)
            try Identifier.check(message.messageID, field: "message_id", alphabet: .noControls)
            guard !ControlCharacters.forbiddenInText(message.text) else {
                throw GatewayError(.invalidField, "text holds a control character", value: "text")
            }
            return message
        }

        private static func string(_ name: String, in fields: [String: Any]) throws(GatewayError) -> String {
            guard let raw = fields[name], !(raw is NSNull) else {
                throw GatewayError(.malformedJSON, "field is missing", value: name)
            }
            // Exact type check: on Linux a JSON number can bridge to some Foundation types but never to String.
            guard let value = raw as? String else {
                throw GatewayError(.malformedJSON, "field is not a string", value: name)
            }
            guard !value.allSatisfy(\.isWhitespace) else {
                throw GatewayError(.malformedJSON, "field is empty", value: name)
            }
            return value
        }
    }
}
