/// The one error type of the gateway protocol layer.
///
/// It knows nothing about HTTP: the server maps each ``Code`` to a status. The
/// offending value is carried only where it is safe to log (a field name, a
/// received signature, an app id); secrets, ciphertext and message text never are.
public struct GatewayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in terms a caller can branch on.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The endpoint configuration is unusable (e.g. an EncodingAESKey that is not 43 characters).
        case invalidConfiguration
        /// A required query parameter is absent.
        case missingParameter
        /// A query parameter is present but unusable (bad percent-encoding, non-numeric timestamp, unknown encrypt_type).
        case malformedParameter
        /// A signature (SHA-1 or HMAC) does not match.
        case badSignature
        /// The request timestamp is outside the accepted window.
        case staleTimestamp
        /// The body exceeds the configured size cap.
        case bodyTooLarge
        /// The XML is not well-formed or not the shape the platforms send.
        case malformedXML
        /// The XML carries a document type or entity declaration.
        case doctypeRefused
        /// The XML carries markup the platforms never send, such as a processing instruction.
        case unsupportedMarkup
        /// A message element the message type requires is absent.
        case missingField
        /// A message element has a value of the wrong form (e.g. a non-numeric CreateTime).
        case invalidField
        /// A plaintext push reached an endpoint that only accepts encrypted ones.
        case encryptionRequired
        /// The ciphertext could not be decrypted or its framing or padding is wrong.
        case decryptFailed
        /// A reply could not be encrypted.
        case encryptFailed
        /// The receive id inside the ciphertext is not ours (AppID or CorpID).
        case appIdMismatch
        /// The decrypted WeCom AgentID is not the configured one.
        case agentMismatch
        /// A JSON body is malformed, lacks a field or has one of the wrong type.
        case malformedJSON
        /// A signed request was seen before with a different body: its signature does not cover the body
        /// (WeChat plain mode), so a reuse can only be a replay with a forged body.
        case replayedRequest
    }

    /// The kind of failure.
    public let code: Code
    /// A fixed, human-readable explanation.
    public let message: String
    /// The offending value where it is safe to reveal (a field or parameter name, a received id).
    public let value: String?
    /// The byte offset in the input where a parse failed, if the failure has one.
    public let position: Int?

    /// The longest `value` (and `message`) kept; many values are attacker-chosen and end up in logs.
    public static let maxValueLength = 128

    /// Creates an error; `value` must never be a secret. Both `message` and `value` are cut to
    /// ``maxValueLength`` characters, so that no request can make a log line long.
    public init(_ code: Code, _ message: String, value: String? = nil, position: Int? = nil) {
        self.code = code
        self.message = Self.capped(message)
        self.value = value.map(Self.capped)
        self.position = position
    }

    private static func capped(_ text: String) -> String {
        text.count > maxValueLength ? String(text.prefix(maxValueLength)) + "…" : text
    }

    /// A one-line rendering for logs: code, message, then value and position when known.
    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let value { text += " [\(value)]" }
        if let position { text += " at byte \(position)" }
        return text
    }
}
