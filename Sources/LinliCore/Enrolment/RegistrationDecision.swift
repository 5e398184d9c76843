import Foundation

/// An admin's decision on a 双报到 registration, inside the message's transaction: the
/// request is resolved (its note says which way) and, when approved, the member or the unit
/// and their offers are written, so that both commit together or not at all.
struct RegistrationDecision {
    let desk: RequestDesk
    var engine: Engine { desk.engine }

    /// What an approval wrote.
    struct Approved {
        /// The community the member or unit reported to.
        var community: String
    }

    func approve(_ request: ServiceRequest, by admin: Directory.Staff) throws -> Approved {
        let slots = request.slots
        let community = slots["community"] ?? ""
        let times = slots["times"] ?? ""
        let types = engine.responses.enrolment.serviceTypes
        let transaction = desk.transaction
        let applicant: String
        if slots[EnrolmentDraft.kindSlot] == EnrolmentDraft.Kind.unit.rawValue {
            let unit = CommunityUnit(id: CommunityUnit.id(registration: request.number), name: slots["unit"] ?? "",
                                     contactID: request.resident, contactName: slots["contact"] ?? "", phone: slots["phone"] ?? "",
                                     community: community, times: times, registration: request.number, joinedAt: desk.now)
            try transaction.save(unit)
            for offer in OfferReading.offers(slots["offers"] ?? "", registration: request.number, owner: (.unit, unit.id),
                                             times: times, community: community, types: types) {
                try transaction.save(offer)
            }
            applicant = engine.responses.render(.enrolApprovedUnit, ["number": request.number, "unit_name": unit.name])
        } else {
            let unitName = slots["unit"].flatMap { engine.responses.enrolment.saysNoUnit($0) ? nil : $0 }
            let unitID = try unitName.flatMap { name in try transaction.units().first { $0.name == name }?.id }
            // A member may offer nothing in particular (无): they take tasks and wishes, and list no resource.
            let offered = slots["offers"].flatMap { engine.responses.enrolment.saysNoUnit($0) ? nil : $0 } ?? ""
            let offers = OfferReading.offers(offered, registration: request.number, owner: (.member, request.resident),
                                             times: times, community: community, types: types)
            let earlier = try transaction.member(id: request.resident)
            let member = Member(id: request.resident, name: slots["name"] ?? "", phone: slots["phone"] ?? "", unitName: unitName,
                                unitID: unitID, community: community,
                                grids: engine.directory.grid(forCommunity: community).map { [$0.id] } ?? [],
                                offers: offers.map(\.serviceType), times: times, registration: request.number, active: true,
                                joinedAt: earlier?.joinedAt ?? desk.now, changedAt: desk.now)
            try transaction.save(member)
            // A member registering again offers what this registration says, not that plus the last one's.
            try transaction.deleteOffers(ownerKind: .member, ownerID: member.id)
            for offer in offers { try transaction.save(offer) }
            applicant = engine.responses.render(.enrolApprovedMember, ["number": request.number, "community": community])
        }
        try close(request, by: admin, note: engine.responses.render(.enrolNoteApproved), telling: applicant)
        return Approved(community: community)
    }

    func decline(_ request: ServiceRequest, by admin: Directory.Staff, reason: String) throws {
        try close(request, by: admin, note: engine.responses.render(.enrolNoteDeclined, ["reason": reason]),
                  telling: engine.responses.render(.enrolDeclinedApplicant, ["number": request.number, "reason": reason]))
    }

    /// Resolves the registration with `note`, the admin its claimer, and tells the applicant.
    /// No rating is asked: a decision on one's own registration is not a service to rate.
    private func close(_ original: ServiceRequest, by admin: Directory.Staff, note: String, telling text: String) throws {
        var request = original
        request.status = .resolved
        request.resolvedAt = desk.now
        request.resolutionNote = note
        if request.claimer == nil {
            request.claimer = admin.id
            request.claimedAt = desk.now
        }
        try desk.save(request)
        try desk.transaction.append(RequestEvent(request: request.number, kind: .resolved, actor: admin.id, at: desk.now, note: note))
        try desk.notify([request.resident], text, origin: admin.id)
    }
}
