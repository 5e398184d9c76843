import Foundation

/// Members, units and their offers (双报到) inside one store transaction. Every
/// `StoreTransaction` has them, so that an approval, the request it resolves and the
/// notices it sends commit together.
public protocol MemberRoll {
    /// Inserts or replaces a member by id, and moves the roll's version on.
    func save(_ member: Member) throws
    /// The member with `id` (active or not), compared byte for byte.
    func member(id: String) throws -> Member?
    /// Every member, active or not, by id.
    func members() throws -> [Member]
    /// Inserts or replaces a unit by id.
    func save(_ unit: CommunityUnit) throws
    /// Every unit, by id.
    func units() throws -> [CommunityUnit]
    /// Inserts or replaces an offer by id; an id another owner holds is refused
    /// (`CoreError.invalidData`), so that one owner's offer never takes over another's.
    func save(_ offer: Offer) throws
    /// Every offer, by owner then id.
    func offers() throws -> [Offer]
    /// Deletes every offer of that owner (a member's edited offers replace them).
    func deleteOffers(ownerKind: Offer.OwnerKind, ownerID: String) throws
    /// Erases `id` from the roll: deletes their member record and offers, and blanks the
    /// contact (id, name, phone) of units they registered and the owner of matches of their
    /// offers; moves the version on when a member was deleted. Part of `Store.erase(user:at:)`.
    func forgetMember(_ id: String) throws
    /// A number that changes whenever a member is saved: a server compares it with the one
    /// its directory was built at to know, with one indexed read, whether to read the
    /// members again.
    func memberRollVersion() throws -> Int
}
