import Foundation
import HummingbirdTesting
import LinliCore
import LinliGateways
@testable import LinliServer
import LinliSQLite
import Testing

@Suite("health and metrics")
struct HealthAndMetricsTests {
    @Test("healthz answers 200 while the store answers")
    func healthy() async throws {
        let harness = try Harness()
        try await harness.test { client in
            let response = try await client.get("/healthz")
            #expect(response.status == .ok)
            #expect(response.text == "ok")
        }
    }

    @Test("healthz answers 503 when the store does not")
    func unhealthy() async throws {
        let harness = try Harness { BrokenStore(inner: $0) }
        try await harness.test { client in
            let response = try await client.get("/healthz")
            #expect(response.status == .serviceUnavailable)
        }
    }

    @Test("metrics are Prometheus text with every linli metric, counting a handled message")
    func metrics() async throws {
        let harness = try Harness()
        let text = try await harness.test { client in
            let body = #"{"user_id":"u1","message_id":"m1","text":"凤鸣小区4号楼3单元的楼道灯坏了一个多月了"}"#
            let reply = try await client.post("/webhook", body: body, headers: try Wire.signed(body))
            #expect(reply.status == .ok)
            let forged = try await client.post("/webhook", body: body, headers: try Wire.signed(body, secret: "guess"))
            #expect(forged.status == .unauthorized)
            let response = try await client.get("/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            return response.text
        }
        for name in ["linli_messages_total", "linli_message_handling_seconds_bucket", "linli_requests_opened_total",
                     "linli_requests_resolved_total", "linli_outbox_pending", "linli_rejected_requests_total",
                     "linli_late_replies_total", "linli_rate_limited_total"] {
            #expect(text.contains(name), "no \(name) in /metrics")
        }
        #expect(text.contains(#"linli_messages_total{channel="webhook",intent="#))
        #expect(text.contains("linli_requests_opened_total 1"))
        #expect(text.contains(#"linli_rejected_requests_total{channel="webhook",reason="badSignature"} 1"#))
        // The report notified the grid worker, so one message waits in the outbox.
        #expect(text.contains("linli_outbox_pending 1"))
    }
}

/// The real store, except that it cannot be reached: every call throws as a lost database would.
struct BrokenStore: Store {
    let inner: SQLiteStore

    struct Unreachable: Error {}

    func handleOnce(key: String, _ body: (any StoreTransaction) throws -> [String]) throws -> HandledMessage { throw Unreachable() }
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { throw Unreachable() }
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { throw Unreachable() }
    func pendingOutbox(limit: Int) throws -> [OutboxEntry] { throw Unreachable() }
    func recordDelivery(id: Int64, state: OutboxEntry.State, error: String?) throws { throw Unreachable() }
    func ping() throws { throw Unreachable() }
    func prune(inboxBefore: Date, outboxBefore: Date) throws -> PruneCounts { throw Unreachable() }
    func erase(user: String, at date: Date) throws { throw Unreachable() }
}
