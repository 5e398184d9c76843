import Foundation

/// Which requests a report counts: those opened in a period, optionally of some grids only.
/// The history it reads (per-staff figures) is that of the same requests, in the same period.
public struct ReportScope: Sendable, Equatable {
    /// Opened at or after this (all when nil); also the first moment of the history read.
    public var openedSince: Date?
    /// Opened before this (no end when nil); also the end of the history read.
    public var openedBefore: Date?
    /// Only requests in these grids (all when nil).
    public var grids: Set<String>?
    /// Whether the per-staff tallies are wanted: reading them from the history is the
    /// dearest part, and a trend's previous period needs only the totals.
    public var staff: Bool

    /// Creates a scope; every field defaults to no limit, with the per-staff tallies.
    public init(openedSince: Date? = nil, openedBefore: Date? = nil, grids: Set<String>? = nil, staff: Bool = true) {
        self.openedSince = openedSince
        self.openedBefore = openedBefore
        self.grids = grids
        self.staff = staff
    }
}

/// What a store aggregates for a report (GROUP BY in SQL): per group of requests the counts,
/// the sums the shares are made of and the medians (the middle of the values SQL sorted), and
/// per staff member what the history says they did. `Report.make(aggregates:…)` turns it into a `Report`.
public struct ReportAggregates: Sendable, Equatable {
    /// How a group is formed.
    public enum Grouping: String, Sendable, Codable {
        case all, intent, grid
    }

    /// The figures of one group of requests.
    public struct Group: Sendable, Equatable {
        /// All requests, one intent or one grid.
        public var grouping: Grouping
        /// The intent or grid id (`none` for requests with no grid); "" for all.
        public var key: String
        /// Requests.
        public var opened = 0
        /// Withdrawn.
        public var cancelled = 0
        /// Ever claimed (`claimed_at` set).
        public var claimed = 0
        /// Resolved or rated now.
        public var resolved = 0
        /// Ever resolved and not withdrawn (reopened ones included): the base of 按时办结率.
        public var everResolved = 0
        /// Rated, their ratings' sum, and those of 4 or 5.
        public var rated = 0
        public var ratingSum = 0
        public var satisfied = 0
        /// Service minutes of the resolved (or rated) ones.
        public var serviceMinutes = 0
        /// Claimed within the claim limit of the first run.
        public var claimedInTime = 0
        /// Resolved within the resolve limit of the run the resolution belonged to.
        public var resolvedInTime = 0
        /// Reopened at least once.
        public var reopened = 0
        /// Active and red at the report's moment.
        public var overdueOpen = 0
        /// Approved extensions.
        public var extensions = 0
        /// Median minutes from opening to the first claim, of the claimed ones.
        public var medianMinutesToClaim: Double?
        /// Median minutes from opening to resolution, of the resolved (or rated) ones.
        public var medianMinutesToResolve: Double?

        /// An empty group.
        public init(grouping: Grouping, key: String) {
            self.grouping = grouping
            self.key = key
        }
    }

    /// One person's tallies from the history of the scope's requests.
    public struct Staff: Sendable, Equatable {
        /// The actor's id.
        public var id: String
        /// Requests they claimed, handed on, and resolved last.
        public var claimed = 0
        public var reassigned = 0
        public var resolved = 0
        /// Of the requests they resolved last: how many are rated, and the ratings' sum.
        public var rated = 0
        public var ratingSum = 0

        /// No tallies yet.
        public init(id: String) {
            self.id = id
        }
    }

    /// Every group with at least one request: the total (always), by intent and by grid.
    public var groups: [Group]
    /// Every actor of a claim, handing on or last resolution; none when the scope did not want them.
    public var staff: [Staff]
    /// Service minutes of resolved (or rated) requests, by claimer: volunteer hours are those
    /// of party members, whom the directory names.
    public var serviceMinutesByClaimer: [String: Int]

    /// Creates aggregates.
    public init(groups: [Group], staff: [Staff], serviceMinutesByClaimer: [String: Int]) {
        self.groups = groups
        self.staff = staff
        self.serviceMinutesByClaimer = serviceMinutesByClaimer
    }
}

extension Report {
    /// The report of `aggregates` (a store's answer for the period starting at `since`), with
    /// names from `directory` and `intentNames`: the same figures `make(requests:…)` computes
    /// from the requests themselves.
    public static func make(aggregates: ReportAggregates, directory: Directory, intentNames: [String: String], since: Date?,
                            totalName: String, noGridName: String) -> Report {
        let total = aggregates.groups.first { $0.grouping == .all } ?? ReportAggregates.Group(grouping: .all, key: "")
        let byIntent = aggregates.groups.filter { $0.grouping == .intent }
            .map { row($0, key: $0.key, name: intentNames[$0.key] ?? $0.key) }
            .sorted { ($0.opened, $1.key) > ($1.opened, $0.key) }
        var byGrid = aggregates.groups.filter { $0.grouping == .grid }
            .map { row($0, key: $0.key, name: directory.grid(id: $0.key)?.name ?? noGridName) }
            .sorted { $0.key < $1.key }
        rankGrids(&byGrid)
        let wishes = byIntent.first { $0.key == ServiceRequest.microWishIntent }
        let partyMembers = directory.staff.filter { $0.role == .partyMember }.map(\.id)
        let volunteerMinutes = Set(partyMembers).compactMap { aggregates.serviceMinutesByClaimer[$0] }.reduce(0, +)
        return Report(
            since: since,
            total: row(total, key: "all", name: totalName),
            byIntent: byIntent,
            byGrid: byGrid,
            byStaff: staffRows(aggregates.staff, directory: directory),
            volunteerHours: Double(volunteerMinutes) / 60,
            microWishesCollected: wishes?.opened ?? 0,
            microWishesClaimed: wishes?.claimed ?? 0,
            microWishesFulfilled: wishes?.resolved ?? 0
        )
    }

    /// The row of one aggregated group.
    private static func row(_ g: ReportAggregates.Group, key: String, name: String) -> Row {
        func share(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }
        return Row(
            key: key,
            name: name,
            opened: g.opened,
            cancelled: g.cancelled,
            claimed: g.claimed,
            resolved: g.resolved,
            resolutionRate: share(g.resolved, g.opened - g.cancelled),
            medianMinutesToClaim: g.medianMinutesToClaim,
            medianMinutesToResolve: g.medianMinutesToResolve,
            rated: g.rated,
            meanRating: share(g.ratingSum, g.rated),
            satisfiedShare: share(g.satisfied, g.rated),
            serviceHours: Double(g.serviceMinutes) / 60,
            timeliness: Timeliness(
                responseRate: share(g.claimedInTime, g.opened),
                onTimeRate: share(g.resolvedInTime, g.everResolved),
                solvedRate: share(g.resolved, g.opened),
                ratedRate: share(g.rated, g.everResolved),
                reopenRate: share(g.reopened, g.everResolved),
                overdueOpen: g.overdueOpen,
                extensions: g.extensions),
            rank: nil
        )
    }

    /// Per staff member of the directory, from the aggregated history.
    static func staffRows(_ tallies: [ReportAggregates.Staff], directory: Directory) -> [StaffRow] {
        let rows = tallies.compactMap { t -> StaffRow? in
            guard let member = directory.member(t.id) else { return nil }
            return StaffRow(key: t.id, name: member.name, claimed: t.claimed, reassigned: t.reassigned, resolved: t.resolved,
                            meanRating: t.rated > 0 ? Double(t.ratingSum) / Double(t.rated) : nil, rank: nil)
        }
        return ranked(rows)
    }
}
