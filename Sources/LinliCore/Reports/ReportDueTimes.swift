import Foundation

/// What the deadline policy says of one request that the report needs, written with every
/// save so that the stores can keep it as columns and aggregate in SQL (`request` columns
/// `claim_due_at`, `resolve_due_at`, `yellow_at`, `red_at`, `deadline_digest`).
///
/// They depend on the policy in the configuration: `policy` is the digest of the policy they
/// were worked out under, and `Engine.refreshReportFacts()` works them out again for every
/// request whose digest is not the current one (rows saved before the columns existed, or
/// under another policy) before each report.
public struct ReportDueTimes: Sendable, Codable, Equatable {
    /// When the claim of the first run was due (claimed later than this is late); nil: no limit.
    public var claimDueAt: Date?
    /// When the resolution was due, in the run the resolution belongs to; nil when not
    /// resolved or no limit.
    public var resolveDueAt: Date?
    /// When the current stage turns yellow; nil when it has no deadline.
    public var yellowAt: Date?
    /// When the current stage turns red (超期); nil when it has no deadline.
    public var redAt: Date?
    /// `DeadlinePolicy.digest` of the policy these were worked out under.
    public var policy: String

    /// The due times of `request` under `policy`, as `Report.DeadlineFacts` reads them;
    /// `digest` is the policy's, when the caller has it already.
    public init(_ request: ServiceRequest, policy: DeadlinePolicy, digest: String? = nil) {
        claimDueAt = policy.deadline(of: .claim, for: request.firstRun)?.dueAt
        if let resolvedAt = request.resolvedAt {
            // Against the run the resolution belonged to: one reopened since was resolved in the first.
            let run = (request.reopenedAt ?? .distantPast) > resolvedAt ? request.firstRun : request
            resolveDueAt = policy.deadline(of: .resolve, for: run)?.dueAt
        }
        let current = policy.deadline(for: request)
        yellowAt = current?.yellowAt
        redAt = current?.dueAt
        self.policy = digest ?? policy.digest
    }
}

extension ServiceRequest {
    /// This request with its report due times worked out under `policy`.
    public func refreshingReportFacts(policy: DeadlinePolicy, digest: String? = nil) -> ServiceRequest {
        var request = self
        request.reportDueTimes = ReportDueTimes(self, policy: policy, digest: digest)
        return request
    }

    /// Approved extensions (延期), kept as a column for the report.
    public var approvedExtensions: Int {
        extensions.filter(\.isApproved).count
    }
}

extension DeadlinePolicy {
    /// A digest of everything a due time depends on: the limits per intent and the calendar.
    /// Stable across processes (sorted, no hashing seeds), so that a store shared by
    /// several servers, or a restart, sees the same digest for the same policy.
    public var digest: String {
        func text(_ limits: StageLimits) -> String {
            DeadlineStage.allCases.map { "\($0.rawValue)=\(limits[$0]?.description ?? "-")" }.joined(separator: ",")
        }
        let c = calendar.configuration
        var parts = ["default:" + text(`default`)]
        parts += perIntent.keys.sorted().map { "\($0):" + text(perIntent[$0]!) }
        parts.append("hours:" + c.hours.map(\.description).joined(separator: ","))
        parts.append("weekend:" + c.weekend.sorted().map(String.init).joined(separator: ","))
        parts.append("holidays:" + c.holidays.sorted().joined(separator: ","))
        parts.append("workdays:" + c.workdays.sorted().joined(separator: ","))
        parts.append("zone:" + c.timeZone.identifier)
        // FNV-1a, 64 bits: short enough for an indexed column, and the same in every process.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: ";").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
