import Foundation
import Testing

/// The machine-readable test vectors, `Data/vectors.json`, a resource of this test target.
///
/// `Data/generate-vectors.py` writes them with an independent implementation (Python's
/// hashlib, hmac and `cryptography`): the official samples, the published generated vectors
/// S1–S5 (which it checks it reproduces) and held-out vectors of our own (P3, H1, H2, W1, W2).
struct Vectors: Decodable {
    struct OfficialDecrypted: Decodable {
        let wecomSampleEchostrPlain: String
        let wecomSampleMsgPlain: String
        let wechatpyTestEchostrPlain: String
    }

    struct Plain: Decodable {
        let name: String
        let token: String
        let timestamp: String
        let nonce: String
        let echostr: String?
        let sorted: [String]
        let concatenated: String
        let signature: String
    }

    struct Safe: Decodable {
        let name: String
        let kind: String
        let token: String
        let encodingAesKey: String
        let receiveId: String
        let timestamp: String
        let nonce: String
        let randomAscii: String?
        let randomHex: String?
        let msg: String
        let msgUtf8Len: Int
        let msgLenBeHex: String
        let fullstrLen: Int
        let padByte: Int
        let aesKeyHex: String
        let ivHex: String
        let ciphertextLen: Int
        let encryptB64: String
        let msgSignature: String
        let urlSignature: String?
        let query: String?
        let postBody: String?
        let replyXml: String?
        let expectedResponseBody: String?
        let toUser: String?
        let openid: String?
        let agentId: String?

        /// The 16-byte random prefix the vector was generated with.
        var random: [UInt8] {
            if let randomAscii { return Array(randomAscii.utf8) }
            return Hex.bytes(randomHex ?? "")
        }
    }

    /// A webhook body with its timestamped and legacy (body-only) HMAC-SHA256 signatures.
    struct WebhookSignature: Decodable {
        let name: String
        let secret: String
        let timestamp: String
        let body: String
        let signature: String
        let legacySignature: String
    }

    let wechatpyVersion: String
    let officialDecrypted: OfficialDecrypted
    let plain: [Plain]
    let safe: [Safe]
    let webhook: [WebhookSignature]

    static func load() throws -> Vectors {
        let url = try #require(Bundle.module.url(forResource: "vectors", withExtension: "json", subdirectory: "Data"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Vectors.self, from: Data(contentsOf: url))
    }

    /// The safe-mode vector whose name starts with `prefix` (e.g. "S3").
    static func safe(_ prefix: String) throws -> Safe {
        try #require(load().safe.first { $0.name.hasPrefix(prefix + " ") })
    }
}
