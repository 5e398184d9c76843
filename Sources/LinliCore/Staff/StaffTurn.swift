import Foundation

/// Carries out one staff command for one staff member, checking what they may do.
struct StaffTurn {
    let desk: RequestDesk
    let member: Directory.Staff
    let engine: Engine
    var replies: [String] = []
    /// The task this member is publishing, read from and written back to their conversation.
    var draft: TaskDraft?

    mutating func say(_ key: ResponseKey, _ values: [String: Any] = [:]) {
        replies.append(engine.responses.render(key, values))
    }

    mutating func run(_ command: StaffCommand) throws -> [String] {
        switch command {
        case .help:
            replies.append([ResponseKey.staffHelp, .staffHelpTasks, .staffHelpWishes, .staffHelpWhistles, .staffHelpEnrolment, .staffHelpLists].map { engine.responses.render($0) }.joined(separator: "\n"))
        case .todo:
            try todo()
        case .claim(let number):
            guard let request = try active(number, usage: .usageClaim) else { break }
            if let claimer = request.claimer, !claimer.isSameID(member.id), request.status == .claimed {
                say(.staffAlreadyClaimed, ["number": request.number, "staff_name": engine.directory.member(claimer)?.name ?? claimer])
            } else if !serves(request) {
                say(.staffNotAllowed, ["number": request.number])
            } else {
                try desk.claim(request, by: member)
                say(.staffClaimed, ["number": request.number])
            }
        case .reply(let number, let follower, let text):
            guard let request = try active(number, usage: .usageReply, needsText: text) else { break }
            guard serves(request) else { say(.staffNotAllowed, ["number": request.number]); break }
            guard let follower else {
                try desk.reply(request, by: member, text: text, to: nil)
                say(.staffReplySent, ["number": request.number])
                break
            }
            guard request.followers.indices.contains(follower - 1) else {
                say(.staffUnknownFollower, ["number": request.number, "index": follower, "count": request.followers.count])
                break
            }
            try desk.reply(request, by: member, text: text, to: request.followers[follower - 1])
            say(.staffReplySentFollower, ["number": request.number, "index": follower])
        case .done(let number, let note):
            guard let request = try active(number, usage: .usageDone) else { break }
            guard isClaimer(request) || member.role == .admin || (request.claimer == nil && serves(request)) else {
                say(.staffNotAllowed, ["number": request.number]); break
            }
            try desk.resolve(request, by: member, note: note)
            say(.staffResolved, ["number": request.number])
        case .assign(let number, let target):
            guard let request = try active(number, usage: .usageAssign, needsText: target) else { break }
            guard isClaimer(request) || member.role == .admin else { say(.staffNotAllowed, ["number": request.number]); break }
            let grid = engine.directory.grids.first { $0.id == target || $0.name == target }
            let person = engine.directory.staff.first { $0.id.isSameID(target) || $0.name == target }
            guard grid != nil || person != nil else { say(.staffUnknownTarget, ["target": target]); break }
            try desk.reassign(request, by: member, toGrid: grid, toStaff: grid == nil ? person : nil)
            say(.staffAssigned, ["number": request.number, "target": grid?.name ?? person!.name])
        case .extend(let number, let text):
            try extend(number, text)
        case .approveExtension(let number):
            guard let request = try active(number, usage: .usageApproveExtension) else { break }
            guard member.role == .admin else { say(.staffNotAllowed, ["number": request.number]); break }
            guard let due = try desk.approveExtension(request, by: member) else { say(.staffNoPendingExtension, ["number": request.number]); break }
            say(.staffExtensionApproved, ["number": request.number, "time": engine.shortTime(due)])
        case .login:
            try login()
        case .publishTask(let text):
            try publishTask(text)
        case .claimTask(let number):
            try claimTask(number)
        case .withdrawTask(let number):
            try withdrawTask(number)
        case .completeTask(let number, let text):
            try completeTask(number, text)
        case .myHours:
            try myHours()
        case .claimWish(let number):
            try claimWish(number)
        case .fulfilWish(let number, let note):
            try fulfilWish(number, WishFulfilment(note: note))
        case .whistle(let number, let text):
            try whistle(number, text)
        case .answerWhistle(let number):
            try answerWhistle(number)
        case .calledBack(let number):
            try calledBack(number)
        case .approveEnrolment(let number):
            try approveEnrolment(number)
        case .declineEnrolment(let number, let reason):
            try declineEnrolment(number, reason: reason)
        case .removeMember(let target):
            try removeMember(target)
        case .listMatches:
            try listMatches()
        case .confirmMatch(let number, let offerID):
            try confirmMatch(number, offerID)
        case .show(let number):
            guard let number else { say(.staffUsage, ["usage": engine.responses.render(.usageShow)]); break }
            guard let request = try desk.transaction.request(number: number) else { say(.staffUnknownRequest, ["number": number]); break }
            // The resident's id, words and phone are for those who work on the request.
            guard try serves(request) || isCalled(to: request) else { say(.staffNotAllowed, ["number": request.number]); break }
            try show(request)
        }
        return replies
    }

    /// Whether this member works on `request`: an admin, the claimer, someone in its grid,
    /// or someone its route names.
    func serves(_ request: ServiceRequest) -> Bool {
        engine.serves(member, request)
    }

    /// 延期 N 时长 原因, by the claimer or a member of the request's grid; a bad number or
    /// duration is answered and changes nothing.
    private mutating func extend(_ number: Int?, _ text: String) throws {
        let parts = text.split(maxSplits: 1, whereSeparator: \.isWhitespace).map(String.init)
        let reason = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        guard let request = try active(number, usage: .usageExtend, needsText: reason) else { return }
        guard isClaimer(request) || engine.directory.grids(of: member).contains(request.grid ?? "") && member.role != .admin else {
            say(.staffNotAllowed, ["number": request.number]); return
        }
        guard let limit = try? TimeLimit(parsing: parts[0]) else { say(.staffExtendBadLimit, ["text": parts[0]]); return }
        guard engine.configuration.deadlines.limits(for: request.intent).resolve != nil else {
            say(.staffExtendNoLimit, ["number": request.number]); return
        }
        try desk.requestExtension(request, by: member, limit: limit, written: parts[0], reason: reason)
        say(.staffExtendRequested, ["number": request.number, "limit": parts[0]])
    }

    /// 登录: a sign-in link for this member alone, its token stored (as a digest) in this
    /// message's transaction, so that the link works once the answer is out.
    private mutating func login() throws {
        guard let links = engine.configuration.consoleLinks else { say(.staffLoginUnavailable); return }
        let token = links.minter.token()
        let stored = SignInToken(digest: links.minter.digest(of: token), staff: member.id, expiresAt: desk.now.addingTimeInterval(links.validity))
        try desk.transaction.saveSignInToken(stored, at: desk.now)
        say(.staffLoginLink, ["link": links.link(token), "minutes": Int((links.validity / 60).rounded())])
    }

    func isClaimer(_ request: ServiceRequest) -> Bool {
        request.claimer.map { $0.isSameID(member.id) } ?? false
    }

    /// The request `number` if it exists and is still active; otherwise says why not.
    mutating func active(_ number: Int?, usage: ResponseKey, needsText text: String? = nil) throws -> ServiceRequest? {
        guard let number, text.map({ !$0.isEmpty }) ?? true else {
            say(.staffUsage, ["usage": engine.responses.render(usage)])
            return nil
        }
        guard let request = try desk.transaction.request(number: number) else {
            say(.staffUnknownRequest, ["number": number])
            return nil
        }
        guard request.status.isActive else {
            say(.staffRequestClosed, ["number": number, "status_name": engine.statusName(request.status)])
            return nil
        }
        return request
    }

    private mutating func todo() throws {
        let open = try desk.transaction.requests(RequestQuery(statuses: [.open, .assigned, .claimed, .reopened]))
            .filter { serves($0) || (member.role == .admin && $0.grid == nil) }
        // Unclaimed first, oldest first within each group.
        let sorted = open.filter { $0.status != .claimed } + open.filter { $0.status == .claimed }
        if sorted.isEmpty {
            say(.staffTodoEmpty)
        } else {
            say(.staffTodoHeader, ["count": sorted.count])
        }
        for request in sorted.prefix(20) {
            say(.staffTodoItem, ["number": request.number, "intent_name": engine.intentName(request.intent),
                                 "status_name": engine.statusName(request.status), "place": engine.place(request.slots),
                                 "waited": engine.duration(desk.now.timeIntervalSince(request.openedAt)),
                                 "due": engine.dueLine(request, now: desk.now),
                                 "text": String(request.text.prefix(40))])
        }
        try sayOwedCallBacks()
    }

    /// 详情 N as one message: the request, then its history with local times and names.
    private mutating func show(_ request: ServiceRequest) throws {
        let followers = request.followers.enumerated()
            .map { engine.responses.render(.staffShowFollower, ["index": $0.offset + 1, "id": $0.element]) }.joined(separator: "\n")
        let events = try desk.transaction.events(request: request.number).map { event in
            engine.responses.render(.staffShowEvent, ["time": engine.shortTime(event.at), "kind": engine.eventName(event.kind),
                                                      "actor": engine.actorName(event.actor, on: request), "note": note(of: event, in: request)])
        }
        say(.staffShow, ["number": request.number, "intent_name": engine.intentName(request.intent), "due": engine.dueLine(request, now: desk.now),
                         "status_name": engine.statusName(request.status), "resident": request.resident, "text": request.text,
                         "summary": engine.summary(request.slots), "grid": request.grid.flatMap { engine.directory.grid(id: $0)?.name } ?? "",
                         "claimer": request.claimer.flatMap { engine.directory.member($0)?.name } ?? "", "followers": followers,
                         "attachments": try engine.attachmentLines(of: request, in: desk.transaction, at: desk.now),
                         "events": events.joined(separator: "\n")])
    }

    /// An event's note as staff read it: grids and staff by name, a rating as a score, a
    /// reply to a follower naming them as @K.
    private func note(of event: RequestEvent, in request: ServiceRequest) -> String {
        guard let note = event.note else { return "" }
        switch event.kind {
        case .assigned, .reassigned:
            return engine.targetName(note)
        case .whistled:
            return engine.whistleNote(note)
        case .rated:
            return Int(note).map { engine.responses.render(.ratingScore, ["score": $0]) } ?? note
        case .replied:
            let reply = ReplyNote(note)
            guard let addressee = reply.addressee else { return reply.text }
            // A follower no longer listed (erased) keeps the id the event recorded.
            let index = request.followers.firstIndex { $0.isSameID(addressee) }.map { String($0 + 1) } ?? addressee
            return engine.responses.render(.replyToFollower, ["index": index, "text": reply.text])
        default:
            return note
        }
    }
}
