import Foundation

/// 批准报到 N, 拒绝报到 N 原因 and 取消报到 ID: an admin decides a 双报到 registration, or
/// deactivates a member, in the message's transaction; the applicant is told either way.
extension StaffTurn {
    mutating func approveEnrolment(_ number: Int?) throws {
        guard let request = try registration(number, usage: .usageApproveEnrolment) else { return }
        let approved = try RegistrationDecision(desk: desk).approve(request, by: member)
        say(.enrolApproved, Turn.values(of: request.slots).merging(["number": request.number, "community": approved.community]) { $1 })
    }

    mutating func declineEnrolment(_ number: Int?, reason: String?) throws {
        guard let request = try registration(number, usage: .usageDeclineEnrolment, needsText: reason ?? "") else { return }
        try RegistrationDecision(desk: desk).decline(request, by: member, reason: reason ?? "")
        say(.enrolDeclined, ["number": request.number])
    }

    /// 取消报到 ID or name: the member stays on record, inactive, and is staff no more from
    /// the next message on.
    mutating func removeMember(_ target: String) throws {
        guard !target.isEmpty else { say(.staffUsage, ["usage": engine.responses.render(.usageRemoveMember)]); return }
        guard member.role == .admin else { say(.enrolAdminOnly); return }
        if engine.configuredDirectory.member(target) != nil {
            say(.enrolRemoveConfigured, ["id": target])
            return
        }
        guard var found = try desk.transaction.members().filter(\.active).named(target) else {
            say(.enrolUnknownMember, ["id": target])
            return
        }
        found.active = false
        found.changedAt = desk.now
        try desk.transaction.save(found)
        try desk.notify([found.id], engine.responses.render(.enrolRemovedMember, ["community": found.community]), origin: member.id)
        say(.enrolRemoved, ["name": found.name, "id": found.id])
    }

    /// Registration `number` if this admin may decide it and it is still undecided;
    /// otherwise says why not.
    private mutating func registration(_ number: Int?, usage: ResponseKey, needsText text: String? = nil) throws -> ServiceRequest? {
        guard let number, text.map({ !$0.isEmpty }) ?? true else {
            say(.staffUsage, ["usage": engine.responses.render(usage)])
            return nil
        }
        guard member.role == .admin else { say(.staffNotAllowed, ["number": number]); return nil }
        guard let request = try desk.transaction.request(number: number) else { say(.staffUnknownRequest, ["number": number]); return nil }
        guard request.isRegistration else { say(.enrolNotRegistration, ["number": number]); return nil }
        guard request.status.isActive else {
            say(.enrolAlreadyDecided, ["number": number, "status_name": engine.statusName(request.status), "note": request.resolutionNote ?? ""])
            return nil
        }
        return request
    }
}

extension ServiceRequest {
    /// Whether this request is a 双报到 registration made in the chat (its answers in its slots).
    var isRegistration: Bool {
        intent == Turn.enrolmentIntent && slots[EnrolmentDraft.kindSlot] != nil
    }
}
