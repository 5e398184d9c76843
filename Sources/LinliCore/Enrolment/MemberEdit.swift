import Foundation

/// A change of a member's details by the office (`linli staff edit`): each field given
/// replaces the member's, read as 双报到 reads an applicant's answer.
public struct MemberEdit: Sendable, Equatable {
    /// Their name.
    public var name: String?
    /// Their phone (7 to 12 digits).
    public var phone: String?
    /// The unit they work at (无 for none); re-linked to the registered unit of that name.
    public var unit: String?
    /// The configured community they serve; their grids follow it.
    public var community: String?
    /// When they are free; their offers' times follow it.
    public var times: String?
    /// What they offer (理发、陪伴老人, or 无), replacing their lines of the 资源清单.
    public var offers: String?

    /// An edit of the fields given.
    public init(name: String? = nil, phone: String? = nil, unit: String? = nil, community: String? = nil, times: String? = nil,
                offers: String? = nil) {
        self.name = name
        self.phone = phone
        self.unit = unit
        self.community = community
        self.times = times
        self.offers = offers
    }

    /// Whether no field is given.
    public var isEmpty: Bool { self == MemberEdit() }
}

extension Engine {
    /// Applies `edit` to the member with id `target` (or the one member named so), with their
    /// offers, in one write at `now`; the member as saved. Servers see it from their next
    /// message on (the member roll's version moves).
    ///
    /// - Throws: `CoreError(.invalidData)` naming what is wrong: no such member, a configured
    ///   staff id, a phone or community that cannot be taken.
    @discardableResult
    public func editMember(_ target: String, _ edit: MemberEdit, at now: Date) throws -> Member {
        let words = responses.enrolment
        let communities = configuredDirectory.communities
        if configuredDirectory.member(target) != nil {
            throw CoreError(.invalidData, "\(target) is staff of the configuration: change it there")
        }
        return try store.write { transaction in
            guard var member = try transaction.members().named(target) else {
                throw CoreError(.invalidData, "no member \(target) (an id, or the name of one member)")
            }
            if let name = edit.name.map(Words.bare), !name.isEmpty { member.name = name }
            if let text = edit.phone {
                guard let phone = EnrolmentDraft.phone(in: text) else { throw CoreError(.invalidData, "\(text) is not a phone number") }
                member.phone = phone
            }
            if let unit = edit.unit.map(Words.bare) {
                member.unitName = unit.isEmpty || words.saysNoUnit(unit) ? nil : unit
                member.unitID = try member.unitName.flatMap { name in try transaction.units().first { $0.name == name }?.id }
            }
            if let text = edit.community {
                guard let community = communities.isEmpty ? Words.bare(text) : EnrolmentDraft.community(Words.bare(text), among: communities)
                else { throw CoreError(.invalidData, "\(text) is not a configured community (\(communities.joined(separator: ", ")))") }
                member.community = community
                member.grids = configuredDirectory.grid(forCommunity: community).map { [$0.id] } ?? []
            }
            if let times = edit.times { member.times = Words.bare(times) }
            let existing = try transaction.offers()
            var offers = existing.filter { $0.ownerKind == .member && $0.ownerID == member.id }
            if let text = edit.offers {
                let offered = words.saysNoUnit(text) ? "" : text
                offers = OfferReading.unique(
                    OfferReading.offers(offered, registration: member.registration ?? 0, owner: (.member, member.id),
                                        times: member.times, community: member.community, types: words.serviceTypes),
                    among: existing)
                member.offers = offers.map(\.serviceType)
            }
            for index in offers.indices {
                offers[index].times = member.times
                offers[index].community = member.community
            }
            try transaction.deleteOffers(ownerKind: .member, ownerID: member.id)
            for offer in offers { try transaction.save(offer) }
            member.changedAt = now
            try transaction.save(member)
            return member
        }
    }
}
