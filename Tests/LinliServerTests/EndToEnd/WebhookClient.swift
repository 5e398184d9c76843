import Crypto
import Foundation
import LinliGateways
import Testing

/// Talks to `/webhook` as an integrating system does, and checks what linli posts back,
/// with HMAC-SHA256 over `TIMESTAMP.BODY` computed here rather than by the library.
struct WebhookClient {
    let secret: String

    /// `sha256=HEX` of `TIMESTAMP.BODY` under the secret.
    func signature(_ body: [UInt8], timestamp: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).".utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The signed request of a message `id` from `user`, stamped with the current time.
    func request(_ text: String, from user: String, id: String, to url: URL) throws -> LinliGateways.HTTPRequest {
        let object: [String: String] = ["user_id": user, "message_id": id, "text": text]
        let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let timestamp = String(Int64(Date().timeIntervalSince1970))
        return .init(method: .post, url: url, headers: [
            "Content-Type": "application/json", "X-Linli-Timestamp": timestamp,
            "X-Linli-Signature": signature(Array(body), timestamp: timestamp),
        ], body: body)
    }

    /// The reply texts of a `/webhook` answer.
    static func replies(_ body: Data) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let replies = try #require(object["replies"] as? [[String: Any]])
        return replies.compactMap { $0["text"] as? String }
    }

    /// The `(user_id, text)` of a callback whose timestamped signature verifies and whose
    /// timestamp is within 300 s of now; nil otherwise.
    func open(_ callback: FakeGateway.Callback) -> (user: String, text: String)? {
        guard let timestamp = callback.timestamp, let seconds = Int64(timestamp),
              abs(seconds - Int64(Date().timeIntervalSince1970)) <= 300,
              callback.signature == signature(callback.body, timestamp: timestamp),
              let object = try? JSONSerialization.jsonObject(with: Data(callback.body)) as? [String: Any],
              let user = object["user_id"] as? String, let text = object["text"] as? String else { return nil }
        return (user, text)
    }
}
