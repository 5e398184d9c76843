import Crypto
import Foundation
import FuzzSupport
@testable import LinliGateways
import _CryptoExtras

/// Builds callback requests around fuzzed parts so they get past the checks a real attacker could not
/// forge: with the fixed test secrets below it signs and encrypts whatever the fuzzer produced.
///
/// `EncodingAESKey` is internal; scripts/fuzz builds with -enable-testing, so the key is decoded
/// by the very code the endpoints use.
public struct Sealer: Sendable {
    /// The callback Token of every test endpoint.
    public static let token = "fuzztoken"
    /// The EncodingAESKey of every test endpoint (the one of the platforms' published samples).
    public static let encodingAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
    /// The request timestamp, and the server clock it is checked against.
    public static let timestamp = "1700000000"
    /// The server clock of every decode: exactly `timestamp`.
    public static let now = Date(timeIntervalSince1970: 1_700_000_000)
    /// The request nonce.
    public static let nonce = "fuzznonce"

    /// The cipher the endpoint under test uses.
    public let cipher: MessageCipher
    // Raw bytes: SymmetricKey is not Sendable, and the sealers are globals.
    private let key: [UInt8]

    /// A sealer for ciphertexts bound to `receiveID` (the AppID or the CorpID of the endpoint).
    public init(receiveID: String) {
        cipher = harness("cipher from the test secrets") { try MessageCipher(encodingAESKey: Self.encodingAESKey, receiveID: receiveID) }
        key = harness("AES key from the test secrets") { try EncodingAESKey.decode(Self.encodingAESKey) }
    }

    /// The query of an encrypted push (or of WeCom's URL check) whose `msg_signature` covers `encrypted`.
    public func query(signing encrypted: String) -> [String: String] {
        [
            "encrypt_type": "aes", "timestamp": Self.timestamp, "nonce": Self.nonce,
            "msg_signature": CallbackSignature.compute(
                token: Self.token, timestamp: Self.timestamp, nonce: Self.nonce, encrypted: encrypted),
        ]
    }

    /// The query of a plain push, with its 3-part `signature`.
    public func plainQuery() -> [String: String] {
        [
            "timestamp": Self.timestamp, "nonce": Self.nonce,
            "signature": CallbackSignature.compute(token: Self.token, timestamp: Self.timestamp, nonce: Self.nonce),
        ]
    }

    /// An outer `<xml>` document carrying `encrypted` as its `<Encrypt>`.
    public func envelope(_ encrypted: String) -> [UInt8] {
        var writer = XML.Writer()
        writer.cdata("ToUserName", "gh_fuzz")
        writer.cdata("Encrypt", encrypted)
        return Array(writer.document.utf8)
    }

    /// The `<Encrypt>` text the endpoint will read from `body`, so a signature can cover exactly that.
    public func ciphertext(in body: some Collection<UInt8>) -> String? {
        (try? XML.Reader().parse(body))?.value("Encrypt")
    }

    /// `message` framed, padded and encrypted as the platform does (fixed prefix), in base64.
    public func encrypt(message: some Collection<UInt8>) -> String {
        harness("encryption of a \(message.count)-byte message") {
            try cipher.encrypt(message, prefix: [UInt8](repeating: 0x5A, count: MessageCipher.randomPrefixLength))
        }
    }

    /// `frame` itself, zero-filled to whole AES blocks, encrypted without any framing or padding: what
    /// the cipher finds after decryption is then entirely the fuzzer's (padding, length, receive id).
    public func encrypt(frame: some Collection<UInt8>) -> String {
        var bytes = Array(frame)
        bytes.append(contentsOf: repeatElement(0, count: bytes.count % 16 == 0 && !bytes.isEmpty ? 0 : 16 - bytes.count % 16))
        return harness("AES-CBC of \(bytes.count) bytes") {
            try AES._CBC.encrypt(bytes, using: SymmetricKey(data: key), iv: AES._CBC.IV(ivBytes: key.prefix(16)), noPadding: true)
                .base64EncodedString()
        }
    }
}
