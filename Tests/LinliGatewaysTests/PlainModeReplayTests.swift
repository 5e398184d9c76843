import Foundation
import LinliGateways
import Testing

/// WeChat plain mode signs the query, not the body: a query may be used again only with the
/// body it first came with, which is what a platform retry does (audit M4).
@Suite("Plain mode: signed queries and their bodies")
struct PlainModeReplayTests {
    private static let token = "PlainReplayToken16"
    private static let timestamp = "1735689600"
    private static let now = Fixtures.at(timestamp)

    private func endpoint(replays: ReplayCache = ReplayCache()) throws -> WeChat.Endpoint {
        try WeChat.Endpoint(configuration: .init(token: Self.token, appID: "wx0a1b2c3d4e5f6789"), replays: replays)
    }

    private static func query(nonce: String = "42") -> [String: String] {
        ["signature": CallbackSignature.compute(token: token, timestamp: timestamp, nonce: nonce), "timestamp": timestamp, "nonce": nonce]
    }

    private static func text(_ content: String, from user: String, msgID: Int) -> [UInt8] {
        Array(("<xml><ToUserName>gh</ToUserName><FromUserName>\(user)</FromUserName><CreateTime>\(timestamp)</CreateTime>"
            + "<MsgType>text</MsgType><Content>\(content)</Content><MsgId>\(msgID)</MsgId></xml>").utf8)
    }

    @Test("M4: the audit's reuse: a resident's signed query replayed with a staff member's body is refused")
    func reuseWithAnotherBody() throws {
        let endpoint = try endpoint()
        let first = try endpoint.decodeInbound(query: Self.query(), body: Self.text("你好", from: "oresident", msgID: 1), now: Self.now)
        #expect(first.message.fromUserName == "oresident")
        let forged = Self.text("详情 1", from: "ostaffopenid0001", msgID: 2)
        #expect(code { try endpoint.decodeInbound(query: Self.query(), body: forged, now: Self.now.addingTimeInterval(1)) } == .replayedRequest)
        #expect(code { try endpoint.decodeInbound(query: Self.query(), body: forged, now: Self.now.addingTimeInterval(299)) } == .replayedRequest)
    }

    @Test("M4: a platform retry (same query, same body) still gets through, so its answer can be repeated")
    func retryWithSameBody() throws {
        let endpoint = try endpoint()
        let body = Self.text("你好", from: "oresident", msgID: 1)
        for delay in [0.0, 5, 10] {
            let inbound = try endpoint.decodeInbound(query: Self.query(), body: body, now: Self.now.addingTimeInterval(delay))
            #expect(inbound.message.msgID == 1)
        }
    }

    @Test("M4: another nonce is another query; copies of the endpoint share what they remember")
    func distinctQueriesAndSharedMemory() throws {
        let endpoint = try endpoint()
        let copy = endpoint
        _ = try endpoint.decodeInbound(query: Self.query(nonce: "1"), body: Self.text("a", from: "o1", msgID: 1), now: Self.now)
        _ = try endpoint.decodeInbound(query: Self.query(nonce: "2"), body: Self.text("b", from: "o2", msgID: 2), now: Self.now)
        #expect(code { try copy.decodeInbound(query: Self.query(nonce: "1"), body: Self.text("b", from: "o2", msgID: 2), now: Self.now) }
            == .replayedRequest)
    }

    @Test("M4: a refused signature or timestamp leaves nothing behind to block the genuine push")
    func onlyAuthenticatedQueriesAreRemembered() throws {
        let replays = ReplayCache()
        let endpoint = try endpoint(replays: replays)
        var forged = Self.query()
        forged["signature"] = String(repeating: "0", count: 40)
        #expect(code { try endpoint.decodeInbound(query: forged, body: Self.text("x", from: "o", msgID: 9), now: Self.now) } == .badSignature)
        #expect(code {
            try endpoint.decodeInbound(query: Self.query(), body: Self.text("x", from: "o", msgID: 9), now: Self.now.addingTimeInterval(400))
        } == .staleTimestamp)
        #expect(replays.count == 0)
        _ = try endpoint.decodeInbound(query: Self.query(), body: Self.text("genuine", from: "o", msgID: 1), now: Self.now)
        #expect(replays.count == 1)
    }

    // MARK: The cache itself

    @Test("the cache forgets a key once its timestamp can no longer pass the window")
    func expiry() throws {
        let cache = ReplayCache()
        let one = Array("one".utf8)
        let two = Array("two".utf8)
        try cache.admit(key: "k", body: one, expires: 1_000, now: Date(timeIntervalSince1970: 700))
        #expect(throws: GatewayError.self) { try cache.admit(key: "k", body: two, expires: 1_000, now: Date(timeIntervalSince1970: 1_000)) }
        try cache.admit(key: "k", body: two, expires: 1_400, now: Date(timeIntervalSince1970: 1_001))
        #expect(throws: GatewayError.self) { try cache.admit(key: "k", body: one, expires: 1_400, now: Date(timeIntervalSince1970: 1_002)) }
    }

    @Test("the cache holds at most its capacity, dropping the oldest first")
    func bounded() throws {
        let cache = ReplayCache(capacity: 100)
        let now = Date(timeIntervalSince1970: 0)
        for index in 0..<1_000 {
            try cache.admit(key: "k\(index)", body: Array("\(index)".utf8), expires: 300, now: now)
            #expect(cache.count <= 100)
        }
        #expect(cache.count == 100)
        // The newest is still remembered, the first long forgotten.
        #expect(throws: GatewayError.self) { try cache.admit(key: "k999", body: Array("other".utf8), expires: 300, now: now) }
        try cache.admit(key: "k0", body: Array("other".utf8), expires: 300, now: now)
    }

    @Test("the cache is safe to use from many tasks at once")
    func concurrent() async throws {
        let cache = ReplayCache(capacity: 50_000)
        let now = Date(timeIntervalSince1970: 0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<1_000 {
                        try cache.admit(key: "t\(task)-\(index)", body: [UInt8(task)], expires: 300, now: now)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(cache.count == 8_000)
    }
}
