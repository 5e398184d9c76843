import Foundation

/// How far a request has gone up the escalation ladder of one deadline: which deadline
/// (its stage and due moment) and how many of its steps were done. Kept in the request's
/// body, so that a step done is never done again, whichever server or restart comes next.
public struct AlertProgress: Sendable, Codable, Equatable {
    /// The stage of the deadline the steps count for.
    public var stage: DeadlineStage
    /// That deadline's due moment: an approved extension or a restarted clock moves it,
    /// and with it the ladder starts again.
    public var dueAt: Date
    /// How many steps of the ladder were done.
    public var step: Int

    /// Creates progress.
    public init(stage: DeadlineStage, dueAt: Date, step: Int = 0) {
        self.stage = stage
        self.dueAt = dueAt
        self.step = step
    }

    /// Whether this progress counts for `deadline`. Due moments are compared to the second:
    /// a request's dates are kept to the millisecond, so one computed before the first save
    /// and again after reading it back may differ by less than that, and must not start
    /// the ladder again; a real change (an extension, a new stage) is far larger.
    public func counts(for deadline: Deadline) -> Bool {
        stage == deadline.stage && abs(dueAt.timeIntervalSince(deadline.dueAt)) < 1
    }
}
