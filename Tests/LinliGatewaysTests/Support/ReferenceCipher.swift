import Crypto
import Foundation
import Testing
import _CryptoExtras

/// A transcription of the official WXBizMsgCrypt sample (`Prpcrypt` / `PKCS7Encoder` in
/// sbzhu/weworkapi_python, `callback_python3/WXBizMsgCrypt.py`), written separately from the
/// library so each side checks the other.
///
/// Deliberately as lenient as the sample: the key comes from Foundation's base64 of key + "=",
/// padding removal reads only the last byte, and nothing is validated beyond what the sample does.
struct ReferenceCipher {
    let key: [UInt8]

    init(encodingAESKey: String) throws {
        let data = try #require(Data(base64Encoded: encodingAESKey + "="))
        key = Array(data)
    }

    /// `Prpcrypt.encrypt`: random(16) + struct.pack("I", socket.htonl(len)) + text + receiveid, PKCS7(32), AES-CBC, base64.
    func encrypt(_ text: String, receiveID: String, random: [UInt8]) throws -> String {
        let message = Array(text.utf8)
        let length = UInt32(message.count)
        var plain = random + [UInt8(length >> 24), UInt8((length >> 16) & 0xff), UInt8((length >> 8) & 0xff), UInt8(length & 0xff)]
        plain += message + Array(receiveID.utf8)
        let amount = 32 - plain.count % 32
        plain += [UInt8](repeating: UInt8(amount), count: amount)
        let cipher = try AES._CBC.encrypt(
            plain, using: SymmetricKey(data: key), iv: AES._CBC.IV(ivBytes: key[0..<16]), noPadding: true)
        return cipher.base64EncodedString()
    }

    /// `Prpcrypt.decrypt`: returns (xml_content, from_receiveid) exactly as the sample slices them.
    func decrypt(_ encrypted: String) throws -> (message: [UInt8], receiveID: String) {
        let cipher = try #require(Data(base64Encoded: encrypted))
        let plain = Array(try AES._CBC.decrypt(
            cipher, using: SymmetricKey(data: key), iv: AES._CBC.IV(ivBytes: key[0..<16]), noPadding: true))
        let pad = Int(plain[plain.count - 1])
        let content = Array(plain[16..<(plain.count - pad)])
        // struct.unpack("I", …) then socket.ntohl: the four bytes in network order.
        var length = 0
        for byte in content[0..<4] {
            length = length << 8 | Int(byte)
        }
        let message = Array(content[4..<(length + 4)])
        let receiveID = String(decoding: content[(length + 4)...], as: UTF8.self)
        return (message, receiveID)
    }

    /// AES-CBC over an already framed and padded plaintext, to build malformed frames.
    func rawEncrypt(_ frame: [UInt8]) throws -> String {
        let cipher = try AES._CBC.encrypt(
            frame, using: SymmetricKey(data: key), iv: AES._CBC.IV(ivBytes: key[0..<16]), noPadding: true)
        return cipher.base64EncodedString()
    }

    /// The raw decrypted bytes with no padding removed, to inspect what the sender padded with.
    func rawPlaintext(_ encrypted: String) throws -> [UInt8] {
        let cipher = try #require(Data(base64Encoded: encrypted))
        return Array(try AES._CBC.decrypt(
            cipher, using: SymmetricKey(data: key), iv: AES._CBC.IV(ivBytes: key[0..<16]), noPadding: true))
    }
}
