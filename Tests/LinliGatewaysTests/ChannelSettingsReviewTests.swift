import Foundation
import LinliGateways
import Testing

/// The start-up checks `linli serve` runs on the channel settings (audit L9, M4).
@Suite("Channel settings review")
struct ChannelSettingsReviewTests {
    private func refusal(_ body: () throws -> Any) -> GatewayError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? GatewayError
        }
    }

    @Test("L9: a webhook secret under 16 bytes is refused, naming the key", arguments: ["", "a", "hooksecret", String(repeating: "s", count: 15)])
    func shortWebhookSecret(secret: String) throws {
        let error = try #require(refusal { try ChannelSettingsReview.checkWebhookSecret(secret) })
        #expect(error.code == .invalidConfiguration)
        #expect(error.value == "webhook.secret")
        if secret.count > 3 {
            #expect(!error.description.contains(secret), "the secret itself is never shown")
        }
    }

    @Test("L9: 16 bytes and more are accepted (bytes, so 6 汉字 count as 18)", arguments: [String(repeating: "s", count: 16), "邻里守望助手"])
    func goodWebhookSecret(secret: String) throws {
        try ChannelSettingsReview.checkWebhookSecret(secret)
    }

    @Test("L9: tokens under the platforms' 3 characters are refused, under 16 warned about, longer ones pass quietly")
    func tokens() throws {
        #expect(refusal { try ChannelSettingsReview.checkToken("ab", key: "wechat.token") }?.value == "wechat.token")
        #expect(refusal { try ChannelSettingsReview.checkToken("", key: "wecom.token") }?.code == .invalidConfiguration)
        let warnings = try ChannelSettingsReview.checkToken("linlitoken", key: "wechat.token")
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("wechat.token") == true)
        #expect(warnings.first?.contains("linlitoken") == false)
        #expect(try ChannelSettingsReview.checkToken("abc", key: "wecom.token").count == 1)
        #expect(try ChannelSettingsReview.checkToken("hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", key: "wecom.token").isEmpty)
    }

    @Test("L9: http:// is warned about outside loopback only", arguments: [
        ("http://api.weixin.qq.com", true), ("http://10.0.0.5:8080/callback", true), ("http://127.evil.example/", true),
        ("HTTP://callback.example.org/x", true),
        ("https://api.weixin.qq.com", false), ("http://127.0.0.1:18183", false), ("http://localhost/cb", false),
        ("http://[::1]:9000/cb", false), ("http://127.1.2.3/", false),
    ])
    func transport(url: String, warned: Bool) throws {
        let warnings = ChannelSettingsReview.transportWarnings(try #require(URL(string: url)), key: "webhook.callback_url")
        #expect(warnings.isEmpty == !warned)
        #expect(warnings.allSatisfy { $0.hasPrefix("webhook.callback_url") })
    }

    @Test("M4: WeChat staff on a plain-mode endpoint refuse to start unless explicitly allowed")
    func plaintextStaff() throws {
        let staff = ["webhook:staff1", "wechat:ostaffopenid0001"]
        let error = try #require(refusal {
            try ChannelSettingsReview.checkPlaintextStaff(staffIDs: staff, encrypted: false, allowed: false)
        })
        #expect(error.code == .invalidConfiguration)
        #expect(error.value == "wechat:ostaffopenid0001")
        #expect(error.message.contains("wechat.encoding_aes_key"))
        #expect(error.message.contains("wechat.allow_plaintext_staff"))
        try ChannelSettingsReview.checkPlaintextStaff(staffIDs: staff, encrypted: true, allowed: false)
        try ChannelSettingsReview.checkPlaintextStaff(staffIDs: staff, encrypted: false, allowed: true)
        try ChannelSettingsReview.checkPlaintextStaff(staffIDs: ["webhook:staff1", "wecom:LiSi"], encrypted: false, allowed: false)
    }

    @Test("L9: a WeCom endpoint without an AgentID is warned about")
    func agentID() {
        #expect(ChannelSettingsReview.agentIDWarnings(nil).count == 1)
        #expect(ChannelSettingsReview.agentIDWarnings(1_000_002).isEmpty)
    }
}
