import Crypto
import Foundation
import LinliGateways
import Testing

@Suite("Outbound: webhook callbacks")
struct OutboundWebhookCallbackTests {
    static let configuration = WebhookCallback.Configuration(url: URL(string: "http://127.0.0.1:9/linli/callback")!,
                                                             secret: "callback-secret")

    @Test("L4: a callback carries X-Linli-Timestamp and a signature over TIMESTAMP.BODY the receiver can verify")
    func aCallbackIsSignedSoTheReceiverCanVerifyIt() async throws {
        let platform = OutboundFakePlatform()
        let sentAt = Date(timeIntervalSince1970: 1_735_689_600)
        let callback = try WebhookCallback(configuration: Self.configuration, httpClient: platform, now: { sentAt })
        let response = try await callback.send("您的工单 #5 已办结", to: "user-42")
        #expect(response.status == 200)

        let request = try #require(platform.requests.first)
        #expect(request.method == .post)
        #expect(request.url == Self.configuration.url)
        let body = #"{"user_id":"user-42","text":"您的工单 #5 已办结"}"#
        #expect(String(decoding: request.body, as: UTF8.self) == body)
        #expect(request.headers[Webhook.timestampHeader] == "1735689600")
        let header = try #require(request.headers[Webhook.signatureHeader])
        // Computed independently of Webhook.Signer: HMAC-SHA256(secret, "1735689600." + body).
        let expected = HMAC<SHA256>.authenticationCode(
            for: Array("1735689600.\(body)".utf8), using: SymmetricKey(data: Array("callback-secret".utf8)))
        #expect(header == "sha256=" + expected.map { String(format: "%02x", $0) }.joined())
        let receiver = try Webhook.Signer(secret: "callback-secret")
        try receiver.verify(body: request.body, timestamp: "1735689600", header: header, now: sentAt.addingTimeInterval(5))
        #expect(throws: GatewayError.self) {
            try receiver.verify(
                body: Data(#"{"user_id":"user-43","text":"您的工单 #5 已办结"}"#.utf8), timestamp: "1735689600", header: header, now: sentAt)
        }
        #expect(throws: GatewayError.self) {
            try receiver.verify(body: request.body, timestamp: "1735689600", header: header, now: sentAt.addingTimeInterval(3_600))
        }
        #expect(throws: GatewayError.self) {
            try Webhook.Signer(secret: "another-secret").verify(body: request.body, timestamp: "1735689600", header: header, now: sentAt)
        }
    }

    @Test("with legacy_signature a callback is signed over the body alone, without a timestamp")
    func legacyCallback() async throws {
        let platform = OutboundFakePlatform()
        var configuration = Self.configuration
        configuration.legacySignature = true
        let callback = try WebhookCallback(configuration: configuration, httpClient: platform)
        _ = try await callback.send("已办结", to: "user-42")
        let request = try #require(platform.requests.first)
        #expect(request.headers[Webhook.timestampHeader] == nil)
        let header = try #require(request.headers[Webhook.signatureHeader])
        #expect(header == (try Webhook.Signer(secret: "callback-secret").legacySignature(for: request.body)))
    }

    @Test func anEmptySecretIsRefused() {
        let configuration = WebhookCallback.Configuration(url: Self.configuration.url, secret: "")
        let error = #expect(throws: GatewayError.self) {
            try WebhookCallback(configuration: configuration, httpClient: OutboundFakePlatform())
        }
        #expect(error?.code == .invalidConfiguration)
    }
}
