import Crypto

/// The SHA-1 signatures of WeChat and WeCom callbacks.
///
/// The 3-part form (`signature`) covers token, timestamp and nonce; the 4-part form
/// (`msg_signature`, `MsgSignature`) adds the base64 ciphertext.
public enum CallbackSignature {
    /// SHA-1 over the parts sorted byte-wise and concatenated, as 40 lowercase hex digits.
    public static func compute(_ parts: [String]) -> String {
        // Byte-wise order, not String's Unicode ordering: the platforms sort raw bytes.
        let sorted = parts.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        var hasher = Insecure.SHA1()
        for part in sorted {
            hasher.update(data: part)
        }
        return hasher.finalize().lowercaseHex
    }

    /// The signature over token, timestamp, nonce and, for the 4-part form, the ciphertext.
    public static func compute(token: String, timestamp: String, nonce: String, encrypted: String? = nil) -> String {
        var parts = [token, timestamp, nonce]
        if let encrypted { parts.append(encrypted) }
        return compute(parts)
    }

    /// Throws ``GatewayError/Code/badSignature`` unless `received` equals the computed signature.
    ///
    /// The comparison is constant-time and case-sensitive: the platforms send lowercase hex.
    public static func verify(
        _ received: String, token: String, timestamp: String, nonce: String, encrypted: String? = nil
    ) throws(GatewayError) {
        let expected = compute(token: token, timestamp: timestamp, nonce: nonce, encrypted: encrypted)
        guard ConstantTime.equals(expected, received) else {
            throw GatewayError(.badSignature, "signature does not match", value: received)
        }
    }
}
