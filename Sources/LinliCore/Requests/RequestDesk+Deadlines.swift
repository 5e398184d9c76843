import Foundation

/// 延期 (staff ask for more time to resolve a request, an admin grants it) and 催一下 (a
/// resident hurries it): the deadline's two sides of the conversation.
extension RequestDesk {
    /// Records a resident's nudge and tells the claimer, or the grid's workers while nobody
    /// has claimed it.
    func nudge(_ request: ServiceRequest, by resident: String) throws {
        try transaction.append(RequestEvent(request: request.number, kind: .nudged, actor: resident, at: now))
        let told = request.claimer.map { [$0] } ?? engine.directory.recipients(route: request.route, grid: request.grid)
        try notify(told, engine.responses.render(.notifyNudged, [
            "number": request.number, "intent_name": engine.intentName(request.intent), "place": engine.place(request.slots),
            "due": engine.dueLine(request, now: now),
        ]))
    }

    /// Records a request for `limit` more time for the resolve stage and tells the admins.
    /// A new request replaces one still waiting, so an admin approves what was asked last.
    func requestExtension(_ original: ServiceRequest, by member: Directory.Staff, limit: TimeLimit, written: String, reason: String) throws {
        var request = original
        request.extensions.removeAll { !$0.isApproved }
        // 12345's 延期 is for the handling time (办理时限), whatever stage the request is in now.
        request.extensions.append(DeadlineExtension(stage: .resolve, limit: limit, reason: reason, requestedBy: member.id, requestedAt: now))
        try save(request)
        try transaction.append(RequestEvent(request: request.number, kind: .extensionRequested, actor: member.id, at: now,
                                            note: written + " " + reason))
        try notify(engine.directory.recipients(route: "admin", grid: nil), engine.responses.render(.notifyExtensionRequested, [
            "number": request.number, "staff_name": member.name, "limit": written, "reason": reason,
        ]), origin: member.id)
    }

    /// Grants the extension waiting on the request, tells the resident the new resolve
    /// deadline and the staff member who asked; the new deadline, or nil when none was waiting.
    func approveExtension(_ original: ServiceRequest, by member: Directory.Staff) throws -> Date? {
        var request = original
        guard let index = request.extensions.lastIndex(where: { !$0.isApproved }) else { return nil }
        request.extensions[index].approvedBy = member.id
        request.extensions[index].approvedAt = now
        let granted = request.extensions[index]
        try save(request)
        try transaction.append(RequestEvent(request: request.number, kind: .extensionApproved, actor: member.id, at: now,
                                            note: granted.limit.description))
        let due = engine.configuration.deadlines.deadline(of: granted.stage, for: request)?.dueAt ?? now
        let time = engine.shortTime(due)
        var moved = notice(.deadlineMoved, request, note: granted.reason)
        moved.values["due"] = engine.officeTime(due)
        try notify([request.resident], engine.responses.render(.residentExtended, ["number": request.number, "time": time]), origin: member.id,
                   notice: moved)
        try notify([granted.requestedBy], engine.responses.render(.notifyExtensionApproved, ["number": request.number, "time": time]))
        return due
    }
}
