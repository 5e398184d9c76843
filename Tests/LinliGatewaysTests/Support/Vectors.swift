import Foundation
import Testing

/// The machine-readable vectors of the protocol document (`shared/protocols/vectors.json`).
///
/// Read at test time from beside the checkout, where both the workspace and the CI clone keep `shared/`.
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

    let wechatpyVersion: String
    let officialDecrypted: OfficialDecrypted
    let plain: [Plain]
    let safe: [Safe]

    /// `<package root>/../shared/protocols/vectors.json`, found from this source file's path.
    static let url: URL = {
        var directory = URL(fileURLWithPath: #filePath)
        // Support/, LinliGatewaysTests/, Tests/, then the package root itself.
        for _ in 0..<5 {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("shared/protocols/vectors.json")
    }()

    static func load() throws -> Vectors {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Vectors.self, from: Data(contentsOf: url))
    }

    /// The safe-mode vector whose name starts with `prefix` (e.g. "S3").
    static func safe(_ prefix: String) throws -> Safe {
        try #require(load().safe.first { $0.name.hasPrefix(prefix + " ") })
    }
}
