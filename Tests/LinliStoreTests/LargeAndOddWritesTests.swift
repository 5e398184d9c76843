import Foundation
import LinliCore
import Testing

/// Writes at the edges of what a database takes: more rows in one transaction than one
/// PostgreSQL statement can bind, and text with NUL, which PostgreSQL's TEXT cannot hold.
@Suite("Large and odd writes")
struct LargeAndOddWritesTests {
    /// Resolving a request tells every follower: 12,000 outbox rows (72,000 values, over the
    /// protocol's 65,535 per statement) in one transaction.
    @Test(arguments: Backend.all)
    func twelveThousandOutboxRowsGoInOneTransaction(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                let count = 12_000
                _ = try store.handleOnce(key: "wecom:resolve-1") { tx in
                    try tx.save(sampleRequest(1, status: .resolved))
                    for index in 0..<count {
                        try tx.enqueue(OutboundMessage(recipient: "wechat:f\(index)", text: "工单 #1 已办结"), at: at(1))
                    }
                    try tx.save(Conversation(userID: "wecom:worker", updatedAt: at(1)))
                    return ["已办结"]
                }
                #expect(try store.counts().outbox == count)
                let rows = try store.claimOutbox(limit: count)
                #expect(rows.count == count)
                // Ids follow the order written, across the statements the rows were split into.
                #expect(rows.map(\.message.recipient) == (0..<count).map { "wechat:f\($0)" })
                #expect(try store.read { try $0.conversation(for: "wecom:worker") } != nil)
            }
        }
    }

    /// A message with NUL must not make its transaction fail on every retry (a report that
    /// can never be submitted): PostgreSQL stores U+FFFD instead. SQLite stores the NUL but
    /// reads text back only up to it (GRDB), which this test leaves open: the gateways
    /// refuse control characters before they reach a store.
    @Test(arguments: Backend.all)
    func textWithNULIsStored(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                let text = "凤鸣小区3号楼\u{0}有人飞线充电"
                let stored = "凤鸣小区3号楼\u{FFFD}有人飞线充电"
                let user = "webhook:u\u{0}1"
                let handled = try store.handleOnce(key: "webhook:m\u{0}1") { tx in
                    var request = sampleRequest(1, resident: user)
                    request.slots["building"] = "3\u{0}"
                    try tx.save(request)
                    try tx.append(RequestEvent(request: 1, kind: .replied, actor: user, at: at(1), note: text))
                    try tx.enqueue(OutboundMessage(recipient: user, text: text), at: at(1))
                    try tx.save(Conversation(userID: user, updatedAt: at(1)))
                    return [text]
                }
                #expect(handled == HandledMessage(replies: [text], duplicate: false))
                let queued = try store.claimOutbox(limit: 10).map(\.message.text)
                let notes = try store.read { try $0.events(request: 1) }.map(\.note)
                if backend == .postgres {
                    #expect(queued == [stored])
                    #expect(notes == [stored])
                } else {
                    #expect(queued.count == 1 && queued[0].hasPrefix("凤鸣小区3号楼"))
                    #expect(notes.count == 1)
                }
                // Lookups map NUL the same way, so the user's conversation is found again.
                #expect(try store.read { try $0.conversation(for: user) } != nil)
                #expect(try store.handleOnce(key: "webhook:m\u{0}1") { _ in ["again"] }.duplicate)
            }
        }
    }
}
