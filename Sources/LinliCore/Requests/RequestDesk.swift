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
    private func notify(_ recipients: [String], _ text: String, origin: String? = nil) throws {
        for recipient in Set(recipients).sorted() {
            try transaction.enqueue(OutboundMessage(recipient: recipient, text: text, origin: origin), at: now)
        }
    }

    private func event(_ number: Int, _ kind: RequestEvent.Kind, _ actor: String, _ note: String? = nil) throws {
        try transaction.append(RequestEvent(request: number, kind: kind, actor: actor, at: now, note: note))
    }

    /// Where a request is described to staff: its address or place.
    static func place(_ slots: [String: String]) -> String {
        [slots["community"], slots["building"].map { "\($0)号楼" }, slots["unit"].map { "\($0)单元" }, slots["location"]]
            .compactMap { $0 }.joined(separator: " ")
    }

    /// Opens a request, routes it to its grid and tells the people the route names.
    func open(intent: String, resident: String, text: String, slots: [String: String], attachments: [String]) throws -> ServiceRequest {
        let number = try transaction.nextRequestNumber()
        let route = engine.nlu.catalog.intent(intent)?.route ?? "admin"
        let grid = engine.directory.grid(forCommunity: slots["community"])
        let request = ServiceRequest(number: number, intent: intent, status: grid == nil ? .open : .assigned, resident: resident,
                                     text: text, slots: slots, attachments: attachments, grid: grid?.id, route: route, openedAt: now)
        try transaction.save(request)
        try event(number, .opened, resident)
        if let grid { try event(number, .assigned, "system", grid.id) }
        try notify(engine.directory.recipients(route: route, grid: grid?.id), render(.notifyNew, [
            "number": number, "intent_name": engine.intentName(intent), "place": Self.place(slots), "text": String(text.prefix(200)),
        ]))
        return request
    }

    /// The oldest active request of another resident about the same thing at the same address.
    func duplicate(of form: Conversation.Form, resident: String) throws -> RequestHead? {
        guard let community = form.slots["community"], let building = form.slots["building"] else { return nil }
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
        try transaction.save(request)
        try event(request.number, .claimed, member.id)
        try notify([request.resident], render(.residentClaimed, ["number": request.number, "staff_name": member.name]),
                   origin: member.id)
    }

    func reply(_ request: ServiceRequest, by member: Directory.Staff, text: String) throws {
        try event(request.number, .replied, member.id, text)
        try notify([request.resident], render(.residentReply, ["number": request.number, "staff_name": member.name, "text": text]),
                   origin: member.id)
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
        request.serviceMinutes = note.flatMap(Self.serviceMinutes) ?? request.claimedAt.map { max(1, Int(now.timeIntervalSince($0) / 60)) }
        try transaction.save(request)
        try event(request.number, .resolved, member.id, note)
        try notify([request.resident], render(.residentResolved, ["number": request.number, "note": note ?? ""]), origin: member.id)
        try notify(request.followers, render(.followerResolved, ["number": request.number, "note": note ?? ""]), origin: member.id)
        var conversation = try transaction.conversation(for: request.resident) ?? Conversation(userID: request.resident, updatedAt: now)
        conversation.awaitingRating = request.number
        try transaction.save(conversation)
    }

    /// Records a rating; 1–2 reopens the request. False when the request cannot be rated.
    func rate(_ number: Int, by resident: String, rating: Int) throws -> Bool {
        guard var request = try transaction.request(number: number), request.resident == resident,
              request.status == .resolved || request.status == .rated else { return false }
        request.rating = rating
        try event(number, .rated, resident, String(rating))
        if rating <= 2 {
            request.status = .reopened
            try event(number, .reopened, resident)
            try notify([request.claimer].compactMap { $0 } + engine.directory.recipients(route: request.route, grid: request.grid),
                       render(.notifyReopened, ["number": number]))
        } else {
            request.status = .rated
        }
        try transaction.save(request)
        return true
    }

    func cancel(_ original: ServiceRequest, by actor: String) throws {
        var request = original
        request.status = .cancelled
        try transaction.save(request)
        try event(request.number, .cancelled, actor)
        let told = [request.claimer].compactMap { $0 } + (request.claimer == nil ? engine.directory.recipients(route: request.route, grid: request.grid) : [])
        try notify(told, render(.notifyCancelled, ["number": request.number]))
    }

    func attach(_ attachment: String, to original: ServiceRequest, by actor: String) throws {
        var request = original
        request.attachments.append(attachment)
        try transaction.save(request)
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
        try transaction.save(request)
        try event(request.number, .reassigned, member.id, grid?.id ?? target?.id)
        try notify(recipients, render(.notifyAssigned, ["number": request.number, "intent_name": engine.intentName(request.intent)]))
    }

    /// Service time written in a closing note: 用时2小时, 1.5小时, 40分钟.
    static func serviceMinutes(_ note: String) -> Int? {
        let scalars = Array(note)
        var index = 0
        while index < scalars.count {
            guard scalars[index].isNumber, scalars[index].isASCII else { index += 1; continue }
            var end = index
            while end < scalars.count, (scalars[end].isNumber && scalars[end].isASCII) || scalars[end] == "." { end += 1 }
            let value = Double(String(scalars[index..<end])) ?? 0
            let rest = String(scalars[end...])
            if rest.hasPrefix("小时") || rest.hasPrefix("个小时") || rest.hasPrefix("h") { return Int(value * 60) }
            if rest.hasPrefix("分钟") || rest.hasPrefix("分") || rest.hasPrefix("min") { return Int(value) }
            index = end
        }
        return nil
    }
}
