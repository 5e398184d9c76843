import Foundation

/// 匹配 and 确认匹配 N 资源ID: an admin reads the matches linli proposes between needs and
/// resources, and confirms one, which in the message's transaction records it in the 服务清单
/// and hands the need on through the wish and request claim: a member's offer makes that
/// member its claimer; a unit's offer tells the unit's contact and its members, who claim it.
extension StaffTurn {
    /// How many proposals one answer lists; the rest wait for the next 匹配.
    private static let proposalsShown = 10

    /// 匹配: each open need with the resources that fit it.
    mutating func listMatches() throws {
        guard member.role == .admin else { say(.matchAdminOnly); return }
        let proposals = try engine.proposals(in: desk.transaction)
        guard !proposals.isEmpty else { say(.matchNone); return }
        say(.matchHeader, ["count": proposals.count])
        for (need, resources) in proposals.prefix(Self.proposalsShown) {
            let offers = resources.map { engine.responses.render(.matchOffer, engine.values(of: $0)) }
            say(.matchItem, ["number": need.number, "intent_name": engine.intentName(need.intent), "type": need.serviceType ?? "",
                             "community": need.community ?? "", "text": need.text, "offers": offers.joined(separator: "\n"),
                             "offer": resources[0].offer.id])
        }
    }

    /// 确认匹配 N 资源ID.
    mutating func confirmMatch(_ number: Int?, _ offerID: String) throws {
        guard let number, !offerID.isEmpty else { say(.staffUsage, ["usage": engine.responses.render(.usageConfirmMatch)]); return }
        guard member.role == .admin else { say(.matchAdminOnly); return }
        guard let request = try active(number, usage: .usageConfirmMatch) else { return }
        let transaction = desk.transaction
        guard engine.listWords.isNeed(request) else {
            say(.matchNotANeed, ["number": number, "intent_name": engine.intentName(request.intent)]); return
        }
        if let earlier = try transaction.serviceMatch(need: number) {
            say(.matchAlready, ["number": number, "offer": earlier.offerID]); return
        }
        if let claimer = request.claimer, request.status == .claimed {
            say(.matchAlreadyClaimed, ["number": number, "staff_name": engine.directory.member(claimer)?.name ?? claimer]); return
        }
        guard let resource = try engine.resources(in: transaction).first(where: { $0.offer.id.caseInsensitiveCompare(offerID) == .orderedSame })
        else { say(.matchUnknownOffer, ["offer": offerID]); return }
        let offer = resource.offer
        // A member's offer is served by that member, who must be staff now to claim it.
        let server = offer.ownerKind == .member ? engine.directory.member(offer.ownerID) : nil
        if offer.ownerKind == .member && server == nil { say(.matchOwnerGone, ["offer": offer.id, "owner": resource.ownerName]); return }
        // The first write: another server's admin may have confirmed it just now.
        guard try transaction.insert(ServiceMatch(need: number, offerID: offer.id, ownerKind: offer.ownerKind, ownerID: offer.ownerID,
                                                  serviceType: offer.serviceType, confirmedBy: member.id, confirmedAt: desk.now)) else {
            let earlier = try transaction.serviceMatch(need: number)
            say(.matchAlready, ["number": number, "offer": earlier?.offerID ?? ""]); return
        }
        try transaction.append(RequestEvent(request: number, kind: .matched, actor: member.id, at: desk.now, note: offer.id))
        var values = engine.values(of: resource)
        values["number"] = number
        values["intent_name"] = engine.intentName(request.intent)
        values["text"] = String(request.text.prefix(Need.textLimit))
        values["wish"] = request.isMicroWish
        if let server {
            try desk.claim(request, by: server)
            try desk.notify([server.id], engine.responses.render(.matchMemberNotice, values), origin: member.id)
            say(.matchConfirmedMember, values)
        } else {
            let told = try unitPeople(offer.ownerID)
            try desk.notify(told, engine.responses.render(.matchUnitNotice, values), origin: member.id)
            try desk.notify([request.resident], engine.responses.render(.matchResidentNotice, values), origin: member.id)
            values["told"] = told.count
            say(.matchConfirmedUnit, values)
        }
    }

    /// Who hears of a need matched with unit `id`: its contact and its active members.
    private func unitPeople(_ id: String) throws -> [String] {
        let transaction = desk.transaction
        let contact = try transaction.units().first { $0.id == id }?.contactID
        let members = try transaction.members().filter { $0.active && $0.unitID == id }.map(\.id)
        return ([contact].compactMap { $0 } + members).filter { !$0.isEmpty }
    }
}
