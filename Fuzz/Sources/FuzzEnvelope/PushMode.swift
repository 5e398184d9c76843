import FuzzSupport
import LinliGateways

/// Which part of an encrypted push the fuzzer writes; the sealer supplies the rest, validly signed.
public enum PushMode: Int, CaseIterable {
    /// The whole outer body; the signature covers whatever `<Encrypt>` it turns out to hold.
    case body
    /// The `<Encrypt>` text (base64 decoding, block length, AES).
    case ciphertext
    /// The decrypted frame (padding, length field, receive id).
    case frame
    /// The decrypted message document (inner XML, message fields).
    case message
    /// The raw query string, with a valid envelope as the body.
    case query

    /// The query and body of a push for `payload`.
    public func request(_ payload: UnsafeBufferPointer<UInt8>, sealer: Sealer) -> (query: [String: String], body: [UInt8]) {
        switch self {
        case .body:
            let body = Array(payload)
            return (sealer.query(signing: sealer.ciphertext(in: body) ?? ""), body)
        case .ciphertext:
            return signed(sealer.envelope(String(decoding: payload, as: UTF8.self)), sealer)
        case .frame:
            return signed(sealer.envelope(sealer.encrypt(frame: payload)), sealer)
        case .message:
            return signed(sealer.envelope(sealer.encrypt(message: payload)), sealer)
        case .query:
            let body = sealer.envelope(sealer.encrypt(message: Array("<xml><MsgType>text</MsgType></xml>".utf8)))
            return ((try? QueryString.decode(String(decoding: payload, as: UTF8.self))) ?? [:], body)
        }
    }

    private func signed(_ body: [UInt8], _ sealer: Sealer) -> (query: [String: String], body: [UInt8]) {
        (sealer.query(signing: sealer.ciphertext(in: body) ?? ""), body)
    }
}
