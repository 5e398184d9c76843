import Foundation

/// Opens, routes and moves service requests through their lifecycle inside the current
/// transaction; every change is a history event, every person to tell is an outbox row.
struct RequestDesk {
    let engine: Engine
    let transaction: any StoreTransaction
    let now: Date

    private func render(_ key: ResponseKey, _ values: [String: Any]) -> String {
        engine.responses.render(key, values)
    }

    /// Queues `text` for each recipient; `origin` is the staff member whose action it
    /// carries, who is told if it cannot be delivered.
    func notify(_ recipients: [String], _ text: String, origin: String? = nil, notice: RequestNotice? = nil) throws {
        // Unique by bytes: a Set<String> would merge two canonically equal ids, and tell one of them nothing.
        for recipient in recipients.uniqueIDs().sorted() {
            try transaction.enqueue(OutboundMessage(recipient: recipient, text: text, origin: origin, notice: notice), at: now)
        }
    }

    /// The notice of `kind` about `request` at this desk's time, for the residents told of it.
    func notice(_ kind: RequestNotice.Kind, _ request: ServiceRequest, staff: String? = nil, note: String? = nil) -> RequestNotice {
        var values = ["number": String(request.number), "intent_name": engine.intentName(request.intent),
                      "status": engine.statusName(request.status), "place": engine.place(request.slots),
                      "time": engine.officeTime(now)]
        if let staff { values["staff_name"] = staff }
        if let note, !note.isEmpty { values["note"] = note }
        return RequestNotice(kind: kind, number: request.number, values: values)
    }

    /// Saves `request` with its deadline timer's `alertAt` made right for its new state: every
    /// request the desk changes is saved here, so the timer's index is never stale.
    func save(_ request: ServiceRequest) throws {
        try transaction.save(request.refreshingAlert(policy: engine.configuration.deadlines))
    }

    private func event(_ number: Int, _ kind: RequestEvent.Kind, _ actor: String, _ note: String? = nil) throws {
        try transaction.append(RequestEvent(request: number, kind: kind, actor: actor, at: now, note: note))
    }

    /// Opens a request, routes it to its grid and tells the people the route names: the
    /// new-request notice, or what `notice` makes of the request when given.
    func open(intent: String, resident: String, text: String, slots: [String: String], attachments: [String],
              place: Place? = nil, notice: ((ServiceRequest) -> String)? = nil) throws -> ServiceRequest {
        let number = try transaction.nextRequestNumber()
        let route = engine.nlu.catalog.intent(intent)?.route ?? "admin"
        let grid = engine.directory.grid(forCommunity: slots["community"]) ?? place.flatMap(engine.directory.grid(near:))
        var request = ServiceRequest(number: number, intent: intent, status: grid == nil ? .open : .assigned, resident: resident,
                                     text: text, slots: slots, attachments: attachments, grid: grid?.id, route: route, openedAt: now)
        request.place = place
        try save(request)
        try event(number, .opened, resident)
        if let grid { try event(number, .assigned, "system", grid.id) }
        try notify(engine.directory.recipients(route: route, grid: grid?.id), notice?(request) ?? render(.notifyNew, [
            "number": number, "intent_name": engine.intentName(intent), "place": engine.place(slots), "text": String(text.prefix(200)),
        ]))
        return request
    }

    /// The oldest active request of another resident about the same thing at the same address,
    /// for a problem of a shared place (`kind: report`). Any other request is one resident's
    /// own case (a neighbour dispute, an errand): a second resident has another case, not the
    /// same one, and must not read or hear about the first.
    func duplicate(of form: Conversation.Form, resident: String) throws -> RequestHead? {
        guard engine.kind(of: form.intent) == .report,
              let community = form.slots["community"], let building = form.slots["building"] else { return nil }
        let query = RequestQuery(statuses: [.open, .assigned, .claimed, .reopened], intent: form.intent,
                                 community: community, building: building)
        // Only the number is needed, so the store need not read bodies, nor the followers
        // that a popular request gathers by the hundred.
        return try transaction.firstRequest(matching: query, notOpenedBy: resident)
    }

    /// Adds a resident who reported the same thing to an open request.
    func link(_ request: RequestHead, follower: String, text: String) throws {
        try transaction.addFollower(follower, toRequest: request.number)
        try event(request.number, .linked, follower, String(text.prefix(200)))
    }

    func claim(_ original: ServiceRequest, by member: Directory.Staff) throws {
        var request = original
        request.status = .claimed
        request.claimer = member.id
        if request.claimedAt == nil { request.claimedAt = now }
        try save(request)
        try event(request.number, .claimed, member.id)
        // A wish's resident hears who will make it come true (Wishes/).
        let notice = notice(.claimed, request, staff: member.name)
        try notify([request.resident], render(request.isMicroWish ? .wishClaimedResident : .residentClaimed,
                                              ["number": request.number, "staff_name": member.name]), origin: member.id, notice: notice)
        try notify(request.followers, render(.followerClaimed, ["number": request.number, "staff_name": member.name]),
                   origin: member.id, notice: notice)
    }

    /// Sends `text` to the resident who opened the request, or to `follower`, one of its
    /// followers; the event records to whom, so that only they see it in a status answer.
    ///
    /// The first reply to the resident who opened it is the request's first contact (首次联系):
    /// in 12345 practice that is a person speaking to the one who asked, which the automatic
    /// claim notice is not.
    func reply(_ original: ServiceRequest, by member: Directory.Staff, text: String, to follower: String?) throws {
        var request = original
        if follower == nil, request.firstContactAt == nil {
            request.firstContactAt = now
            try save(request)
        }
        try event(request.number, .replied, member.id, ReplyNote(addressee: follower, text: text).note)
        try notify([follower ?? request.resident],
                   render(.residentReply, ["number": request.number, "staff_name": member.name, "text": text]), origin: member.id,
                   notice: notice(.replied, request, staff: member.name, note: text))
    }

    func resolve(_ original: ServiceRequest, by member: Directory.Staff, note: String?) throws {
        var request = original
        request.status = .resolved
        request.resolvedAt = now
        request.resolutionNote = note
        if request.claimer == nil {
            request.claimer = member.id
            request.claimedAt = now
        }
        request.serviceMinutes = note.flatMap(ServiceTime.minutes(in:)) ?? request.claimedAt.flatMap { ServiceTime.minutes(from: $0, to: now) }
        try save(request)
        try event(request.number, .resolved, member.id, note)
        let staffName = engine.directory.member(request.claimer ?? member.id)?.name ?? member.name
        let notice = notice(.resolved, request, staff: staffName, note: note)
        try notify([request.resident], render(request.isMicroWish ? .wishFulfilledResident : .residentResolved, [
            "number": request.number, "note": note ?? "", "staff_name": staffName,
        ]), origin: member.id, notice: notice)
        try notify(request.followers, render(.followerResolved, ["number": request.number, "note": note ?? ""]), origin: member.id,
                   notice: notice)
        var conversation = try transaction.conversation(for: request.resident) ?? Conversation(userID: request.resident, updatedAt: now)
        conversation.awaitingRating = request.number
        try transaction.save(conversation)
    }

    /// Records a rating; 1–2 reopens the request. False when the request cannot be rated.
    func rate(_ number: Int, by resident: String, rating: Int) throws -> Bool {
        guard var request = try transaction.request(number: number), request.resident.isSameID(resident),
              request.status == .resolved || request.status == .rated else { return false }
        request.rating = rating
        try event(number, .rated, resident, String(rating))
        if rating <= 2 {
            request.status = .reopened
            // The claim and resolve clocks start again here.
            request.reopenedAt = now
            try event(number, .reopened, resident)
            try notify([request.claimer].compactMap { $0 } + engine.directory.recipients(route: request.route, grid: request.grid),
                       render(.notifyReopened, ["number": number]))
            try notify(request.followers, render(.followerReopened, ["number": number]), notice: notice(.reopened, request))
        } else {
            request.status = .rated
            try thankWisher(request, rating: rating)
        }
        try save(request)
        return true
    }

    func cancel(_ original: ServiceRequest, by actor: String) throws {
        var request = original
        request.status = .cancelled
        try save(request)
        try event(request.number, .cancelled, actor)
        let told = [request.claimer].compactMap { $0 } + (request.claimer == nil ? engine.directory.recipients(route: request.route, grid: request.grid) : [])
        try notify(told, render(.notifyCancelled, ["number": request.number]))
        // Their problem may still be there; they may report it again, which opens a new request.
        try notify(request.followers, render(.followerCancelled, ["number": request.number]))
    }

    func attach(_ attachment: String, to original: ServiceRequest, by actor: String, place: Place? = nil) throws {
        var request = original
        request.attachments.append(attachment)
        // The first point shared is where it is; later ones are kept as attachments only.
        if request.place == nil { request.place = place }
        try save(request)
        try event(request.number, .attached, actor, attachment)
    }

    /// Hands a request to another grid (waiting for a claim there) or a named person.
    func reassign(_ original: ServiceRequest, by member: Directory.Staff, toGrid grid: Directory.Grid?, toStaff target: Directory.Staff?) throws {
        var request = original
        request.claimer = nil
        request.status = .assigned
        let recipients: [String]
        if let grid {
            request.grid = grid.id
            recipients = engine.directory.recipients(route: request.route, grid: grid.id)
        } else {
            recipients = [target!.id]
        }
        try save(request)
        try event(request.number, .reassigned, member.id, grid?.id ?? target?.id)
        try notify(recipients, render(.notifyAssigned, ["number": request.number, "intent_name": engine.intentName(request.intent)]))
    }
}
