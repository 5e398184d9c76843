import Foundation
import LinliCore
import Testing

@Suite("A durable store across restarts")
struct PersistenceTests {
    @Test(arguments: Backend.durable)
    func restartKeepsEverything(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }

            var conversation = Conversation(userID: "wechat:alice", updatedAt: at(90.5))
            conversation.form = Conversation.Form(intent: "repair", slots: ["building": "4"], text: "楼道灯坏了 4号楼",
                                                  attachments: ["https://example.com/a.jpg"], asking: "unit")
            conversation.lastRequest = 1
            conversation.misunderstandings = 2
            conversation.question = .init(choices: ["facility_repair", "safety_hazard"], text: "电线盒子开了", slots: ["building": "4"])
            var request = sampleRequest(1, followers: ["wechat:bob"], openedAt: at(0.5))
            request.status = .claimed
            request.claimedAt = at(60)
            let opened = RequestEvent(request: 1, kind: .opened, actor: "wechat:alice", at: at(0.5))
            let claimed = RequestEvent(request: 1, kind: .claimed, actor: "wecom:worker", at: at(60))

            do {
                let store = try database.open()
                defer { store.closeForTest() }
                let handled = try store.handleOnce(key: "wechat:5005") { tx in
                    let number = try tx.nextRequestNumber()
                    try tx.save(request)
                    try tx.append(opened)
                    try tx.append(claimed)
                    try tx.enqueue(OutboundMessage(recipient: "wecom:worker", text: "新工单 #\(number)"), at: at(0.5))
                    try tx.enqueue(OutboundMessage(recipient: "wechat:alice", text: "已接单"), at: at(60))
                    try tx.save(conversation)
                    return ["已受理，编号 #\(number)"]
                }
                #expect(handled == HandledMessage(replies: ["已受理，编号 #1"], duplicate: false))
                let first = try #require(try store.claimOutbox(limit: 10).first)
                try store.recordDelivery(id: first.id, state: .delivered, error: nil)
            }

            let reopened = try database.open()
            #expect(try reopened.read { try $0.conversation(for: "wechat:alice") } == conversation)
            #expect(try reopened.read { try $0.conversation(for: "wechat:bob") } == nil)
            #expect(try reopened.read { try $0.request(number: 1) } == request)
            #expect(try reopened.read { try $0.requests(RequestQuery(resident: "wechat:bob")) } == [request])
            #expect(try reopened.read { try $0.events(request: 1) } == [opened, claimed])

            let pending = try reopened.claimOutbox(limit: 10)
            #expect(pending.map(\.message) == [OutboundMessage(recipient: "wechat:alice", text: "已接单")])
            #expect(pending.first?.createdAt == at(60))

            var runs = 0
            let retried = try reopened.handleOnce(key: "wechat:5005") { _ in runs += 1; return [] }
            #expect(retried == HandledMessage(replies: ["已受理，编号 #1"], duplicate: true))
            #expect(runs == 0)
            #expect(try reopened.write { try $0.nextRequestNumber() } == 2)
        }
    }

    @Test(arguments: Backend.durable)
    func numbersContinueAcrossReopen(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            for expected in 1...3 {
                let store = try database.open()
                defer { store.closeForTest() }
                #expect(try store.write { try $0.nextRequestNumber() } == expected)
            }
        }
    }

    @Test(arguments: Backend.all)
    func conversationsAreReplacedNotDuplicated(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            var conversation = Conversation(userID: "repl:张三", updatedAt: at(0))
            try store.write { try $0.save(conversation) }
            conversation.awaitingRating = 3
            conversation.updatedAt = at(1.5)
            try store.write { try $0.save(conversation) }
            #expect(try store.read { try $0.conversation(for: "repl:张三") } == conversation)
            #expect(try store.counts().conversations == 1)
        }
    }
}
