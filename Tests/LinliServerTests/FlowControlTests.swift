import Dispatch
import Foundation
import Synchronization
import HummingbirdTesting
import LinliCore
import LinliGateways
@testable import LinliServer
import LinliSQLite
import Testing

@Suite("rate limit and reply deadline")
struct FlowControlTests {
    @Test("one user flooding the webhook gets 429 after the limit; another user is still served")
    func webhookRateLimit() async throws {
        var harness = try Harness()
        harness.configuration.rateLimit = .init(messages: 3, window: 60)
        let clock = harness.clock
        try await harness.test { client in
            for index in 1...3 {
                let body = WebhookRouteTests.body(user: "flood", id: "f\(index)", text: "你好")
                #expect(try await client.post("/webhook", body: body, headers: try Wire.signed(body)).status == .ok)
            }
            let over = WebhookRouteTests.body(user: "flood", id: "f4", text: "你好")
            let refused = try await client.post("/webhook", body: over, headers: try Wire.signed(over))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "20")
            let other = WebhookRouteTests.body(user: "calm", id: "c1", text: "你好")
            #expect(try await client.post("/webhook", body: other, headers: try Wire.signed(other)).status == .ok)
            // A token comes back after window / messages.
            clock.advance(by: 20)
            let later = WebhookRouteTests.body(user: "flood", id: "f5", text: "你好")
            #expect(try await client.post("/webhook", body: later, headers: try Wire.signed(later)).status == .ok)
        }
        // The refused message never reached the engine.
        #expect(try harness.counts().inbox == 5)
    }

    @Test("on WeChat the flooding user is acknowledged, or told the configured words, without the engine")
    func wechatRateLimit() async throws {
        var harness = try Harness()
        harness.configuration.rateLimit = .init(messages: 1, window: 60)
        harness.configuration.rateLimitedReply = "慢一点"
        try await harness.test { client in
            let first = try await client.post("/wechat", query: Wire.plainQuery(), body: Wire.text("你好", msgID: 1))
            #expect(try Wire.content(ofPlainReply: first.text) == Harness.responses.render(.greeting))
            let second = try await client.post("/wechat", query: Wire.plainQuery(), body: Wire.text("你好", msgID: 2))
            #expect(second.status == .ok)
            #expect(try Wire.content(ofPlainReply: second.text) == "慢一点")
        }
        #expect(try harness.counts().inbox == 1)
    }

    @Test("a message that misses the deadline is acknowledged with success and its replies go to the outbox")
    func wechatDeadline() async throws {
        let gate = Gate()
        var harness = try Harness { GatedStore(inner: $0, gate: gate) }
        harness.configuration.clock = DeadlineClock(expired: true)
        try await harness.test { client in
            let response = try await client.post("/wechat", query: Wire.plainQuery(), body: Wire.text(WeChatRouteTests.report, msgID: 9009))
            #expect(response.status == .ok)
            #expect(response.text == "success")
            // The engine is still blocked when the test ends and the application shuts
            // down: the graceful shutdown must wait for it.
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(300)) { gate.open() }
        }
        // The application's shutdown waited for the engine, which queued the replies.
        let replies = try harness.outbox(for: "wechat:oUser-openid")
        #expect(replies.count == 1)
        #expect(replies.first?.contains("#1") == true)
        #expect(try harness.outbox(for: "wechat:worker-openid").count == 1)
        #expect(harness.configuration.metrics.render().contains(#"linli_late_replies_total{channel="wechat"} 1"#))
    }

    @Test("a late webhook message is accepted with 202 and an empty reply list; a retry is answered, not redone")
    func webhookDeadline() async throws {
        let gate = Gate()
        var harness = try Harness { GatedStore(inner: $0, gate: gate) }
        let deadline = DeadlineClock(expired: true)
        harness.configuration.clock = deadline
        let body = WebhookRouteTests.body(id: "late-1")
        let observer = harness
        try await harness.test { client in
            let response = try await client.post("/webhook", body: body, headers: try Wire.signed(body))
            #expect(response.status == .accepted)
            #expect(response.text == #"{"replies":[]}"#)
            gate.open()
            try await observer.waitForOutbox(recipient: "webhook:u1")
            // However slow the machine, the retry is now answered in time.
            deadline.expire(false)
            let retry = try await client.post("/webhook", body: body, headers: try Wire.signed(body))
            #expect(retry.status == .ok)
            #expect(retry.text.contains("#1"))
        }
        #expect(try harness.requests().count == 1)
        #expect(try harness.outbox(for: "webhook:u1").count == 1, "the retry's answer is not queued again")
    }

    @Test("replies beyond one passive reply's 2048 bytes go to the outbox, in order")
    func packing() {
        let long = String(repeating: "字", count: 400)  // 1200 bytes
        let (passive, rest) = PassiveReply.pack(["a", long, long, "b"])
        #expect(passive == "a\n\n" + long)
        #expect(rest == [long, "b"])
        #expect(PassiveReply.pack([]).passive.isEmpty)
        let huge = String(repeating: "x", count: 3000)
        #expect(PassiveReply.pack([huge, "y"]) == (huge, ["y"]))
    }

    @Test("the token bucket refills at messages per window and forgets nobody early")
    func bucket() {
        let limiter = RateLimiter(policy: .init(messages: 2, window: 10))
        let start = Date(timeIntervalSince1970: 1_000)
        #expect(limiter.allow("a", now: start))
        #expect(limiter.allow("a", now: start))
        #expect(!limiter.allow("a", now: start.addingTimeInterval(4)))
        #expect(limiter.allow("b", now: start.addingTimeInterval(4)))
        #expect(limiter.allow("a", now: start.addingTimeInterval(5)))
        #expect(!limiter.allow("a", now: start.addingTimeInterval(5)))
        // A clock stepping back neither refills nor drains.
        #expect(!limiter.allow("a", now: start))
    }

    @Test("full buckets are forgotten past the threshold, and pruning waits for the count to double again")
    func pruning() {
        let limiter = RateLimiter(policy: .init(messages: 2, window: 10))
        let start = Date(timeIntervalSince1970: 1_000)
        let threshold = RateLimiter.pruneThreshold
        // Users still limited (one token spent, within the window) are kept by every pruning.
        for user in 0..<(threshold + 1) { _ = limiter.allow("busy-\(user)", now: start) }
        #expect(limiter.trackedUsers == threshold + 1)
        // The next user triggers a pruning, which keeps them all: the next one waits until
        // the count doubles, so these new users are simply added.
        for user in 0..<100 { _ = limiter.allow("more-\(user)", now: start) }
        #expect(limiter.trackedUsers == threshold + 101)
        // Later users come a window apart, so every bucket before theirs is full again; past
        // twice the kept count, one pruning forgets them all but the user who triggered it.
        let later = start.addingTimeInterval(3_600)
        var user = 0
        while limiter.trackedUsers > 1 && user < 3 * threshold {
            _ = limiter.allow("late-\(user)", now: later.addingTimeInterval(10 * Double(user)))
            user += 1
        }
        #expect(limiter.trackedUsers == 1)
        #expect(user == 2 * (threshold + 1) - (threshold + 101) + 2)
    }
}

/// The clock the reply deadline is measured on, with the deadline decided by the test:
/// already passed, or never reached, so that no result depends on the machine's speed.
struct DeadlineClock: Clock {
    typealias Instant = ContinuousClock.Instant

    private let state: SharedFlag

    init(expired: Bool) {
        state = SharedFlag(expired)
    }

    var now: Instant { ContinuousClock.now }
    var minimumResolution: Duration { ContinuousClock().minimumResolution }

    /// Sets whether every deadline has already passed.
    func expire(_ value: Bool) { state.set(value) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        if state.value { return }
        // Never reached: the wait ends when the engine answers and cancels it.
        try await ContinuousClock().sleep(until: .now + .seconds(3600))
    }
}

/// A Boolean shared between the test and the server.
final class SharedFlag: Sendable {
    private let flag: Mutex<Bool>

    init(_ value: Bool) { flag = Mutex(value) }

    var value: Bool { flag.withLock { $0 } }

    func set(_ value: Bool) { flag.withLock { $0 = value } }
}

/// A latch the test opens to let blocked engine work proceed.
final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    func wait() { semaphore.wait() }

    func open() { semaphore.signal() }
}

/// The real store, except that handling a message first waits for the gate, as a slow
/// disk or a locked database would make it wait.
struct GatedStore: ForwardingStore {
    let inner: SQLiteStore
    let gate: Gate

    func handleOnce(key: String, _ body: (any StoreTransaction) throws -> [String]) throws -> HandledMessage {
        gate.wait()
        gate.open()  // once open, stays open for every later message
        return try inner.handleOnce(key: key, body)
    }

}

extension Harness {
    /// Waits until the outbox holds something for `recipient`, as long as `waitUntil` allows: two
    /// seconds, the bound this had before, was not enough on a loaded two-core machine.
    func waitForOutbox(recipient: String) async throws {
        try await waitUntil { try !outbox(for: recipient).isEmpty }
    }
}
