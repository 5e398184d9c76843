import Foundation
import HummingbirdTesting
import LinliCore
@testable import LinliServer
import Testing

extension WeChatRouteTests {
    @Test("a resident who unsubscribes is erased: no conversation, no words or phone in their request, nothing queued for them")
    func unsubscribeErases() async throws {
        let harness = try Harness()
        try await harness.test { client in
            let report = Wire.text(Self.report + "，我电话13912345678", msgID: 8101)
            _ = try await client.post("/wechat", query: Wire.plainQuery(), body: report)
            let leave = try await client.post("/wechat", query: Wire.plainQuery(), body: Wire.event("unsubscribe"))
            #expect(leave.text == "success")
        }
        let request = try #require(try harness.requests().first)
        #expect(!request.text.contains("13912345678") && request.slots["phone"] == nil)
        #expect(request.resident != "wechat:oUser-openid")
        #expect(try harness.counts().conversations == 0)
        #expect(try harness.outbox(for: "wechat:oUser-openid").isEmpty)
        // The grid worker's notice of the request stays: the request is the community's.
        #expect(try harness.outbox(for: "wechat:worker-openid").count == 1)
    }
}
