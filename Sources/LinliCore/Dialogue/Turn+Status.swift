import Foundation

/// What a resident asks about linli and their own requests: the menu (帮助), the list of
/// their requests (我的工单) and one request by number (工单3怎么样了).
extension Turn {
    /// Requests closed longer ago than this many days drop out of 我的工单.
    static let statusDays = 30

    /// Answers 帮助 or 我的工单 (or 工单3怎么样了), said as a whole message, whatever else
    /// is going on; a form waiting for an answer is asked again. False when `text` is neither.
    mutating func helpOrStatus(_ text: String) throws -> Bool {
        if words.isHelp(text) {
            say(.residentHelp)
        } else if words.isStatus(text) {
            try status(number: nil)
        } else if let number = words.askedRequest(in: text), conversation.form == nil || words.requestNumber(in: text)?.rest.isEmpty == false {
            // A bare #3 during a form may answer its question (几号楼？); 工单3怎么样了 never does.
            try status(number: number)
        } else {
            return false
        }
        if let form = conversation.form {
            say(.formResumed, ["intent_name": engine.intentName(form.intent)])
            proceed(form)
        }
        return true
    }

    /// Lists the resident's requests, active ones first, then those closed in the last 30
    /// days; or, with `number`, that one request if it is theirs.
    ///
    /// Authorisation: only requests the resident opened or follows are shown, and a
    /// follower sees the status and replies addressed to them, never the closing note or
    /// rating of someone else's request.
    mutating func status(number: Int?) throws {
        let mine = try ownRequests().filter { $0.status != .cancelled }
        if let number {
            guard let request = mine.first(where: { $0.number == number }) else {
                say(.statusUnknown, ["number": number])
                return
            }
            try sayStatus(of: request)
            try sayAttachments(of: request)
            return
        }
        let since = now.addingTimeInterval(-Double(Self.statusDays) * 24 * 3600)
        let active = mine.filter(\.status.isActive)
        let closed = mine.filter { !$0.status.isActive && ($0.resolvedAt ?? $0.openedAt) >= since }
            .sorted { ($0.resolvedAt ?? $0.openedAt) > ($1.resolvedAt ?? $1.openedAt) }
        let shown = Array((active + closed).prefix(10))
        guard !shown.isEmpty else { say(.statusNone, ["days": Self.statusDays]); return }
        say(.statusHeader, ["days": Self.statusDays])
        for request in shown { try sayStatus(of: request) }
    }

    /// The requests the resident opened or follows: all a resident may read.
    func ownRequests() throws -> [ServiceRequest] {
        // The store matches the resident; the byte check keeps an id that only looks the same out.
        try transaction.requests(RequestQuery(resident: user))
            .filter { $0.resident.isSameID(user) || $0.followers.containsID(user) }
    }

    /// What every answer about one request says: its number, kind, state and deadline.
    func statusValues(_ request: ServiceRequest) -> [String: Any] {
        ["number": request.number, "intent_name": engine.intentName(request.intent),
         "status_name": engine.statusName(request.status), "due": engine.dueLine(request, now: now)]
    }

    private mutating func sayStatus(of request: ServiceRequest) throws {
        var context = statusValues(request)
        if !request.status.isActive, request.resident.isSameID(user) {
            // Left out when there is none: Mustache counts an empty string as a value.
            if let note = request.resolutionNote, !note.isEmpty { context["note"] = note }
            if let rating = request.rating { context["rating"] = rating }
            context["resolved_time"] = engine.shortTime(request.resolvedAt ?? request.openedAt)
            say(.statusItemClosed, context)
            return
        }
        // Only a reply addressed to this resident: a follower must not read what staff
        // wrote to the resident who opened the request, nor to another follower.
        let replies = try transaction.events(request: request.number).filter { $0.kind == .replied }.map { ReplyNote($0.note ?? "") }
        if let last = replies.last(where: { $0.isAddressed(to: user, openedBy: request.resident) })?.text, !last.isEmpty {
            context["last"] = last
        }
        say(.statusItem, context)
    }
}
