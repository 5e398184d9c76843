import Crypto
import Foundation
import LinliGateways
import Testing

/// Talks to `/webhook` as an integrating system does, and checks what linli posts back,
/// with HMAC-SHA256 computed here rather than by the library.
struct WebhookClient {
    let secret: String

    /// `sha256=HEX` of `body` under the secret.
    func signature(_ body: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The signed request of a message `id` from `user`.
    func request(_ text: String, from user: String, id: String, to url: URL) throws -> LinliGateways.HTTPRequest {
        let object: [String: String] = ["user_id": user, "message_id": id, "text": text]
        let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return .init(method: .post, url: url,
                     headers: ["Content-Type": "application/json", "X-Linli-Signature": signature(Array(body))], body: body)
    }

    /// The reply texts of a `/webhook` answer.
    static func replies(_ body: Data) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let replies = try #require(object["replies"] as? [[String: Any]])
        return replies.compactMap { $0["text"] as? String }
    }

    /// The `(user_id, text)` of a callback whose signature verifies; nil otherwise.
    func open(_ callback: FakeGateway.Callback) -> (user: String, text: String)? {
        guard callback.signature == signature(callback.body),
              let object = try? JSONSerialization.jsonObject(with: Data(callback.body)) as? [String: Any],
              let user = object["user_id"] as? String, let text = object["text"] as? String else { return nil }
        return (user, text)
    }
}
