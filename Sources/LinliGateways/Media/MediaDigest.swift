import Crypto
import Foundation

/// The key under which media are kept once, whoever sent them how often.
public enum MediaDigest {
    /// The SHA-256 of `bytes` in lower-case hex.
    public static func sha256(_ bytes: Data) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
