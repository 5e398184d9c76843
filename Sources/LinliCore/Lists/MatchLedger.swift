import Foundation

/// Confirmed matches (the 服务清单) inside one store transaction. Every `StoreTransaction`
/// has them, so that a confirmation, the claim it makes and the notices it sends commit
/// together.
public protocol MatchLedger {
    /// Inserts the match of `match.need`, or replaces it.
    func save(_ match: ServiceMatch) throws
    /// The match of need `number`, if one was confirmed.
    func serviceMatch(need number: Int) throws -> ServiceMatch?
    /// Every confirmed match, by need number.
    func serviceMatches() throws -> [ServiceMatch]
}
