import Foundation

/// A staff member's last command when it was 办结 N: a photo they send soon after is the
/// closing evidence of request N.
public struct RecentClosing: Sendable, Codable, Equatable {
    /// The request closed.
    public var number: Int
    /// When.
    public var at: Date

    /// Creates a record.
    public init(number: Int, at: Date) {
        self.number = number
        self.at = at
    }
}
