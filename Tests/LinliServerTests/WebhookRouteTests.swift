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

    @Test("L4: a fresh timestamp is accepted up to 300 s either way; a stale one is 401")
    func timestampWindow() async throws {
        let harness = try Harness()
        try await harness.test { client in
            for (id, skew) in [("w1", -300), ("w2", 300)] as [(String, Int64)] {
                let body = Self.body(user: "u-\(id)", id: id)
                let response = try await client.post("/webhook", body: body, headers: try Wire.signed(body, timestamp: Harness.start + skew))
                #expect(response.status == .ok, "\(skew)")
            }
            for (id, skew) in [("w3", -301), ("w4", 301), ("w5", -30 * 86_400)] as [(String, Int64)] {
                let body = Self.body(id: id)
                let response = try await client.post("/webhook", body: body, headers: try Wire.signed(body, timestamp: Harness.start + skew))
                #expect(response.status == .unauthorized, "\(skew)")
                #expect(response.text.contains("staleTimestamp"))
            }
        }
        #expect(try harness.counts().inbox == 2)
    }

    @Test("L4: the old body-only signature without a timestamp is 401 unless legacy_signature is set")
    func legacySignature() async throws {
        let body = Self.body(id: "legacy")
        let strict = try Harness()
        try await strict.test { client in
            let response = try await client.post("/webhook", body: body, headers: Wire.legacySigned(body))
            #expect(response.status == .unauthorized)
        }
        #expect(try strict.counts().inbox == 0)
        var legacy = try Harness()
        legacy.configuration.webhookLegacySignature = true
        try await legacy.test { client in
            let old = try await client.post("/webhook", body: body, headers: Wire.legacySigned(body))
            #expect(old.status == .ok)
            let other = Self.body(id: "new-form")
            #expect(try await client.post("/webhook", body: other, headers: try Wire.signed(other)).status == .ok)
        }
        #expect(try legacy.counts().inbox == 2)
    }

    @Test("L1, L6, L7: over-long or non-ASCII user ids, over-long message ids and NUL in text are 400", arguments: [
        #"{"user_id":"\#(String(repeating: "a", count: 60_000))","message_id":"x1","text":"你好"}"#,
        #"{"user_id":"\u212Aate","message_id":"k1","text":"详情 1"}"#,
        #"{"user_id":"u1","message_id":"\#(String(repeating: "9", count: 200))","text":"你好"}"#,
        #"{"user_id":"u","message_id":"x","text":"凤鸣小区3号楼\u0000有人飞线充电"}"#,
    ])
    func boundedFields(body: String) async throws {
        let harness = try Harness()
        try await harness.test { client in
            let response = try await client.post("/webhook", body: body, headers: try Wire.signed(body))
            #expect(response.status == .badRequest)
            #expect(response.text.contains("invalidField"))
        }
        let counts = try harness.counts()
        #expect(counts.inbox == 0 && counts.conversations == 0)
    }
}
