import Foundation
import LinliGateways
import Testing

@Suite("Outbound: webhook callbacks")
struct OutboundWebhookCallbackTests {
    static let configuration = WebhookCallback.Configuration(url: URL(string: "http://127.0.0.1:9/linli/callback")!,
                                                             secret: "callback-secret")

    @Test func aCallbackIsSignedSoTheReceiverCanVerifyIt() async throws {
        let platform = OutboundFakePlatform()
        let callback = try WebhookCallback(configuration: Self.configuration, httpClient: platform)
        let response = try await callback.send("您的工单 #5 已办结", to: "user-42")
        #expect(response.status == 200)

        let request = try #require(platform.requests.first)
        #expect(request.method == .post)
        #expect(request.url == Self.configuration.url)
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"user_id":"user-42","text":"您的工单 #5 已办结"}"#)
        let header = try #require(request.headers[Webhook.signatureHeader])
        #expect(header.hasPrefix("sha256="))
        let receiver = try Webhook.Signer(secret: "callback-secret")
        try receiver.verify(body: request.body, header: header)
        #expect(throws: GatewayError.self) {
            try receiver.verify(body: Data(#"{"user_id":"user-43","text":"您的工单 #5 已办结"}"#.utf8), header: header)
        }
        #expect(throws: GatewayError.self) {
            try Webhook.Signer(secret: "another-secret").verify(body: request.body, header: header)
        }
    }

    @Test func anEmptySecretIsRefused() {
        let configuration = WebhookCallback.Configuration(url: Self.configuration.url, secret: "")
        let error = #expect(throws: GatewayError.self) {
            try WebhookCallback(configuration: configuration, httpClient: OutboundFakePlatform())
        }
        #expect(error?.code == .invalidConfiguration)
    }
}
