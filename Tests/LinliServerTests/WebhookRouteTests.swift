import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliCore
import LinliGateways
@testable import LinliServer
import Testing

@Suite("/webhook")
struct WebhookRouteTests {
    static func body(user: String = "u1", id: String, text: String = WeChatRouteTests.report) -> String {
        #"{"user_id":"\#(user)","message_id":"\#(id)","text":"\#(text)"}"#
    }

    @Test("a signed message gets its replies as JSON")
    func signed() async throws {
        let harness = try Harness()
        let body = Self.body(id: "m1")
        let response = try await harness.test { client in
            try await client.post("/webhook", body: body, headers: try Wire.signed(body))
        }
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
        let replies = try #require(json["replies"] as? [[String: String]])
        #expect(replies.count == 1)
        #expect(replies[0]["text"]?.contains("#1") == true)
        #expect(try harness.requests().first?.resident == "webhook:u1")
    }

    @Test("a bad or missing signature is 401, malformed JSON 400, and neither touches the store")
    func refused() async throws {
        let harness = try Harness()
        try await harness.test { client in
            let body = Self.body(id: "m2")
            let forged = try await client.post("/webhook", body: body, headers: try Wire.signed(body, secret: "guess"))
            #expect(forged.status == .unauthorized)
            let unsigned = try await client.post("/webhook", body: body)
            #expect(unsigned.status == .unauthorized)
            let tampered = try await client.post("/webhook", body: body.replacingOccurrences(of: "u1", with: "u2"), headers: try Wire.signed(body))
            #expect(tampered.status == .unauthorized)
            for malformed in [#"{"user_id":"u1","#, #"{"user_id":"u1","message_id":"m3"}"#, #"{"user_id":1,"message_id":"m3","text":"x"}"#, "[]"] {
                let response = try await client.post("/webhook", body: malformed, headers: try Wire.signed(malformed))
                #expect(response.status == .badRequest, "\(malformed)")
                #expect(response.text.contains("malformedJSON"))
            }
            let huge = Self.body(id: "m4", text: String(repeating: "x", count: 70_000))
            #expect(try await client.post("/webhook", body: huge, headers: try Wire.signed(huge)).status == .contentTooLarge)
        }
        let counts = try harness.counts()
        #expect(counts.inbox == 0 && counts.requests == 0 && counts.outbox == 0 && counts.conversations == 0)
    }

    @Test("a retried message_id gets the same replies and opens nothing new")
    func retry() async throws {
        let harness = try Harness()
        let body = Self.body(id: "same")
        let (first, second) = try await harness.test { client in
            let first = try await client.post("/webhook", body: body, headers: try Wire.signed(body))
            let second = try await client.post("/webhook", body: body, headers: try Wire.signed(body))
            return (first.text, second.text)
        }
        #expect(first == second)
        #expect(try harness.requests().count == 1)
    }

    @Test("an engine failure is 503, and the server keeps serving")
    func engineFailure() async throws {
        let harness = try Harness { BrokenStore(inner: $0) }
        try await harness.test { client in
            let body = Self.body(id: "m5")
            let response = try await client.post("/webhook", body: body, headers: try Wire.signed(body))
            #expect(response.status == .serviceUnavailable)
            #expect(try await client.get("/metrics").status == .ok)
        }
    }
}
