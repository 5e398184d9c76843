import Foundation

/// The figures community offices are scored on (响应率, 按时办结率, 解决率, 满意率 with 评价率,
/// 重开率, 超期在办, 延期), per group of requests and per staff member.
extension Report {
    /// The deadline figures of one group of requests.
    public struct Timeliness: Sendable, Codable, Equatable {
        /// Claimed within the claim limit / opened: 响应率.
        public var responseRate: Double?
        /// Resolved within the resolve limit (extensions included) / resolved: 按时办结率.
        public var onTimeRate: Double?
        /// Resolved / opened: 解决率.
        public var solvedRate: Double?
        /// Rated / resolved: 评价率, shown beside 满意率.
        public var ratedRate: Double?
        /// Reopened at least once / resolved: 重开率.
        public var reopenRate: Double?
        /// Still open and past their current stage's deadline at the time of the report: 超期在办.
        public var overdueOpen: Int
        /// Extensions granted: 延期.
        public var extensions: Int
    }

    /// One staff member's work: the columns offices keep in their spreadsheets.
    public struct StaffRow: Sendable, Codable, Equatable {
        /// The staff id.
        public var key: String
        /// Their name.
        public var name: String
        /// Requests they claimed.
        public var claimed: Int
        /// Requests they handed on (转派).
        public var reassigned: Int
        /// Requests they resolved.
        public var resolved: Int
        /// Mean rating of the requests they resolved.
        public var meanRating: Double?
        /// Their place by resolved requests (then mean rating); nil below `rankingMinimum` requests.
        public var rank: Int?
    }

    /// A grid or person with fewer requests than this is shown but not ranked.
    public static let rankingMinimum = 5

    /// What the deadline policy says of one request, worked out once per report and shared by
    /// every group the request is counted in (the total, its intent, its grid): the calendar
    /// arithmetic is most of a report's cost.
    struct DeadlineFacts: Sendable {
        /// Claimed within the claim limit of its first run.
        var claimedInTime: Bool
        /// Resolved within the resolve limit of the run its resolution belonged to.
        var resolvedInTime: Bool
        /// Still open and past its current stage's deadline at the report's time.
        var overdue: Bool

        init(_ r: ServiceRequest, policy: DeadlinePolicy, now: Date) {
            if let claimedAt = r.claimedAt {
                claimedInTime = claimedAt <= (policy.deadline(of: .claim, for: r.firstRun)?.dueAt ?? .distantFuture)
            } else {
                claimedInTime = false
            }
            if let resolvedAt = r.resolvedAt, r.status != .cancelled {
                // Against the run the resolution belonged to: one reopened since was resolved in the first.
                let run = (r.reopenedAt ?? .distantPast) > resolvedAt ? r.firstRun : r
                resolvedInTime = resolvedAt <= (policy.deadline(of: .resolve, for: run)?.dueAt ?? .distantFuture)
            } else {
                resolvedInTime = false
            }
            overdue = r.status.isActive && policy.deadline(for: r)?.colour(at: now) == .red
        }
    }

    /// The deadline facts of every request in `requests`, by number.
    static func deadlineFacts(_ requests: [ServiceRequest], policy: DeadlinePolicy, now: Date) -> [Int: DeadlineFacts] {
        var facts: [Int: DeadlineFacts] = [:]
        facts.reserveCapacity(requests.count)
        for request in requests { facts[request.number] = DeadlineFacts(request, policy: policy, now: now) }
        return facts
    }

    /// The deadline figures of `requests`, whose facts `facts` holds.
    static func timeliness(_ requests: [ServiceRequest], facts: [Int: DeadlineFacts]) -> Timeliness {
        // Ever resolved: a request reopened since still counts, so that 重开率 has it in both parts.
        let resolved = requests.filter { $0.resolvedAt != nil && $0.status != .cancelled }
        let rated = requests.filter { $0.rating != nil }
        func share(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }
        func count(_ fact: KeyPath<DeadlineFacts, Bool>) -> Int { requests.filter { facts[$0.number]?[keyPath: fact] == true }.count }
        return Timeliness(
            responseRate: share(count(\.claimedInTime), requests.count),
            onTimeRate: share(count(\.resolvedInTime), resolved.count),
            solvedRate: share(requests.filter { resolvedStatuses.contains($0.status) }.count, requests.count),
            ratedRate: share(rated.count, resolved.count),
            reopenRate: share(requests.filter { $0.reopenedAt != nil }.count, resolved.count),
            overdueOpen: count(\.overdue),
            extensions: requests.map { $0.extensions.filter(\.isApproved).count }.reduce(0, +)
        )
    }

    /// Per staff member, from the history: who claimed, handed on and resolved what.
    static func staffRows(_ requests: [ServiceRequest], events: [RequestEvent], directory: Directory) -> [StaffRow] {
        let numbers = Set(requests.map(\.number))
        let ratings = Dictionary(requests.compactMap { r in r.rating.map { (r.number, $0) } }, uniquingKeysWith: { a, _ in a })
        var claimed: [String: Set<Int>] = [:], reassigned: [String: Set<Int>] = [:], resolvedBy: [Int: String] = [:]
        for event in events where numbers.contains(event.request) {
            switch event.kind {
            case .claimed: claimed[event.actor, default: []].insert(event.request)
            case .reassigned: reassigned[event.actor, default: []].insert(event.request)
            case .resolved: resolvedBy[event.request] = event.actor  // the last resolution counts
            default: break
            }
        }
        var resolved: [String: [Int]] = [:]
        for (number, actor) in resolvedBy { resolved[actor, default: []].append(number) }
        let people = Set(claimed.keys).union(reassigned.keys).union(resolved.keys).filter { directory.member($0) != nil }
        let rows = people.map { id in
            let mine = resolved[id] ?? []
            let scores = mine.compactMap { ratings[$0] }
            return StaffRow(key: id, name: directory.member(id)?.name ?? id, claimed: claimed[id]?.count ?? 0,
                            reassigned: reassigned[id]?.count ?? 0, resolved: mine.count,
                            meanRating: scores.isEmpty ? nil : Double(scores.reduce(0, +)) / Double(scores.count), rank: nil)
        }
        return ranked(rows)
    }

    /// `rows` by id, those with at least `rankingMinimum` requests placed by resolved
    /// requests, then mean rating.
    static func ranked(_ unsorted: [StaffRow]) -> [StaffRow] {
        var rows = unsorted.sorted { $0.key < $1.key }
        let ranked = rows.indices.filter { requestsHandled(rows[$0]) >= rankingMinimum }
            .sorted { (rows[$0].resolved, rows[$0].meanRating ?? 0) > (rows[$1].resolved, rows[$1].meanRating ?? 0) }
        for (place, index) in ranked.enumerated() { rows[index].rank = place + 1 }
        return rows
    }

    /// The requests a person had a hand in, for the ranking threshold.
    private static func requestsHandled(_ row: StaffRow) -> Int {
        max(row.claimed, row.resolved)
    }

    /// Places grid rows with at least `rankingMinimum` requests by 解决率, then 响应率.
    static func rankGrids(_ rows: inout [Row]) {
        let ranked = rows.indices.filter { rows[$0].opened >= rankingMinimum && rows[$0].key != "none" }
            .sorted { (rows[$0].timeliness.solvedRate ?? 0, rows[$0].timeliness.responseRate ?? 0)
                > (rows[$1].timeliness.solvedRate ?? 0, rows[$1].timeliness.responseRate ?? 0) }
        for (place, index) in ranked.enumerated() { rows[index].rank = place + 1 }
    }
}

extension ServiceRequest {
    /// The request as it was before any reopen: the claim limit is counted from its opening.
    var firstRun: ServiceRequest {
        var request = self
        request.reopenedAt = nil
        return request
    }
}
