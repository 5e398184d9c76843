import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Plays the WeChat API and the webhook receiver on loopback for the end-to-end test:
/// `/cgi-bin/token` issues `TOKEN-A`, then `TOKEN-B`, …; the customer-service send accepts
/// only the newest token, and answers 42001 once for a token the test expires; `/callback`
/// records what linli POSTs with its timestamp and signature headers.
final class FakeGateway: @unchecked Sendable {
    /// A customer-service message the platform accepted.
    struct Sent: Equatable {
        var token: String
        var user: String
        var text: String
    }

    /// A webhook callback as it arrived.
    struct Callback {
        var body: [UInt8]
        var timestamp: String?
        var signature: String?
    }

    let appID: String
    let appSecret: String
    private let lock = NSLock()
    private var issued: [String] = []
    private var expiring: String?
    private var refused: [String] = []
    private var sent: [Sent] = []
    private var callbacks: [Callback] = []

    init(appID: String, appSecret: String) {
        self.appID = appID
        self.appSecret = appSecret
    }

    /// Every token issued, in order.
    var tokens: [String] { lock.withLock { issued } }
    /// Every accepted customer-service message, in order.
    var messages: [Sent] { lock.withLock { sent } }
    /// Every webhook callback, in order.
    var callbackBodies: [Callback] { lock.withLock { callbacks } }
    /// "token: user" of every send refused with 42001.
    var expiredSends: [String] { lock.withLock { refused } }

    /// Makes the next send with the current token fail once with 42001, as when the
    /// platform expires a token before its `expires_in`.
    func expireCurrentToken() {
        lock.withLock { expiring = issued.last }
    }

    /// The routes.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/cgi-bin/token") { request, _ -> Response in
            let query = request.uri.queryParameters
            guard query["appid"].map(String.init) == self.appID, query["secret"].map(String.init) == self.appSecret,
                  query["grant_type"] == "client_credential" else {
                return Self.json(#"{"errcode":40013,"errmsg":"invalid appid"}"#)
            }
            let token = self.lock.withLock {
                let token = "TOKEN-" + String(UnicodeScalar(UInt8(65 + self.issued.count)))
                self.issued.append(token)
                return token
            }
            return Self.json(#"{"access_token":"\#(token)","expires_in":7200}"#)
        }
        router.post("/cgi-bin/message/custom/send") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 65_536)
            let token = request.uri.queryParameters["access_token"].map(String.init) ?? ""
            return Self.json(self.send(token: token, body: Data(Array(buffer: body))))
        }
        router.post("/callback") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 65_536)
            let timestamp = request.headers[HTTPField.Name("X-Linli-Timestamp")!]
            let signature = request.headers[HTTPField.Name("X-Linli-Signature")!]
            self.lock.withLock {
                self.callbacks.append(Callback(body: Array(buffer: body), timestamp: timestamp, signature: signature))
            }
            return Response(status: .ok)
        }
        return router
    }

    /// The answer to a customer-service send, recording it when accepted.
    private func send(token: String, body: Data) -> String {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let user = object?["touser"] as? String ?? ""
        let text = (object?["text"] as? [String: Any])?["content"] as? String ?? ""
        return lock.withLock {
            if token == expiring {
                expiring = nil
                refused.append("\(token): \(user)")
                return #"{"errcode":42001,"errmsg":"access_token expired"}"#
            }
            guard token == issued.last, object?["msgtype"] as? String == "text" else {
                return #"{"errcode":40001,"errmsg":"invalid credential"}"#
            }
            sent.append(Sent(token: token, user: user, text: text))
            return #"{"errcode":0,"errmsg":"ok"}"#
        }
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
