import Crypto

extension Webhook {
    /// Signs and verifies raw bodies with HMAC-SHA256 under the shared secret.
    public struct Signer: Sendable {
        private static let prefix = "sha256="
        // Raw bytes rather than a SymmetricKey, which swift-crypto does not mark Sendable.
        private let secret: [UInt8]

        /// Creates a signer; an empty secret would make every signature forgeable, so it is refused.
        public init(secret: String) throws(GatewayError) {
            guard !secret.isEmpty else {
                throw GatewayError(.invalidConfiguration, "webhook secret is empty", value: "webhook.secret")
            }
            self.secret = Array(secret.utf8)
        }

        /// The header value for `body`: `sha256=` and 64 lowercase hex digits.
        public func signature(for body: some Collection<UInt8>) -> String {
            let code = HMAC<SHA256>.authenticationCode(for: Array(body), using: SymmetricKey(data: secret))
            return Self.prefix + code.lowercaseHex
        }

        /// Throws ``GatewayError/Code/badSignature`` unless `header` is the signature of `body`.
        ///
        /// Hex digits are accepted in either case; the comparison is constant-time.
        public func verify(body: some Collection<UInt8>, header: String?) throws(GatewayError) {
            guard let header, !header.isEmpty else {
                throw GatewayError(.badSignature, "signature header is missing", value: Webhook.signatureHeader)
            }
            guard header.hasPrefix(Self.prefix) else {
                throw GatewayError(.badSignature, "signature header does not start with sha256=", value: Webhook.signatureHeader)
            }
            let received = Array(header.utf8.dropFirst(Self.prefix.utf8.count)).map { byte in
                (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte) ? byte + 32 : byte
            }
            let expected = Array(signature(for: body).utf8.dropFirst(Self.prefix.utf8.count))
            guard ConstantTime.equals(expected, received) else {
                throw GatewayError(.badSignature, "webhook signature does not match", value: header)
            }
        }
    }
}
