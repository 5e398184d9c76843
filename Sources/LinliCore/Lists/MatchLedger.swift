import Foundation

/// Confirmed matches (the 服务清单) inside one store transaction. Every `StoreTransaction`
/// has them, so that a confirmation, the claim it makes and the notices it sends commit
/// together.
public protocol MatchLedger {
    /// Inserts the match of `match.need`; false, changing nothing, when that need has one
    /// already. A need has one match: two admins confirming it at once, on two servers of one
    /// database, get one true and one false, and the second turn changes nothing.
    func insert(_ match: ServiceMatch) throws -> Bool
    /// The match of need `number`, if one was confirmed.
    func serviceMatch(need number: Int) throws -> ServiceMatch?
    /// Every confirmed match, by need number.
    func serviceMatches() throws -> [ServiceMatch]
}
