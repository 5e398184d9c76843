import Foundation

/// A task the community publishes for its members to claim (发布任务): a place, a time, how
/// many people it needs and how long it takes. Staff write its number as `T12`.
public struct ServiceTask: Sendable, Codable, Equatable {
    /// Where a task stands.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Places are free.
        case open
        /// Every place is taken; a withdrawal opens it again.
        case full
        /// Hours are being recorded: no claims or withdrawals any more.
        case closed
        /// Hours are recorded for every member who took part.
        case done
    }

    /// The task's number (T12 is 12).
    public var number: Int
    /// What is to be done.
    public var title: String
    /// Where, as the admin wrote it.
    public var place: String
    /// The configured community the place lies in, when one is named in it.
    public var community: String?
    /// When, as the admin wrote it (这周六上午9点).
    public var time: String
    /// How many people it needs.
    public var needed: Int
    /// How long it is expected to take, in minutes.
    public var expectedMinutes: Int
    /// Where it stands.
    public var status: Status
    /// The staff id of the admin who published it.
    public var publisher: String
    /// When it was published.
    public var publishedAt: Date
    /// When its hours were all recorded.
    public var doneAt: Date?

    /// Creates a task.
    public init(number: Int, title: String, place: String, community: String?, time: String, needed: Int, expectedMinutes: Int,
                status: Status = .open, publisher: String, publishedAt: Date, doneAt: Date? = nil) {
        self.number = number
        self.title = title
        self.place = place
        self.community = community
        self.time = time
        self.needed = needed
        self.expectedMinutes = expectedMinutes
        self.status = status
        self.publisher = publisher
        self.publishedAt = publishedAt
        self.doneAt = doneAt
    }

    /// Whether members may still claim or give back places.
    public var takesClaims: Bool { status == .open || status == .full }
}

/// A member's place on a task: when they took it, whether they gave it back, and the hours
/// recorded for them afterwards.
public struct TaskClaim: Sendable, Codable, Equatable {
    /// The task's number.
    public var task: Int
    /// The member's staff id.
    public var member: String
    /// When they took the place (last, if they gave it back and took it again).
    public var claimedAt: Date
    /// When they gave it back; nil while they hold it.
    public var withdrawnAt: Date?
    /// Service minutes recorded for them; nil until recorded.
    public var minutes: Int?

    /// Creates a claim.
    public init(task: Int, member: String, claimedAt: Date, withdrawnAt: Date? = nil, minutes: Int? = nil) {
        self.task = task
        self.member = member
        self.claimedAt = claimedAt
        self.withdrawnAt = withdrawnAt
        self.minutes = minutes
    }

    /// Whether the member holds the place now.
    public var holds: Bool { withdrawnAt == nil }
}
