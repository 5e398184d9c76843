import Foundation

/// What a community office reports: requests by intent and by grid, resolution rate
/// (办结率), median times to claim and resolve, satisfaction, volunteer service hours and
/// micro-wishes fulfilled.
public struct Report: Sendable, Codable, Equatable {
    /// Figures for one group of requests (an intent, a grid, or all).
    public struct Row: Sendable, Codable, Equatable {
        /// The group: an intent id, a grid id, or `all`.
        public var key: String
        /// A readable name.
        public var name: String
        /// Requests opened (cancelled ones included).
        public var opened: Int
        /// Requests withdrawn.
        public var cancelled: Int
        /// Requests ever claimed.
        public var claimed: Int
        /// Requests resolved (rated ones included).
        public var resolved: Int
        /// resolved / (opened − cancelled): 办结率.
        public var resolutionRate: Double?
        /// Median minutes from opening to the first claim.
        public var medianMinutesToClaim: Double?
        /// Median minutes from opening to resolution.
        public var medianMinutesToResolve: Double?
        /// Ratings given.
        public var rated: Int
        /// Mean rating, 1–5.
        public var meanRating: Double?
        /// Share of ratings of 4 or 5.
        public var satisfiedShare: Double?
        /// Service hours recorded when requests were resolved.
        public var serviceHours: Double
        /// 响应率, 按时办结率, 解决率, 评价率, 重开率, 超期在办, 延期.
        public var timeliness: Timeliness
        /// A grid's place by 解决率 (then 响应率); nil for intents, the total, and grids with
        /// fewer than `rankingMinimum` requests.
        public var rank: Int?
    }

    /// The start of the period, if any.
    public var since: Date?
    /// All requests.
    public var total: Row
    /// By intent.
    public var byIntent: [Row]
    /// By grid (`none` for requests with no grid).
    public var byGrid: [Row]
    /// By staff member, from the history.
    public var byStaff: [StaffRow]
    /// Service hours of requests resolved by party members (在职党员).
    public var volunteerHours: Double
    /// Micro-wishes (微心愿) collected: wishes residents made (withdrawn ones included), the
    /// 受理数 of the `micro_wish` row of `byIntent`.
    public var microWishesCollected: Int
    /// Micro-wishes ever claimed by a member (认领心愿 or 接单), that row's 接单数.
    public var microWishesClaimed: Int
    /// Micro-wishes fulfilled (resolved or rated), that row's 办结数.
    public var microWishesFulfilled: Int
    /// Published tasks and their service hours; none until `Engine.report` adds them.
    public var tasks: TaskFigures = .none
    /// Whistles (吹哨) and the departments' answers (报到); none until `Engine.report` adds them.
    public var whistles: WhistleFigures = .none
    /// Units, members, resources and needs (双报到 and the three lists); none until
    /// `Engine.report` adds them.
    public var lists: ListFigures = .none

    /// Computes the report over `requests` opened since `since`; the total row is called
    /// `totalName` and the group of requests with no grid `noGridName` (from `responses/`).
    ///
    /// Deadline figures follow `policy`, with 超期在办 measured at `now`; per-staff figures come
    /// from `events`, the history of those requests.
    public static func make(requests all: [ServiceRequest], directory: Directory, intentNames: [String: String], since: Date? = nil,
                            totalName: String, noGridName: String, policy: DeadlinePolicy = .none, events: [RequestEvent] = [],
                            now: Date = Date()) -> Report {
        let requests = all.filter { since == nil || $0.openedAt >= since! }
        let facts = deadlineFacts(requests, policy: policy, now: now)
        func row(key: String, name: String, _ group: [ServiceRequest]) -> Row {
            Self.row(key: key, name: name, group, timeliness: timeliness(group, facts: facts))
        }
        let byIntent = Dictionary(grouping: requests, by: \.intent).map { key, group in
            row(key: key, name: intentNames[key] ?? key, group)
        }.sorted { ($0.opened, $1.key) > ($1.opened, $0.key) }
        var byGrid = Dictionary(grouping: requests) { $0.grid ?? "none" }.map { key, group in
            row(key: key, name: directory.grid(id: key)?.name ?? noGridName, group)
        }.sorted { $0.key < $1.key }
        rankGrids(&byGrid)
        // The wish figures are the micro_wish row's, so that the footer and the row agree.
        let wishes = byIntent.first { $0.key == ServiceRequest.microWishIntent }
        let partyMembers = Set(directory.staff.filter { $0.role == .partyMember }.map(\.id))
        let volunteerMinutes = requests.filter { resolvedStatuses.contains($0.status) && partyMembers.contains($0.claimer ?? "") }
            .compactMap(\.serviceMinutes).reduce(0, +)
        return Report(
            since: since,
            total: row(key: "all", name: totalName, requests),
            byIntent: byIntent,
            byGrid: byGrid,
            byStaff: staffRows(requests, events: events, directory: directory),
            volunteerHours: Double(volunteerMinutes) / 60,
            microWishesCollected: wishes?.opened ?? 0,
            microWishesClaimed: wishes?.claimed ?? 0,
            microWishesFulfilled: wishes?.resolved ?? 0
        )
    }

    static let resolvedStatuses: Set<ServiceRequest.Status> = [.resolved, .rated]

    private static func row(key: String, name: String, _ requests: [ServiceRequest], timeliness: Timeliness) -> Row {
        let cancelled = requests.filter { $0.status == .cancelled }.count
        let resolved = requests.filter { resolvedStatuses.contains($0.status) }
        let ratings = requests.compactMap(\.rating)
        let live = requests.count - cancelled
        return Row(
            key: key,
            name: name,
            opened: requests.count,
            cancelled: cancelled,
            claimed: requests.filter { $0.claimedAt != nil }.count,
            resolved: resolved.count,
            resolutionRate: live > 0 ? Double(resolved.count) / Double(live) : nil,
            medianMinutesToClaim: median(requests.compactMap { r in r.claimedAt.map { $0.timeIntervalSince(r.openedAt) / 60 } }),
            medianMinutesToResolve: median(resolved.compactMap { r in r.resolvedAt.map { $0.timeIntervalSince(r.openedAt) / 60 } }),
            rated: ratings.count,
            meanRating: ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count),
            satisfiedShare: ratings.isEmpty ? nil : Double(ratings.filter { $0 >= 4 }.count) / Double(ratings.count),
            serviceHours: Double(resolved.compactMap(\.serviceMinutes).reduce(0, +)) / 60,
            timeliness: timeliness,
            rank: nil
        )
    }

    /// The median of `values`, nil when empty.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
