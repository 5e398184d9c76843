import Crypto
import Foundation

extension Webhook {
    /// Signs and verifies webhook bodies with HMAC-SHA256 under the shared secret.
    ///
    /// The signature covers `TIMESTAMP + "." + RAW_BODY`, with the timestamp sent in
    /// ``Webhook/timestampHeader``, so a captured request is only good inside the window.
    /// The older form, an HMAC of the body alone without a timestamp, is accepted (and
    /// produced) only when the signer is built with `legacy: true`.
    public struct Signer: Sendable {
        private static let prefix = "sha256="
        // Raw bytes rather than a SymmetricKey, which swift-crypto does not mark Sendable.
        private let secret: [UInt8]
        /// Whether requests without a timestamp, signed over the body alone, are accepted
        /// and callbacks signed that way (`webhook.legacy_signature`).
        public let legacy: Bool
        /// How far a request's timestamp may be from server time.
        public let window: TimestampWindow

        /// Creates a signer; an empty secret would make every signature forgeable, so it is refused.
        public init(secret: String, legacy: Bool = false, window: TimestampWindow = TimestampWindow()) throws(GatewayError) {
            guard !secret.isEmpty else {
                throw GatewayError(.invalidConfiguration, "webhook secret is empty", value: "webhook.secret")
            }
            self.secret = Array(secret.utf8)
            self.legacy = legacy
            self.window = window
        }

        /// The signature header value for `body` sent at Unix second `timestamp`:
        /// `sha256=` and the 64 lowercase hex digits of HMAC(secret, `TIMESTAMP.BODY`).
        public func signature(for body: some Collection<UInt8>, timestamp: Int64) -> String {
            signature(over: Array("\(timestamp).".utf8) + Array(body))
        }

        /// The legacy signature header value for `body`: the HMAC of the body alone.
        public func legacySignature(for body: some Collection<UInt8>) -> String {
            signature(over: Array(body))
        }

        /// The headers that authenticate `body` sent at `now`: the timestamp and its
        /// signature, or in legacy mode the body-only signature.
        public func headers(for body: some Collection<UInt8>, now: Date) -> [String: String] {
            if legacy {
                return [Webhook.signatureHeader: legacySignature(for: body)]
            }
            let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
            return [Webhook.timestampHeader: String(seconds), Webhook.signatureHeader: signature(for: body, timestamp: seconds)]
        }

        /// Throws unless `header` signs `body` as sent at `timestamp`, and `timestamp` is within the window around `now`.
        ///
        /// A missing timestamp is ``GatewayError/Code/badSignature`` unless the signer is in
        /// legacy mode, which then checks the body-only HMAC; a timestamp outside the window is
        /// ``GatewayError/Code/staleTimestamp``. Hex digits are accepted in either case; the
        /// comparison is constant-time.
        public func verify(body: some Collection<UInt8>, timestamp: String?, header: String?, now: Date) throws(GatewayError) {
            let received = try Self.digest(in: header)
            let expected: String
            if let timestamp, !timestamp.isEmpty {
                try window.check(timestamp, now: now)
                expected = signature(over: Array("\(timestamp).".utf8) + Array(body))
            } else if legacy {
                expected = legacySignature(for: body)
            } else {
                throw GatewayError(.badSignature, "timestamp header is missing", value: Webhook.timestampHeader)
            }
            guard ConstantTime.equals(Array(expected.utf8.dropFirst(Self.prefix.utf8.count)), received) else {
                throw GatewayError(.badSignature, "webhook signature does not match", value: header)
            }
        }

        /// The lowercased hex digits of a `sha256=HEX` header.
        private static func digest(in header: String?) throws(GatewayError) -> [UInt8] {
            guard let header, !header.isEmpty else {
                throw GatewayError(.badSignature, "signature header is missing", value: Webhook.signatureHeader)
            }
            guard header.hasPrefix(prefix) else {
                throw GatewayError(.badSignature, "signature header does not start with sha256=", value: Webhook.signatureHeader)
            }
            return Array(header.utf8.dropFirst(prefix.utf8.count)).map { byte in
                (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte) ? byte + 32 : byte
            }
        }

        private func signature(over bytes: [UInt8]) -> String {
            Self.prefix + HMAC<SHA256>.authenticationCode(for: bytes, using: SymmetricKey(data: secret)).lowercaseHex
        }
    }
}
