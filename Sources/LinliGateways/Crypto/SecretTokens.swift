import Crypto
import Foundation
import LinliCore

/// Random secrets for the console (sign-in tokens, session ids, anti-forgery tokens) and
/// the digests the store keeps of them.
///
/// A token is 32 random bytes in URL-safe base64 without padding (43 characters), fit for
/// a link and a cookie as it is. The store keeps the SHA-256 of a token, in hex: a token
/// has 256 bits of entropy, so a plain hash is as hard to reverse as the token is to guess,
/// and a copy of the database signs nobody in.
public struct SecretTokens: SignInTokenMinter {
    private let random: RandomSource

    /// Creates a minter drawing from `random` (the system's secure generator by default).
    public init(random: RandomSource = .system) {
        self.random = random
    }

    /// A fresh token of 32 random bytes.
    public func token() -> String {
        Self.urlSafe(random.bytes(32))
    }

    /// The SHA-256 of the token's UTF-8 bytes, in lower-case hex.
    public func digest(of token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `bytes` in base64url without padding (RFC 4648 §5).
    static func urlSafe(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
