import Crypto
import Foundation
import _CryptoExtras

/// The `WXBizMsgCrypt` construction shared by WeChat safe/compatible mode and WeCom.
///
/// Plaintext framing: 16 random bytes, the message length as 4 big-endian bytes, the
/// message, then the receive id (AppID or CorpID). Padded with PKCS#7 to a multiple of
/// **32** bytes, encrypted with AES-256-CBC using the first 16 key bytes as the IV, and
/// base64-encoded.
public struct MessageCipher: Sendable {
    /// The id bound into every ciphertext: the WeChat AppID or the WeCom CorpID.
    public let receiveID: String
    // Raw bytes rather than a SymmetricKey, which swift-crypto does not mark Sendable.
    private let keyBytes: [UInt8]
    private let iv: AES._CBC.IV

    /// The padding block size of the construction, twice the AES block size.
    static let paddingBlockSize = 32
    /// Length of the random prefix of every plaintext.
    public static let randomPrefixLength = 16

    /// Creates a cipher from a 43-character EncodingAESKey and the id to bind and check.
    public init(encodingAESKey: String, receiveID: String) throws(GatewayError) {
        let keyBytes = try EncodingAESKey.decode(encodingAESKey)
        self.receiveID = receiveID
        self.keyBytes = keyBytes
        do {
            self.iv = try AES._CBC.IV(ivBytes: keyBytes.prefix(16))
        } catch {
            throw GatewayError(.invalidConfiguration, "EncodingAESKey does not yield an AES IV")
        }
    }

    /// Encrypts `message` with a fresh random prefix from `random`; returns base64.
    public func encrypt(_ message: String, random: RandomSource) throws(GatewayError) -> String {
        try encrypt(Array(message.utf8), prefix: random.bytes(Self.randomPrefixLength))
    }

    /// Encrypts `message` behind the given 16-byte `prefix`; returns base64.
    ///
    /// Deterministic for a given prefix, which is what makes published vectors reproducible.
    public func encrypt(_ message: some Collection<UInt8>, prefix: some Collection<UInt8>) throws(GatewayError) -> String {
        guard prefix.count == Self.randomPrefixLength else {
            throw GatewayError(.encryptFailed, "random prefix must be 16 bytes", value: "\(prefix.count)")
        }
        guard let length = UInt32(exactly: message.count) else {
            throw GatewayError(.encryptFailed, "message is too long to frame", value: "\(message.count)")
        }
        var plaintext: [UInt8] = []
        plaintext.reserveCapacity(prefix.count + 4 + message.count + receiveID.utf8.count + Self.paddingBlockSize)
        plaintext.append(contentsOf: prefix)
        withUnsafeBytes(of: length.bigEndian) { plaintext.append(contentsOf: $0) }
        plaintext.append(contentsOf: message)
        plaintext.append(contentsOf: receiveID.utf8)
        Self.pad(&plaintext)
        do {
            let ciphertext = try AES._CBC.encrypt(plaintext, using: SymmetricKey(data: keyBytes), iv: iv, noPadding: true)
            return ciphertext.base64EncodedString()
        } catch {
            throw GatewayError(.encryptFailed, "AES-CBC encryption failed")
        }
    }

    /// Decrypts base64 `encrypted`, checks padding, framing and receive id, and returns the message bytes.
    public func decrypt(_ encrypted: String) throws(GatewayError) -> [UInt8] {
        guard let ciphertext = Data(base64Encoded: encrypted) else {
            throw GatewayError(.decryptFailed, "ciphertext is not base64")
        }
        // AES._CBC pads a short final block silently instead of throwing, so the length is checked here.
        guard !ciphertext.isEmpty, ciphertext.count % 16 == 0 else {
            throw GatewayError(.decryptFailed, "ciphertext length is not a positive multiple of 16", value: "\(ciphertext.count)")
        }
        var plaintext: [UInt8]
        do {
            plaintext = Array(try AES._CBC.decrypt(ciphertext, using: SymmetricKey(data: keyBytes), iv: iv, noPadding: true))
        } catch {
            throw GatewayError(.decryptFailed, "AES-CBC decryption failed")
        }
        try Self.unpad(&plaintext)
        guard plaintext.count >= Self.randomPrefixLength + 4 else {
            throw GatewayError(.decryptFailed, "plaintext is shorter than its framing", value: "\(plaintext.count)")
        }
        let lengthStart = Self.randomPrefixLength
        let length = plaintext[lengthStart..<lengthStart + 4].reduce(0) { ($0 << 8) | Int($1) }
        let messageStart = lengthStart + 4
        guard length <= plaintext.count - messageStart else {
            throw GatewayError(.decryptFailed, "message length exceeds the plaintext", value: "\(length)")
        }
        let messageEnd = messageStart + length
        let receivedID = plaintext[messageEnd...]
        guard ConstantTime.equals(receivedID, receiveID.utf8) else {
            throw GatewayError(
                .appIdMismatch, "ciphertext is bound to another app",
                value: String(decoding: receivedID, as: UTF8.self))
        }
        return Array(plaintext[messageStart..<messageEnd])
    }

    /// Decrypts like ``decrypt(_:)`` and requires the message to be valid UTF-8.
    public func decryptString(_ encrypted: String) throws(GatewayError) -> String {
        let bytes = try decrypt(encrypted)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw GatewayError(.decryptFailed, "decrypted message is not UTF-8")
        }
        return text
    }
}
