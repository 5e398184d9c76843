import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LinliGateways
import Testing

/// One running `linli serve` with its fake gateway, and the ways the end-to-end test talks
/// to it: as the WeChat server in safe mode, as a webhook caller, and by watching what
/// arrives at the fake customer-service API and callback URL.
struct EndToEndSession {
    let server: ServerProcess
    let gateway: FakeGateway
    let wechat: SafeModeClient
    let webhook: WebhookClient
    let http = URLSessionHTTPClient(timeout: .seconds(15))
    let msgIDs = MessageCounter()

    /// How long to wait for something linli sends later.
    static let arrivalTimeout: Duration = .seconds(10)

    /// Posts a new WeChat text from `openID`; returns the passive reply's text.
    func say(wechat text: String, from openID: String) async throws -> String {
        let message = try wechat.text(text, from: openID, msgID: 9_000_000_000 + UInt64(msgIDs.next()))
        return try await post(wechat: message, from: openID)
    }

    /// Posts an already built WeChat message (again, for a retry). A reply that missed the
    /// 5-second window comes through the customer-service API instead; that is waited for.
    func post(wechat message: (path: String, body: String), from openID: String) async throws -> String {
        let before = gateway.messages.count
        let response = try await http.send(.init(method: .post, url: server.url(message.path),
                                                 headers: ["Content-Type": "text/xml"], body: Data(message.body.utf8)))
        #expect(response.status == 200)
        if let text = try wechat.open(reply: String(decoding: response.body, as: UTF8.self), to: openID) {
            return text
        }
        let user = openID
        return try await arrival("a late answer to \(openID)") {
            gateway.messages.dropFirst(before).first { $0.user == user }?.text
        }
    }

    /// Posts a webhook message `id` from `user`; returns the replies joined by newlines.
    func say(webhook text: String, from user: String, id: String) async throws -> String {
        let response = try await http.send(try webhook.request(text, from: user, id: id, to: server.url("/webhook")))
        #expect(response.status == 200)
        return try WebhookClient.replies(response.body).joined(separator: "\n")
    }

    /// Customer-service messages to `openID` containing `fragment`, waiting until at least one arrived.
    func wechatArrivals(to openID: String, containing fragment: String) async throws -> [FakeGateway.Sent] {
        try await arrival("a message to \(openID) with '\(fragment)'") {
            let found = gateway.messages.filter { $0.user == openID && $0.text.contains(fragment) }
            return found.isEmpty ? nil : found
        }
    }

    /// Verified callbacks to `user` containing `fragment`, waiting until at least one arrived.
    func callbackArrivals(to user: String, containing fragment: String) async throws -> [String] {
        try await arrival("a callback to \(user) with '\(fragment)'") {
            let found = gateway.callbackBodies.compactMap(webhook.open).filter { $0.user == user && $0.text.contains(fragment) }
            return found.isEmpty ? nil : found.map(\.text)
        }
    }

    /// Polls `probe` until it yields a value, for up to ``arrivalTimeout``.
    func arrival<T>(_ what: String, _ probe: () throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + Self.arrivalTimeout
        while true {
            if let value = try probe() { return value }
            guard ContinuousClock.now < deadline else {
                throw EndToEndError("waited \(Self.arrivalTimeout) for \(what); the server said:\n\(server.log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The request number (#N) in a reply.
    static func number(in text: String) throws -> Int {
        let digits = try #require(text.split(separator: "#").dropFirst().first, "no #N in \(text)").prefix { $0.isNumber }
        return try #require(Int(digits), "no #N in \(text)")
    }
}
