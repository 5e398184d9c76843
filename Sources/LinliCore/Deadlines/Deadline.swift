import Foundation

/// The deadline of a request's current stage.
public struct Deadline: Sendable, Equatable {
    /// The stage the clock runs for.
    public var stage: DeadlineStage
    /// When the stage's clock started.
    public var startedAt: Date
    /// When 80 % of the limit has passed: yellow from here.
    public var yellowAt: Date
    /// When the limit has passed: red from here.
    public var dueAt: Date

    /// Creates a deadline.
    public init(stage: DeadlineStage, startedAt: Date, yellowAt: Date, dueAt: Date) {
        self.stage = stage
        self.startedAt = startedAt
        self.yellowAt = yellowAt
        self.dueAt = dueAt
    }

    /// Green before `yellowAt`, yellow before `dueAt`, red from `dueAt` on.
    public func colour(at now: Date) -> DeadlineColour {
        now < yellowAt ? .green : now < dueAt ? .yellow : .red
    }
}
