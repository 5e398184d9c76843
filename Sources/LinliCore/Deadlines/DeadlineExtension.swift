import Foundation

/// More time for one stage of a request (延期): asked by staff, granted by an admin. Only a
/// granted one moves the deadline.
public struct DeadlineExtension: Sendable, Codable, Equatable {
    /// The stage it is for: the one running when it was asked for.
    public var stage: DeadlineStage
    /// How much more time.
    public var limit: TimeLimit
    /// Why, as the staff member wrote it.
    public var reason: String
    /// Who asked.
    public var requestedBy: String
    /// When it was asked for.
    public var requestedAt: Date
    /// The admin who granted it; nil while it waits.
    public var approvedBy: String?
    /// When it was granted; nil while it waits.
    public var approvedAt: Date?

    /// Creates an extension, waiting for approval unless `approvedAt` is given.
    public init(stage: DeadlineStage, limit: TimeLimit, reason: String, requestedBy: String, requestedAt: Date,
                approvedBy: String? = nil, approvedAt: Date? = nil) {
        self.stage = stage
        self.limit = limit
        self.reason = reason
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
    }

    /// Whether an admin granted it.
    public var isApproved: Bool { approvedAt != nil }
}
