import Foundation
import LinliCore
import Testing

/// The console's listings: each store's SQL answers as the in-memory definition does.
@Suite("Requests: console listings")
struct RequestListingTests {
    /// Forty requests over three grids (and none), four statuses, two intents and claimers,
    /// an hour apart, some with phone numbers.
    static func fill(_ store: any Store) throws {
        let statuses: [ServiceRequest.Status] = [.open, .claimed, .resolved, .reopened]
        try store.write { tx in
            for number in 1...40 {
                var request = sampleRequest(number, intent: number % 3 == 0 ? "noise" : "repair", status: statuses[number % 4],
                                            grid: number % 7 == 0 ? nil : "g\(number % 3)", openedAt: at(Double(number) * 3_600))
                request.claimer = number % 2 == 0 ? "wechat:worker-\(number % 4)" : nil
                request.text = number % 5 == 0 ? "电梯停了，电话13800001\(String(format: "%03d", number))" : "楼道灯坏了 \(number)"
                if number % 4 == 1 { request.slots["phone"] = "1391234\(String(format: "%04d", number * 11))" }
                // Due times as every save through the engine stores them: an hour apart, the
                // forty requests span every colour at the listings' moments.
                request = request.refreshingReportFacts(policy: ReportAggregateTests.policy)
                try tx.save(request)
            }
        }
    }

    static let listings: [RequestListing] = [
        RequestListing(),
        RequestListing(limit: 5),
        RequestListing(query: RequestQuery(statuses: [.open, .reopened], grids: ["g1", "g2"])),
        RequestListing(query: RequestQuery(grids: ["g0", ""], intent: "repair", openedSince: at(10 * 3_600)),
                       openedBefore: at(30 * 3_600)),
        RequestListing(claimer: "wechat:worker-2"),
        RequestListing(search: "12"),             // a number
        RequestListing(search: "0187"),           // a phone's last four digits (17 × 11), or a number
        RequestListing(search: "电梯"),
        RequestListing(search: "没有这句话"),
        RequestListing(query: RequestQuery(statuses: [])),
        // A staff member's queue: grid g1, what worker-2 claimed, and noise routed to them in g2 or no grid.
        RequestListing(scope: RequestScope(grids: ["g1"], claimer: "wechat:worker-2", routed: ["noise": ["g2", ""]])),
        RequestListing(query: RequestQuery(statuses: [.open]), scope: RequestScope(grids: [], claimer: "wechat:nobody", routed: ["repair": ["g0"]]),
                       limit: 3),
    ] + DeadlineColour.allCases.flatMap { colour in
        // Deadline colours at three moments, with and without a limit.
        [at(30 * 3_600), at(3 * 86_400), at(6 * 86_400)].flatMap { moment in
            [RequestListing(colour: .init(colour, at: moment)), RequestListing(colour: .init(colour, at: moment), limit: 2)]
        }
    }

    @Test("SQL listings answer as the in-memory definition, newest first and limited", arguments: Backend.all)
    func sqlMatchesDefinition(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            try Self.fill(store)
            for listing in Self.listings {
                let (native, read) = try store.read { tx in (try tx.requests(listing), try tx.requestsRead(listing)) }
                #expect(native.map(\.number) == read.map(\.number), "\(listing)")
            }
            let all = try store.read { try $0.requests(RequestListing()) }
            #expect(all.map(\.number) == Array((1...40).reversed()))
            #expect(try store.read { try $0.requests(RequestListing(search: "12")) }.map(\.number) == [12])
            #expect(try store.read { try $0.requests(RequestListing(search: "0187")) }.map(\.number) == [17])
            #expect(try store.read { try $0.requests(RequestListing(search: "电梯")) }.map(\.number) == [40, 35, 30, 25, 20, 15, 10, 5])
            // Every colour is met at some moment, so the comparisons above are not all empty.
            let coloured = try DeadlineColour.allCases.map { colour in
                try [at(30 * 3_600), at(3 * 86_400), at(6 * 86_400)].map { moment in
                    try store.read { try $0.requests(RequestListing(colour: .init(colour, at: moment))) }.count
                }.reduce(0, +)
            }
            #expect(coloured.allSatisfy { $0 > 0 }, "\(coloured)")
            let scoped = RequestListing(scope: RequestScope(grids: [], claimer: "wechat:worker-2", routed: ["noise": ["g2", ""]]))
            // Claimed by worker-2 (number % 4 == 2), or noise (number % 3 == 0) in g2 (number % 3 == 2: never noise) or no grid (number % 7 == 0).
            #expect(try store.read { try $0.requests(scoped) }.map(\.number) == [38, 34, 30, 26, 22, 21, 18, 14, 10, 6, 2])
        }
    }
}
