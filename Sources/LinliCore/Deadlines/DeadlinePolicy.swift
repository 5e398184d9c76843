import Foundation

/// The time limits of each stage per intent (with a default), on one working calendar:
/// from them and a request's timestamps, the deadline of the stage it is in.
public struct DeadlinePolicy: Sendable {
    /// Limits for intents that have no entry of their own.
    public var `default`: StageLimits
    /// Limits per intent id; a stage an entry leaves out takes the default's.
    public var perIntent: [String: StageLimits]
    /// What working time means.
    public var calendar: WorkCalendar

    /// The share of a limit after which a request turns yellow.
    public static let yellowFraction = 0.8

    /// Creates a policy.
    public init(default: StageLimits, perIntent: [String: StageLimits], calendar: WorkCalendar) {
        self.default = `default`
        self.perIntent = perIntent
        self.calendar = calendar
    }

    /// No limits: nothing is ever due. For engines whose configuration sets none.
    public static let none = DeadlinePolicy(default: StageLimits(), perIntent: [:], calendar: WorkCalendar())

    /// The limits of `intent`: its own entry over the default.
    public func limits(for intent: String) -> StageLimits {
        perIntent[intent].map(`default`.overriding(with:)) ?? `default`
    }

    /// The deadline of the request's current stage, or nil (cancelled, rated, or no limit).
    ///
    /// Waiting for a claim (open, assigned, reopened with nobody on it): `claim` from
    /// `openedAt`, or `reopenedAt` after a reopen. Claimed, nobody has written to the resident
    /// yet: `first_contact` from `claimedAt`. Claimed and in contact: `resolve` from `openedAt`,
    /// or `reopenedAt`. Resolved: `revisit` from `resolvedAt`. A stage without a limit gives way
    /// to the next one whose clock is already running (`resolve`), so an intent with only a
    /// resolve limit still shows its deadline while waiting for a claim.
    public func deadline(for request: ServiceRequest) -> Deadline? {
        let stages: [DeadlineStage]
        switch request.status {
        case .open, .assigned: stages = [.claim, .resolve]
        case .reopened: stages = request.claimer == nil ? [.claim, .resolve] : [.resolve]
        case .claimed: stages = request.firstContactAt == nil ? [.firstContact, .resolve] : [.resolve]
        case .resolved: stages = [.revisit]
        case .rated, .cancelled: stages = []
        }
        return stages.lazy.compactMap { deadline(of: $0, for: request) }.first
    }

    /// The deadline of `stage` for `request`, whatever stage it is in now (the report asks
    /// whether a claim or a resolution came in time); nil when the stage has no limit or its
    /// clock never started. Granted extensions of the stage move it.
    public func deadline(of stage: DeadlineStage, for request: ServiceRequest) -> Deadline? {
        guard let limit = limits(for: request.intent)[stage], let start = start(of: stage, for: request) else { return nil }
        var yellow = calendar.moment(Self.yellowFraction, of: limit, from: start)
        var due = calendar.adding(limit, to: start)
        // An extension granted before this run of the stage began (the resolve clock restarts
        // on a reopen) belonged to the earlier run.
        for granted in request.extensions where granted.stage == stage {
            guard let approvedAt = granted.approvedAt, approvedAt >= start else { continue }
            yellow = calendar.adding(granted.limit, to: yellow)
            due = calendar.adding(granted.limit, to: due)
        }
        return Deadline(stage: stage, startedAt: start, yellowAt: yellow, dueAt: due)
    }

    /// When the clock of `stage` started for `request`, nil if it has not.
    private func start(of stage: DeadlineStage, for request: ServiceRequest) -> Date? {
        switch stage {
        case .claim, .resolve: return request.reopenedAt ?? request.openedAt
        case .firstContact: return request.claimedAt
        case .revisit: return request.resolvedAt
        }
    }
}
