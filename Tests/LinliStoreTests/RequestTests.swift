import Foundation
import LinliCore
import Testing

@Suite("Requests: numbers, saving, queries")
struct RequestTests {
    @Test(arguments: Backend.all)
    func numbersAreSequentialWithinAndAcrossTransactions(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            let firstTwo = try store.write { tx in [try tx.nextRequestNumber(), try tx.nextRequestNumber()] }
            let third = try store.write { try $0.nextRequestNumber() }
            let fourth = try store.handleOnce(key: "wechat:1") { tx in ["\(try tx.nextRequestNumber())"] }
            #expect(firstTwo == [1, 2])
            #expect(third == 3)
            #expect(fourth.replies == ["4"])
        }
    }

    @Test(arguments: Backend.all)
    func rolledBackNumbersAreReused(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            #expect(try store.write { try $0.nextRequestNumber() } == 1)
            #expect(throws: HandlerFailure.self) {
                try store.write { tx in
                    _ = try tx.nextRequestNumber()
                    throw HandlerFailure(reason: "abandoned")
                }
            }
            #expect(try store.write { try $0.nextRequestNumber() } == 2)
        }
    }

    @Test(arguments: Backend.all)
    func numbersSkipRequestsSavedUnderNumbersNeverHandedOut(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            try store.write { try $0.save(sampleRequest(7)) }
            #expect(try store.write { try $0.nextRequestNumber() } == 8)
        }
    }

    @Test(arguments: Backend.all)
    func requestsRoundTripWithMillisecondDates(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            var request = sampleRequest(1, followers: ["wecom:bob"], openedAt: at(0.125))
            request.claimer = "wecom:worker"
            request.claimedAt = at(61.5)
            request.resolvedAt = at(3600.001)
            request.rating = 5
            request.resolutionNote = "已更换灯泡"
            request.serviceMinutes = 30
            try store.write { try $0.save(request) }
            #expect(try store.read { try $0.request(number: 1) } == request)
            #expect(try store.read { try $0.request(number: 2) } == nil)
        }
    }

    @Test(arguments: Backend.all)
    func subMillisecondDatesAreRoundedToTheMillisecond(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            try store.write { try $0.save(sampleRequest(1, openedAt: at(0.0004))) }
            let stored = try #require(try store.read { try $0.request(number: 1) })
            #expect(stored.openedAt == t0)
        }
    }

    @Test(arguments: Backend.all)
    func savingAgainReplacesTheRequestAndItsColumns(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            var request = sampleRequest(1)
            try store.write { try $0.save(request) }
            request.status = .claimed
            request.claimer = "wecom:worker"
            request.grid = "g2"
            try store.write { try $0.save(request) }
            #expect(try store.read { try $0.request(number: 1) } == request)
            #expect(try store.read { try $0.requests(RequestQuery(statuses: [.open])) }.isEmpty)
            #expect(try store.read { try $0.requests(RequestQuery(statuses: [.claimed], grids: ["g2"])) }.map(\.number) == [1])
            #expect(try store.counts().requests == 1)
        }
    }

    /// Six requests that differ in one field each, for the query table below.
    private func storeWithRequests(_ database: TestDatabase) throws -> any TestableStore {
        let store = try database.open()
        try store.write { tx in
            try tx.save(sampleRequest(1, intent: "repair", status: .open, resident: "wechat:alice", grid: "g1", openedAt: at(0)))
            try tx.save(sampleRequest(2, intent: "wish", status: .assigned, resident: "wechat:bob", grid: "g2", openedAt: at(10)))
            try tx.save(sampleRequest(3, intent: "repair", status: .claimed, resident: "wechat:carol", grid: "g1",
                                      followers: ["wechat:alice"], openedAt: at(20)))
            try tx.save(sampleRequest(4, intent: "complaint", status: .resolved, resident: "wechat:dave", grid: nil, openedAt: at(30)))
            try tx.save(sampleRequest(5, intent: "repair", status: .cancelled, resident: "wechat:alice", grid: "g3", openedAt: at(40)))
            // Opened earlier than #5 although numbered later: results come oldest first.
            try tx.save(sampleRequest(6, intent: "wish", status: .open, resident: "wechat:erin", grid: "g2", openedAt: at(35)))
        }
        return store
    }

    static let queries: [(RequestQuery, [Int])] = [
        (RequestQuery(), [1, 2, 3, 4, 6, 5]),
        (RequestQuery(statuses: [.open]), [1, 6]),
        (RequestQuery(statuses: [.open, .assigned, .claimed]), [1, 2, 3, 6]),
        (RequestQuery(statuses: []), []),
        (RequestQuery(resident: "wechat:alice"), [1, 3, 5]),
        (RequestQuery(resident: "wechat:carol"), [3]),
        (RequestQuery(resident: "wechat:nobody"), []),
        (RequestQuery(resident: "wechat:ali"), []),
        (RequestQuery(grids: ["g1"]), [1, 3]),
        (RequestQuery(grids: ["g2", "g3"]), [2, 6, 5]),
        (RequestQuery(grids: [""]), [4]),
        (RequestQuery(grids: []), []),
        (RequestQuery(intent: "wish"), [2, 6]),
        (RequestQuery(openedSince: at(30)), [4, 6, 5]),
        (RequestQuery(statuses: [.open, .cancelled], resident: "wechat:alice", grids: ["g1", "g3"], intent: "repair",
                      openedSince: at(5)), [5]),
    ]

    /// Who opened each request of `storeWithRequests`.
    static let openers = [1: "wechat:alice", 2: "wechat:bob", 3: "wechat:carol", 4: "wechat:dave", 5: "wechat:alice",
                          6: "wechat:erin"]

    @Test(arguments: Backend.all, queries)
    func queriesFilterAndOrderOldestFirst(backend: Backend, entry: (query: RequestQuery, expected: [Int])) async throws {
        try await blocking {
            let (query, expected) = entry
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try storeWithRequests(database)
            let found = try store.read { try $0.requests(query) }
            #expect(found.map(\.number) == expected)
            #expect(found.allSatisfy(query.matches))
            // The first of them another resident opened, from the store and from the default.
            // Alice opened #1 and #5 and follows #3; "wechat:nobody" neither opened nor follows any.
            for resident in ["wechat:alice", "wechat:bob", "wechat:carol", "wechat:erin", "wechat:nobody"] {
                let first = expected.first { Self.openers[$0] != resident }.map { RequestHead(number: $0, resident: Self.openers[$0]!) }
                for kind in TransactionKind.allCases {
                    let head = try store.read { try kind.wrap($0).firstRequest(matching: query, notOpenedBy: resident) }
                    #expect(head == first, "\(kind) as \(resident)")
                }
            }
        }
    }

    @Test(arguments: Backend.all, TransactionKind.allCases)
    func firstRequestFindsTheOldestActiveReportOfAnotherResidentAtTheAddress(backend: Backend, kind: TransactionKind) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            func report(_ number: Int, _ intent: String, _ status: ServiceRequest.Status, _ resident: String,
                        _ slots: [String: String], followers: [String] = [], at seconds: Double) -> ServiceRequest {
                var request = sampleRequest(number, intent: intent, status: status, resident: resident, followers: followers,
                                            openedAt: at(seconds))
                request.slots = slots
                return request
            }
            let here = ["community": "幸福里", "building": "4"]
            try store.write { tx in
                for request in [
                    report(1, "repair", .resolved, "wechat:alice", here, at: 0),
                    report(2, "repair", .open, "wechat:bob", here, at: 20),
                    // Opened before #2 although numbered after it (an import): the oldest active one.
                    report(3, "repair", .claimed, "wechat:carol", here, followers: ["wechat:bob"], at: 10),
                    report(4, "repair", .open, "wechat:dave", ["community": "幸福里", "building": "5"], at: 5),
                    report(5, "repair", .open, "wechat:erin", ["community": "和平苑", "building": "4"], at: 5),
                    report(6, "wish", .open, "wechat:frank", here, at: 1),
                    report(7, "repair", .reopened, "wechat:gina", here, at: 30),
                    report(8, "repair", .open, "wechat:hal", ["community": "幸福里"], at: 2),
                ] { try tx.save(request) }
            }
            let active: Set<ServiceRequest.Status> = [.open, .assigned, .claimed, .reopened]
            func first(_ query: RequestQuery, notOpenedBy resident: String) throws -> Int? {
                try store.read { try kind.wrap($0).firstRequest(matching: query, notOpenedBy: resident) }?.number
            }
            let repairsHere = RequestQuery(statuses: active, intent: "repair", community: "幸福里", building: "4")
            #expect(try first(repairsHere, notOpenedBy: "wechat:zoe") == 3)
            #expect(try first(repairsHere, notOpenedBy: "wechat:carol") == 2)
            // Following a request is not having opened it.
            #expect(try first(repairsHere, notOpenedBy: "wechat:bob") == 3)
            var since = repairsHere
            since.openedSince = at(15)
            #expect(try first(since, notOpenedBy: "wechat:zoe") == 2)
            since.openedSince = at(25)
            #expect(try first(since, notOpenedBy: "wechat:gina") == nil)
            #expect(try first(RequestQuery(statuses: [.resolved], intent: "repair", community: "幸福里", building: "4"),
                              notOpenedBy: "wechat:zoe") == 1)
            #expect(try first(RequestQuery(statuses: [.resolved], intent: "repair"), notOpenedBy: "wechat:alice") == nil)
            #expect(try first(RequestQuery(statuses: active, intent: "repair", community: "幸福里", building: "5"),
                              notOpenedBy: "wechat:zoe") == 4)
            #expect(try first(RequestQuery(statuses: active, intent: "repair", community: "幸福里", building: "5"),
                              notOpenedBy: "wechat:dave") == nil)
            #expect(try first(RequestQuery(statuses: active, community: "和平苑"), notOpenedBy: "wechat:zoe") == 5)
            #expect(try first(RequestQuery(statuses: active, community: "幸福里"), notOpenedBy: "wechat:zoe") == 6)
            #expect(try first(RequestQuery(statuses: active, intent: "repair", community: "幸福里", building: "6"),
                              notOpenedBy: "wechat:zoe") == nil)
            #expect(try first(RequestQuery(statuses: [], intent: "repair"), notOpenedBy: "wechat:zoe") == nil)
            #expect(try first(RequestQuery(), notOpenedBy: "wechat:zoe") == 1)
        }
    }

    @Test(arguments: Backend.all)
    func savingReplacesFollowersInTheirOrder(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            let followers = { try store.read { try $0.request(number: 1) }?.followers }
            try store.write { try $0.save(sampleRequest(1, followers: ["wechat:c", "wechat:a"])) }
            #expect(try followers() == ["wechat:c", "wechat:a"])
            try store.write { try $0.save(sampleRequest(1, followers: ["wechat:c", "wechat:a", "wechat:b"])) }
            #expect(try followers() == ["wechat:c", "wechat:a", "wechat:b"])
            try store.write { try $0.save(sampleRequest(1, followers: ["wechat:b", "wechat:c"])) }
            #expect(try followers() == ["wechat:b", "wechat:c"])
            #expect(try store.read { try $0.requests(RequestQuery(resident: "wechat:a")) }.isEmpty)
            try store.write { try $0.save(sampleRequest(1)) }
            #expect(try followers() == [])
        }
    }

    @Test(arguments: Backend.all, TransactionKind.allCases)
    func addingAFollowerAppendsOnceAndChangesNothingElse(backend: Backend, kind: TransactionKind) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            try store.write { tx in
                for number in [1, 2] { try tx.save(sampleRequest(number, followers: ["wechat:bob"])) }
            }
            let bodies = try [1, 2].map(store.requestBody)
            for follower in ["wechat:carol", "wechat:bob", "wechat:carol", "wechat:dan"] {
                try store.write { base in
                    let tx = kind.wrap(base)
                    // #1 as read in the transaction, #2 by number.
                    try tx.save(try #require(try tx.request(number: 1)), addingFollower: follower)
                    try tx.addFollower(follower, toRequest: 2)
                }
            }
            for number in [1, 2] {
                #expect(try store.read { try $0.request(number: number) }
                    == sampleRequest(number, followers: ["wechat:bob", "wechat:carol", "wechat:dan"]))
            }
            #expect(try [1, 2].map(store.requestBody) == bodies)
            #expect(try store.read { try $0.requests(RequestQuery(resident: "wechat:dan")) }.map(\.number) == [1, 2])
        }
    }

    @Test(arguments: Backend.all)
    func addingAFollowerToAStoredRequestWritesTheFollowerAlone(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            try store.write { try $0.save(sampleRequest(1)) }
            let body = try store.requestBody(1)
            // A copy that differs from the stored request breaks the rule of
            // `save(_:addingFollower:)`; here it shows that the store writes nothing of it.
            var stale = sampleRequest(1)
            stale.text = "改过的"
            try store.write { try $0.save(stale, addingFollower: "wechat:carol") }
            try store.write { try $0.addFollower("wechat:dan", toRequest: 1) }
            #expect(try store.requestBody(1) == body)
            #expect(try store.read { try $0.request(number: 1) } == sampleRequest(1, followers: ["wechat:carol", "wechat:dan"]))
        }
    }

    @Test(arguments: Backend.all, TransactionKind.allCases)
    func addingAFollowerToNoRequestFailsAndTheTransactionGoesOn(backend: Backend, kind: TransactionKind) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            try store.write { tx in
                let error = try #require(throws: CoreError.self) { try kind.wrap(tx).addFollower("wechat:bob", toRequest: 9) }
                #expect(error.code == .unknownRequest)
                #expect(error.message.contains("#9"))
                // PostgreSQL aborts a transaction on any failed statement: there must be none.
                try tx.save(sampleRequest(1))
            }
            #expect(try store.read { try $0.request(number: 9) } == nil)
            #expect(try store.read { try $0.request(number: 1) } == sampleRequest(1))
        }
    }

    @Test(arguments: Backend.all, TransactionKind.allCases)
    func savingWithAFollowerSavesARequestNotStoredYetWhole(backend: Backend, kind: TransactionKind) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            try store.write { try kind.wrap($0).save(sampleRequest(1, followers: ["wechat:bob"]), addingFollower: "wechat:carol") }
            try store.write { try kind.wrap($0).save(sampleRequest(2, followers: ["wechat:bob"]), addingFollower: "wechat:bob") }
            #expect(try store.read { try $0.request(number: 1) } == sampleRequest(1, followers: ["wechat:bob", "wechat:carol"]))
            #expect(try store.read { try $0.request(number: 2) } == sampleRequest(2, followers: ["wechat:bob"]))
            #expect(try store.read { try $0.requests(RequestQuery(resident: "wechat:carol")) }.map(\.number) == [1])
        }
    }

    @Test(arguments: Backend.all)
    func followerPrefilterCopesWithCharactersJSONEscapes(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            let odd = "webhook:a/b\"c\\d 邻里"
            try store.write { try $0.save(sampleRequest(1, resident: "wechat:alice", followers: [odd])) }
            #expect(try store.read { try $0.requests(RequestQuery(resident: odd)) }.map(\.number) == [1])
        }
    }
}
