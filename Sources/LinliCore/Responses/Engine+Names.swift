import Foundation

/// How the engine names things for people, always through `responses/`: statuses, history
/// events and who did them, local times and waiting times.
extension Engine {
    /// The status as residents and staff read it in chat (处理中).
    public func statusName(_ status: ServiceRequest.Status) -> String {
        let key: ResponseKey
        switch status {
        case .open: key = .statusOpen
        case .assigned: key = .statusAssigned
        case .claimed: key = .statusClaimed
        case .resolved: key = .statusResolved
        case .rated: key = .statusRated
        case .cancelled: key = .statusCancelled
        case .reopened: key = .statusReopened
        }
        return responses.render(key)
    }

    /// The status as the office reads it in tables (已接单).
    public func officeStatusName(_ status: ServiceRequest.Status) -> String {
        let key: ResponseKey
        switch status {
        case .open: key = .officeStatusOpen
        case .assigned: key = .officeStatusAssigned
        case .claimed: key = .officeStatusClaimed
        case .resolved: key = .officeStatusResolved
        case .rated: key = .officeStatusRated
        case .cancelled: key = .officeStatusCancelled
        case .reopened: key = .officeStatusReopened
        }
        return responses.render(key)
    }

    /// A history event's kind in words (接单).
    func eventName(_ kind: RequestEvent.Kind) -> String {
        let key: ResponseKey
        switch kind {
        case .opened: key = .eventOpened
        case .assigned: key = .eventAssigned
        case .claimed: key = .eventClaimed
        case .replied: key = .eventReplied
        case .resolved: key = .eventResolved
        case .rated: key = .eventRated
        case .reopened: key = .eventReopened
        case .cancelled: key = .eventCancelled
        case .reassigned: key = .eventReassigned
        case .attached: key = .eventAttached
        case .linked: key = .eventLinked
        case .erased: key = .eventErased
        case .extensionRequested: key = .eventExtensionRequested
        case .extensionApproved: key = .eventExtensionApproved
        case .nudged: key = .eventNudged
        case .reminded: key = .eventReminded
        case .escalated: key = .eventEscalated
        case .supervised: key = .eventSupervised
        case .reportedToStreet: key = .eventReportedToStreet
        case .revisitReminded: key = .eventRevisitReminded
        case .thanked: key = .eventThanked
        case .whistled: key = .eventWhistled
        case .whistleAnswered: key = .eventWhistleAnswered
        case .callBack: key = .eventCallBack
        case .calledBack: key = .eventCalledBack
        case .matched: key = .eventMatched
        case .whistleReminded: key = .eventWhistleReminded
        case .attachmentLost: key = .eventAttachmentLost
        }
        return responses.render(key)
    }

    /// Who `actor` is on `request`, by name: a staff member's name, 居民 for the resident
    /// who opened it, 关联居民@K for a follower, 系统 for linli itself.
    func actorName(_ actor: String, on request: ServiceRequest) -> String {
        if let member = directory.member(actor) { return member.name }
        if actor == "system" { return responses.render(.actorSystem) }
        if request.resident.isSameID(actor) { return responses.render(.actorResident) }
        if let index = request.followers.firstIndex(where: { $0.isSameID(actor) }) {
            return responses.render(.actorFollower, ["index": index + 1])
        }
        return actor
    }

    /// A grid or staff id by name, the id itself when the directory knows neither.
    public func targetName(_ id: String) -> String {
        directory.grid(id: id)?.name ?? directory.member(id)?.name ?? id
    }

    /// The date's parts in the configured time zone.
    public func localParts(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = configuration.timeZone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    }

    /// A local time for chat, as `time_short` writes it (12月6日 07:22).
    public func shortTime(_ date: Date) -> String {
        let parts = localParts(date)
        return responses.render(.timeShort, ["month": parts.month ?? 0, "day": parts.day ?? 0,
                                             "hour": String(format: "%02d", parts.hour ?? 0), "minute": String(format: "%02d", parts.minute ?? 0)])
    }

    /// A local time for tables and CSV, to the minute: `2026-12-06 07:22`.
    public func officeTime(_ date: Date?) -> String {
        guard let date else { return "" }
        let p = localParts(date)
        return String(format: "%04d-%02d-%02d %02d:%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0, p.hour ?? 0, p.minute ?? 0)
    }

    /// How long `seconds` is, roughly, in the largest whole unit (45分钟, 3小时, 2天).
    func duration(_ seconds: TimeInterval) -> String {
        let minutes = max(0, Int(seconds / 60))
        if minutes < 60 { return responses.render(.durationMinutes, ["count": minutes]) }
        if minutes < 48 * 60 { return responses.render(.durationHours, ["count": minutes / 60]) }
        return responses.render(.durationDays, ["count": minutes / (24 * 60)])
    }
}
