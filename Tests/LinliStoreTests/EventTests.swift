import Foundation
import LinliCore
import Testing

@Suite("Request history")
struct EventTests {
    private func storeWithTwoRequests(_ database: TestDatabase) throws -> any TestableStore {
        let store = try database.open()
        try store.write { tx in
            try tx.save(sampleRequest(1))
            try tx.save(sampleRequest(2, resident: "wechat:bob"))
        }
        return store
    }

    @Test(arguments: Backend.all)
    func historyComesBackOldestFirstPerRequest(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try storeWithTwoRequests(database)
            let opened = RequestEvent(request: 1, kind: .opened, actor: "wechat:alice", at: at(0))
            let assigned = RequestEvent(request: 1, kind: .assigned, actor: "system", at: at(0), note: "g1")
            let other = RequestEvent(request: 2, kind: .opened, actor: "wechat:bob", at: at(5))
            let claimed = RequestEvent(request: 1, kind: .claimed, actor: "wecom:worker", at: at(60.25))
            let replied = RequestEvent(request: 1, kind: .replied, actor: "wecom:worker", at: at(120), note: "马上到")
            try store.write { tx in
                try tx.append(opened)
                try tx.append(assigned)
                try tx.append(other)
            }
            try store.write { tx in
                try tx.append(replied)
                // Written after `replied` but happened before it: the history follows the clock.
                try tx.append(claimed)
            }
            #expect(try store.read { try $0.events(request: 1) } == [opened, assigned, claimed, replied])
            #expect(try store.read { try $0.events(request: 2) } == [other])
            #expect(try store.read { try $0.events(request: 3) } == [])
        }
    }

    @Test(arguments: Backend.all)
    func eventsSinceADateAreInclusiveAndOrdered(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try storeWithTwoRequests(database)
            let events = [
                RequestEvent(request: 1, kind: .opened, actor: "wechat:alice", at: at(0)),
                RequestEvent(request: 2, kind: .opened, actor: "wechat:bob", at: at(10)),
                RequestEvent(request: 1, kind: .resolved, actor: "wecom:worker", at: at(20), note: "已修好"),
                RequestEvent(request: 1, kind: .rated, actor: "wechat:alice", at: at(30), note: "5"),
            ]
            try store.write { tx in try events.reversed().forEach(tx.append) }
            #expect(try store.read { try $0.events(since: nil) } == events)
            #expect(try store.read { try $0.events(since: at(10)) } == Array(events[1...]))
            #expect(try store.read { try $0.events(since: at(31)) } == [])
        }
    }

    @Test(arguments: Backend.all)
    func anEventForAnUnknownRequestIsRefusedByNumber(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try storeWithTwoRequests(database)
            let error = try #require(throws: CoreError.self) {
                try store.write { try $0.append(RequestEvent(request: 42, kind: .claimed, actor: "wecom:worker", at: t0)) }
            }
            #expect(error.code == .unknownRequest)
            #expect(error.message.contains("#42"))
            #expect(try store.counts().events == 0)
        }
    }
}
