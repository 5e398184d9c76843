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

extension HealthAndMetricsTests {
    /// A store with 300 requests (100 resolved) and 2 outbox rows, counting what a scrape asks of it.
    static func busyStore() throws -> (Harness, CountingStore) {
        var counting: CountingStore?
        let harness = try Harness { inner in
            let store = CountingStore(inner: inner)
            counting = store
            return store
        }
        try harness.sqlite.write { tx in
            for number in 1...300 {
                var request = ServiceRequest(number: number, intent: "repair", status: .open, resident: "wechat:r\(number)",
                                             text: "楼道灯坏了", slots: [:], route: "grid_worker", followers: ["wechat:f\(number)"],
                                             openedAt: Date(timeIntervalSince1970: 1_767_225_600))
                if number <= 100 {
                    request.status = .resolved
                    request.resolvedAt = Date(timeIntervalSince1970: 1_767_229_200)
                }
                try tx.save(request)
            }
            try tx.enqueue(OutboundMessage(recipient: "wechat:a", text: "一"), at: Date(timeIntervalSince1970: 1_767_225_600))
            try tx.enqueue(OutboundMessage(recipient: "wechat:b", text: "二"), at: Date(timeIntervalSince1970: 1_767_225_600))
        }
        return (harness, try #require(counting))
    }

    @Test("a scrape counts in the store, reads no request and claims no outbox row")
    func scrapesCount() async throws {
        var (harness, store) = try Self.busyStore()
        harness.configuration.metrics = ServerMetrics(clock: ManualClock())
        let text = try await harness.test { client in try await client.get("/metrics").text }
        #expect(text.contains("linli_requests_opened_total 300"))
        #expect(text.contains("linli_requests_resolved_total 100"))
        #expect(text.contains("linli_outbox_pending 2"))
        #expect(text.contains("linli_outbox_failed 0"))
        #expect(store.calls == ["outboxCounts", "requestCounts"])
        // Both rows are still there for the delivery service to claim.
        #expect(try harness.sqlite.claimOutbox(limit: 10).count == 2)
    }

    @Test("scrapes within the refresh interval reuse the store's counts")
    func scrapesAreCached() async throws {
        var (harness, store): (Harness, CountingStore) = try Self.busyStore()
        let clock = ManualClock()
        harness.configuration.metrics = ServerMetrics(refreshInterval: .seconds(5), clock: clock)
        let sqlite = harness.sqlite, counting = store
        try await harness.test { client in
            for _ in 0..<10 { _ = try await client.get("/metrics") }
            #expect(counting.calls.count == 2)
            clock.advance(by: .milliseconds(4_999))
            _ = try await client.get("/metrics")
            #expect(counting.calls.count == 2)
            try sqlite.write { tx in
                try tx.enqueue(OutboundMessage(recipient: "wechat:c", text: "三"), at: Date(timeIntervalSince1970: 1_767_225_600))
            }
            clock.advance(by: .milliseconds(1))
            let text = try await client.get("/metrics").text
            #expect(counting.calls.count == 4)
            #expect(text.contains("linli_outbox_pending 3"))
        }
    }
}

/// The real store, recording which of its calls a scrape makes.
final class CountingStore: ForwardingStore, @unchecked Sendable {
    let inner: SQLiteStore
    private let lock = NSLock()
    private var recorded: [String] = []

    init(inner: SQLiteStore) { self.inner = inner }

    /// The calls so far, by name, in order.
    var calls: [String] { lock.withLock { recorded } }

    private func record(_ call: String) { lock.withLock { recorded.append(call) } }

    func handleOnce(key: String, _ body: (any StoreTransaction) throws -> [String]) throws -> HandledMessage {
        record("handleOnce")
        return try inner.handleOnce(key: key, body)
    }
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { record("write"); return try inner.write(body) }
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { record("read"); return try inner.read(body) }
    func claimOutbox(limit: Int) throws -> [OutboxEntry] { record("claimOutbox"); return try inner.claimOutbox(limit: limit) }
    func outboxCounts() throws -> OutboxCounts { record("outboxCounts"); return try inner.outboxCounts() }
    func requestCounts() throws -> RequestCounts { record("requestCounts"); return try inner.requestCounts() }
    func recordDelivery(id: Int64, state: OutboxEntry.State, error: String?) throws -> Bool {
        record("recordDelivery")
        return try inner.recordDelivery(id: id, state: state, error: error)
    }
    func ping() throws { record("ping"); try inner.ping() }
}

/// The real store, except that it cannot be reached: every call throws as a lost database would.
struct BrokenStore: Store {
    let inner: SQLiteStore

    struct Unreachable: Error {}

    func handleOnce(key: String, _ body: (any StoreTransaction) throws -> [String]) throws -> HandledMessage { throw Unreachable() }
    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { throw Unreachable() }
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T { throw Unreachable() }
    func claimOutbox(limit: Int) throws -> [OutboxEntry] { throw Unreachable() }
    func outboxCounts() throws -> OutboxCounts { throw Unreachable() }
    func requestCounts() throws -> RequestCounts { throw Unreachable() }
    func recordDelivery(id: Int64, state: OutboxEntry.State, error: String?) throws -> Bool { throw Unreachable() }
    func ping() throws { throw Unreachable() }
    func prune(inboxBefore: Date, outboxBefore: Date) throws -> PruneCounts { throw Unreachable() }
    func erase(user: String, at date: Date) throws { throw Unreachable() }
}
