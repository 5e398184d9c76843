import Foundation

/// A line of the 服务清单: a confirmed match, who serves it, and how far its need has come.
public struct ServiceLine: Sendable, Codable, Equatable {
    /// How far a confirmed match has come, from its request's status.
    public enum State: String, Sendable, Codable {
        /// Confirmed, waiting for someone to claim it (a unit's offer: its members are told).
        case matched
        /// Someone works on it.
        case claimed
        /// Resolved (rated or not).
        case fulfilled
        /// The resident withdrew it.
        case cancelled
    }

    /// The match.
    public var match: ServiceMatch
    /// The need's intent.
    public var intent: String
    /// The need's community, when given.
    public var community: String?
    /// The name of the unit or member whose offer it is.
    public var ownerName: String
    /// The staff id of whoever claimed the need, if anyone.
    public var claimer: String?
    /// Where it stands.
    public var state: State

    /// The line of `match` whose need is `request`.
    init(_ match: ServiceMatch, request: ServiceRequest?, ownerName: String) {
        self.match = match
        intent = request?.intent ?? ""
        community = request?.slots["community"]
        self.ownerName = ownerName
        claimer = request?.claimer
        switch request?.status {
        case .resolved?, .rated?: state = .fulfilled
        case .cancelled?: state = .cancelled
        default: state = request?.claimer == nil ? .matched : .claimed
        }
    }
}
