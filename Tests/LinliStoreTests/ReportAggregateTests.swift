import Foundation
import LinliCore
import Testing

/// The report aggregated in SQL: on random requests, each store's aggregates make the same
/// report as `Report.make` over the requests themselves, and its timeline and colour mix
/// count what the requests say.
@Suite("Report: aggregated in SQL")
struct ReportAggregateTests {
    /// The report's moment: 40 days after `t0`, a Monday-to-Friday calendar in Shanghai.
    static let now = at(40 * 86_400 + 5 * 3_600)
    static let policy = DeadlinePolicy(
        default: StageLimits(claim: TimeLimit(amount: 4, unit: .workingHours), firstContact: TimeLimit(amount: 2, unit: .hours),
                             resolve: TimeLimit(amount: 2, unit: .workingDays), revisit: TimeLimit(amount: 3, unit: .days)),
        perIntent: ["noise": StageLimits(resolve: TimeLimit(amount: 1, unit: .days))], calendar: WorkCalendar())
    static let directory = try! Directory(
        staff: [
            .init(id: "wechat:wang", name: "王", role: .gridWorker, grids: ["g1"]),
            .init(id: "wechat:zhao", name: "赵", role: .gridWorker, grids: ["g2"]),
            .init(id: "wechat:li", name: "李", role: .partyMember, grids: ["g1"]),
            .init(id: "wechat:admin", name: "办公室", role: .admin),
        ],
        grids: [.init(id: "g1", name: "一", communities: ["甲"]), .init(id: "g2", name: "二", communities: ["乙"]),
                .init(id: "g3", name: "三", communities: ["丙"])])

    /// A small deterministic generator (SplitMix64), so that a failure can be run again.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        mutating func chance(_ percent: Int) -> Bool { next(100) < percent }
        mutating func pick<T>(_ values: [T]) -> T { values[next(values.count)] }
    }

    /// `count` requests opened over 40 days in every status, with claims, resolutions,
    /// reopens, ratings, extensions and service minutes, and the history that goes with them.
    static func fill(_ store: any Store, count: Int, seed: UInt64) throws {
        var random = Random(state: seed)
        let people = ["wechat:wang", "wechat:zhao", "wechat:li", "wechat:admin", "wechat:gone"]
        try store.write { tx in
            for number in 1...count {
                let opened = at(Double(random.next(40 * 86_400)) + Double(random.next(1000)) / 1000)
                let status = random.pick(ServiceRequest.Status.allCases)
                var r = sampleRequest(number, intent: random.pick(["repair", "noise", "micro_wish"]), status: status,
                                      grid: random.pick(["g1", "g2", "g3", nil]), openedAt: opened)
                var events = [RequestEvent(request: number, kind: .opened, actor: r.resident, at: opened)]
                let claims = status == .claimed || status == .resolved || status == .rated
                    || ((status == .reopened || status == .cancelled) && random.chance(60))
                if claims {
                    let claimer = random.pick(people)
                    r.claimer = claimer
                    r.claimedAt = opened.addingTimeInterval(Double(60 + random.next(3 * 86_400)))
                    if random.chance(70) { r.firstContactAt = r.claimedAt!.addingTimeInterval(Double(random.next(4 * 3_600))) }
                    events.append(RequestEvent(request: number, kind: .claimed, actor: claimer, at: r.claimedAt!))
                    if random.chance(10) {
                        events.append(RequestEvent(request: number, kind: .reassigned, actor: "wechat:admin", at: r.claimedAt!))
                    }
                    let resolves = status == .resolved || status == .rated || status == .reopened || (status == .cancelled && random.chance(30))
                    if resolves {
                        r.resolvedAt = r.claimedAt!.addingTimeInterval(Double(600 + random.next(5 * 86_400)))
                        events.append(RequestEvent(request: number, kind: .resolved, actor: claimer, at: r.resolvedAt!))
                        if random.chance(15) {
                            // Resolved a second time, by someone else: the last resolution counts.
                            events.append(RequestEvent(request: number, kind: .resolved, actor: random.pick(people),
                                                       at: r.resolvedAt!.addingTimeInterval(60)))
                        }
                        if random.chance(40) { r.serviceMinutes = 10 + random.next(240) }
                    }
                    if status == .reopened, let resolved = r.resolvedAt {
                        r.reopenedAt = resolved.addingTimeInterval(Double(3_600 + random.next(86_400)))
                    } else if r.resolvedAt != nil, random.chance(15) {
                        // Reopened before the resolution that stands.
                        r.reopenedAt = r.resolvedAt!.addingTimeInterval(-60)
                    }
                }
                if status == .rated || (r.reopenedAt != nil && random.chance(50)) { r.rating = 1 + random.next(5) }
                if random.chance(20) {
                    let requested = opened.addingTimeInterval(3_600)
                    r.extensions = [DeadlineExtension(stage: random.pick([.claim, .resolve]), limit: TimeLimit(amount: 1 + random.next(3), unit: .days),
                                                      reason: "parts", requestedBy: "wechat:wang", requestedAt: requested,
                                                      approvedBy: random.chance(70) ? "wechat:admin" : nil,
                                                      approvedAt: random.chance(70) ? requested.addingTimeInterval(600) : nil)]
                }
                try tx.save(r.refreshingReportFacts(policy: policy))
                for event in events { try tx.append(event) }
            }
        }
    }

    /// `Report.make` over the stored requests of `scope`, the history filtered alike.
    static func reference(_ tx: any StoreTransaction, _ scope: ReportScope, now: Date) throws -> Report {
        let requests = try tx.requests(RequestQuery(grids: scope.grids, openedSince: scope.openedSince))
            .filter { r in scope.openedBefore.map { r.openedAt < $0 } ?? true }
        let events = try tx.events(since: scope.openedSince).filter { e in scope.openedBefore.map { e.at < $0 } ?? true }
        return Report.make(requests: requests, directory: directory, intentNames: ["repair": "报修"], since: scope.openedSince,
                           totalName: "all", noGridName: "none", policy: policy, events: events, now: now)
    }

    static func sql(_ tx: any StoreTransaction, _ scope: ReportScope, now: Date) throws -> Report {
        Report.make(aggregates: try tx.reportAggregates(scope, now: now), directory: directory, intentNames: ["repair": "报修"],
                    since: scope.openedSince, totalName: "all", noGridName: "none")
    }

    static let scopes: [(scope: ReportScope, now: Date)] = [
        (ReportScope(), now),
        (ReportScope(openedSince: at(25 * 86_400)), now),
        (ReportScope(openedSince: at(10 * 86_400), openedBefore: at(25 * 86_400), grids: ["g1", "g3"]), at(25 * 86_400)),
        (ReportScope(grids: ["g2", ""]), now),
        (ReportScope(grids: []), now),
        (ReportScope(openedSince: at(50 * 86_400)), now),
    ]

    @Test("the SQL report equals Report.make over the same requests", arguments: Backend.all)
    func sqlEqualsReference(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            try Self.fill(store, count: 400, seed: 14)
            try store.read { tx in
                for (scope, now) in Self.scopes {
                    let expected = try Self.reference(tx, scope, now: now), actual = try Self.sql(tx, scope, now: now)
                    #expect(approximatelyEqual(actual.total, expected.total), "total of \(scope): \(actual.total) ≠ \(expected.total)")
                    #expect(approximatelyEqual(actual.byIntent, expected.byIntent), "intents of \(scope)")
                    #expect(approximatelyEqual(actual.byGrid, expected.byGrid), "grids of \(scope)")
                    #expect(actual.byStaff == expected.byStaff, "staff of \(scope)")
                    #expect(approximatelyEqual(actual, expected), "\(scope)")
                    // Without the per-staff tallies, the same groups.
                    var lean = scope
                    lean.staff = false
                    let (full, totals) = (try tx.reportAggregates(scope, now: now), try tx.reportAggregates(lean, now: now))
                    #expect(totals.staff.isEmpty && totals.groups == full.groups && totals.serviceMinutesByClaimer == full.serviceMinutesByClaimer)
                }
                // The random requests reach every figure.
                let all = try Self.reference(tx, ReportScope(), now: Self.now).total
                #expect(all.cancelled > 0 && all.rated > 0 && all.timeliness.overdueOpen > 0 && all.timeliness.extensions > 0)
                #expect((all.timeliness.reopenRate ?? 0) > 0 && (all.timeliness.onTimeRate ?? 0) > 0 && all.serviceHours > 0)
            }
        }
    }

    @Test("the timeline and the colour mix count what the requests say", arguments: Backend.all)
    func timelineAndColours(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            try Self.fill(store, count: 300, seed: 9)
            let ranges = (0..<8).map { at(Double($0) * 5 * 86_400)..<at(Double($0 + 1) * 5 * 86_400) }
            for grids in [nil, Set(["g1"]), Set(["g2", "g3"])] as [Set<String>?] {
                let (timeline, colours, requests, events) = try store.read { tx in
                    (try tx.reportTimeline(ranges, grids: grids), try tx.deadlineColours(grids: grids, now: Self.now),
                     try tx.requests(RequestQuery(grids: grids)), try tx.events(since: nil))
                }
                let numbers = Set(requests.map(\.number))
                #expect(timeline.opened == ranges.map { range in requests.filter { range.contains($0.openedAt) }.count })
                #expect(timeline.resolved == ranges.map { range in
                    events.filter { $0.kind == .resolved && range.contains($0.at) && numbers.contains($0.request) }.count
                })
                var expected: [DeadlineColour?: Int] = [:]
                for r in requests where r.status.isActive { expected[Self.policy.deadline(for: r)?.colour(at: Self.now), default: 0] += 1 }
                #expect(colours == expected, "\(String(describing: grids))")
                #expect(timeline.opened.reduce(0, +) == requests.count)
            }
        }
    }

    @Test("requests whose due times are missing or of another policy are found", arguments: Backend.all)
    func staleFacts(backend: Backend) async throws {
        try await blocking {
            let database = try TestDatabase(backend)
            defer { database.remove() }
            let store = try database.open()
            let digest = Self.policy.digest
            try store.write { tx in
                try tx.save(sampleRequest(1).refreshingReportFacts(policy: Self.policy))
                try tx.save(sampleRequest(2))
                try tx.save(sampleRequest(3).refreshingReportFacts(policy: .none))
                try tx.save(sampleRequest(4).refreshingReportFacts(policy: Self.policy))
            }
            let (stale, first, other) = try store.read { tx in
                (try tx.requestsWithStaleReportFacts(digest: digest, limit: 10).map(\.number),
                 try tx.requestsWithStaleReportFacts(digest: digest, limit: 1).map(\.number),
                 try tx.requestsWithStaleReportFacts(digest: "other", limit: 10).map(\.number))
            }
            #expect(stale.sorted() == [2, 3] && first.count == 1 && stale.contains(first[0]) && other.sorted() == [1, 2, 3, 4])
            #expect(digest == Self.policy.digest && digest != DeadlinePolicy.none.digest)
        }
    }
}

/// Whether `a` and `b` encode to the same JSON, numbers equal to a millionth: medians
/// made from milliseconds in SQL and from dates in Swift differ in the last bits.
func approximatelyEqual<T: Encodable>(_ a: T, _ b: T) -> Bool {
    func json(_ value: T) -> Any? {
        (try? JSONEncoder().encode(value)).flatMap { try? JSONSerialization.jsonObject(with: $0, options: [.fragmentsAllowed]) }
    }
    func same(_ x: Any?, _ y: Any?) -> Bool {
        switch (x, y) {
        case let (x as [Any], y as [Any]): return x.count == y.count && zip(x, y).allSatisfy(same)
        case let (x as [String: Any], y as [String: Any]):
            return Set(x.keys) == Set(y.keys) && x.keys.allSatisfy { same(x[$0], y[$0]) }
        case let (x as NSNumber, y as NSNumber): return abs(x.doubleValue - y.doubleValue) <= 1e-6 * max(1, abs(x.doubleValue))
        case let (x as String, y as String): return x == y
        case (nil, nil), (is NSNull, is NSNull): return true
        default: return false
        }
    }
    return same(json(a), json(b))
}
