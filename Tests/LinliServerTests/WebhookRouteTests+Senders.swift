import Foundation
import HummingbirdTesting
import LinliCore
@testable import LinliServer
import Testing

extension WebhookRouteTests {
    @Test("a message_id that another user already used is a new message of its own, never that user's replies")
    func messageIDsArePerSender() async throws {
        let harness = try Harness()
        let (victimReply, attackerReply) = try await harness.test { client in
            let report = Self.body(user: "resD", id: "d1", text: "楼上有人吊线给电瓶车充电，我电话13711112222")
            _ = try await client.post("/webhook", body: report, headers: try Wire.signed(report))
            let address = Self.body(user: "resD", id: "d2", text: "凤鸣小区5号楼")
            let victim = try await client.post("/webhook", body: address, headers: try Wire.signed(address))
            let reuse = Self.body(user: "attacker", id: "d2", text: "你好")
            let attacker = try await client.post("/webhook", body: reuse, headers: try Wire.signed(reuse))
            return (victim.text, attacker.text)
        }
        #expect(victimReply.contains("13711112222"))
        #expect(!attackerReply.contains("13711112222"))
        #expect(attackerReply.contains(Harness.responses.render(.greeting).prefix(4)))
        #expect(try harness.counts().inbox == 3, "every message was handled and recorded")
    }

    @Test("the dedupe key cannot be forged by moving characters between the user id and the message id")
    func dedupeKeysDoNotCollide() throws {
        let pairs = [("webhook:a", "b|c"), ("webhook:a|b", "c"), ("webhook:a:b", "c"), ("webhook:a", "b:c")]
        let keys = Set(try pairs.map { try UserID($0.0).dedupeKey(messageID: $0.1) })
        #expect(keys.count == pairs.count)
    }
}
