import Foundation
import LinliCore
import LinliGateways
import LinliNLU

/// linli's intents and requests in Open311's shapes: what `/open311/v2` may show of them.
extension Engine {
    /// The intents that open a request, as Open311 services, in catalog order.
    var open311Services: [Open311.Service] {
        nlu.catalog.intents.filter(\.opensRequest).map { intent in
            Open311.Service(
                code: intent.id, name: intent.name,
                description: intent.description.trimmingCharacters(in: .whitespacesAndNewlines),
                metadata: !intent.requiredSlots.isEmpty, keywords: intent.keywords,
                // The kind is the only grouping the intents declare: a shared place's problem
                // (report), one resident's own case (service), or a person to call back (handoff).
                group: intent.kind.rawValue)
        }
    }

    /// The definition of service `code`: one required string attribute per required slot,
    /// described by the question the chat asks for it; nil when no request-opening intent has that id.
    func open311Definition(code: String) -> Open311.Document? {
        guard let intent = nlu.catalog.intent(code), intent.opensRequest else { return nil }
        let attributes = intent.requiredSlots.enumerated().map { index, slot in
            Open311.Attribute(code: slot, description: responses.render(template: "ask_\(slot)"),
                              required: true, order: index + 1)
        }
        return Open311.serviceDefinition(code: intent.id, attributes: attributes)
    }

    /// `request` as an Open311 request, last changed at `updated`.
    ///
    /// Privacy: the resident's id never appears, nor any phone number. The description is the
    /// resident's own words with every phone-like number masked: they are what the report is,
    /// and a city system reading the feed needs them as much as a grid worker does. The
    /// address is where the matter is (小区, 楼, 单元, 位置), never the room or the person.
    func open311Request(_ request: ServiceRequest, updated: Date?) -> Open311.ServiceRequest {
        let zone = configuration.timeZone
        var text = Open311.Privacy.maskingPhoneNumbers(in: request.text)
        // A phone number the extractor read in a form a run of digits does not catch.
        if let phone = request.slots["phone"], !phone.isEmpty {
            text = text.replacingOccurrences(of: phone, with: Open311.Privacy.mask)
        }
        // A point is shown for a shared place's problem only: for one resident's own case (a
        // home visit, an errand) it would say where that resident lives.
        let point = nlu.catalog.intent(request.intent)?.kind == .report ? request.place?.wgs84 : nil
        let place = responses.render(.addressPlace, request.slots.filter {
            ServiceRequest.slotsKeptOnErasure.contains($0.key) && !$0.value.isEmpty
        }).trimmingCharacters(in: .whitespaces)
        return Open311.ServiceRequest(
            id: String(request.number), isOpen: request.status.isActive, statusNotes: statusName(request.status),
            serviceName: nlu.catalog.intent(request.intent)?.name, serviceCode: request.intent,
            description: text.isEmpty ? nil : text,
            agencyResponsible: request.grid.map { directory.grid(id: $0)?.name ?? $0 },
            requested: Open311.Datetime.format(request.openedAt, in: zone),
            updated: updated.map { Open311.Datetime.format($0, in: zone) },
            expected: deadline(for: request).map { Open311.Datetime.format($0.dueAt, in: zone) },
            address: place.isEmpty ? nil : place, latitude: point?.latitude, longitude: point?.longitude)
    }

    /// The requests `filter` selects, newest first, at most ``Open311/RequestFilter/limit``,
    /// with the time of each one's latest event.
    func open311Requests(_ filter: Open311.RequestFilter) throws -> [(request: ServiceRequest, updated: Date)] {
        try store.read { transaction -> [(request: ServiceRequest, updated: Date)] in
            let requests: [ServiceRequest]
            if let ids = filter.ids {
                requests = try ids.compactMap { Int($0) }.compactMap { try transaction.request(number: $0) }
            } else {
                let all = try transaction.requests(RequestQuery(openedSince: filter.start))
                requests = Array(all.filter {
                    filter.matches(code: $0.intent, opened: $0.openedAt, isOpen: $0.status.isActive)
                }.reversed().prefix(Open311.RequestFilter.limit))
            }
            let numbers = Set(requests.map(\.number))
            var latest: [Int: Date] = [:]
            let events = filter.ids == nil
                ? try transaction.events(since: filter.start)
                : try numbers.flatMap { try transaction.events(request: $0) }
            for event in events where numbers.contains(event.request) {
                latest[event.request] = max(latest[event.request] ?? event.at, event.at)
            }
            return requests.map { request in (request, latest[request.number] ?? request.openedAt) }
        }
    }
}

extension Engine {
    /// mySociety's `servicerequestupdates`: each status change in `filter`'s window (by the
    /// change's time), oldest first, the latest ``Open311/RequestFilter/limit`` at most.
    ///
    /// The description is linli's status in words; event notes are left out, since they hold
    /// staff replies and residents' words, and actors, since they are user ids.
    func open311Updates(_ filter: Open311.RequestFilter) throws -> [Open311.RequestUpdate] {
        let events = try store.read { try $0.events(since: filter.start) }
        let updates = events.compactMap { event -> Open311.RequestUpdate? in
            if let end = filter.end, event.at > end { return nil }
            guard let (status, linli) = Self.open311Status(after: event.kind) else { return nil }
            return Open311.RequestUpdate(
                id: "\(event.request)-\(event.at.millisecondsSince1970)-\(event.kind.rawValue)", requestID: String(event.request),
                status: status, updated: Open311.Datetime.format(event.at, in: configuration.timeZone),
                description: statusName(linli))
        }
        return Array(updates.suffix(Open311.RequestFilter.limit))
    }

    /// The status a request has after an event of `kind`, in mySociety's and linli's terms;
    /// nil for events that change no status (replies, reminders, attachments).
    private static func open311Status(after kind: RequestEvent.Kind) -> (Open311.RequestUpdate.Status, ServiceRequest.Status)? {
        switch kind {
        case .opened: (.open, .open)
        case .assigned: (.open, .assigned)
        case .claimed: (.inProgress, .claimed)
        case .resolved: (.fixed, .resolved)
        case .rated: (.fixed, .rated)
        case .cancelled: (.closed, .cancelled)
        case .reopened: (.reopen, .reopened)
        case .replied, .reassigned, .attached, .linked, .erased, .extensionRequested, .extensionApproved, .nudged,
             .reminded, .escalated, .supervised, .reportedToStreet, .revisitReminded, .thanked,
             .whistled, .whistleAnswered, .callBack, .calledBack, .matched, .whistleReminded, .attachmentLost: nil
        }
    }
}

extension Engine {
    /// Slots an Open311 client may fill by attribute besides the service's required ones:
    /// where the matter is, which routes it to a grid, and whom to call back.
    static let open311PlaceSlots: Set<String> = ["community", "building", "unit", "room", "location", "phone"]

    /// What a POST of `submission` amounts to, checked against the catalog: the engine's
    /// submission, or why there is none. `reporter` and `key` come from the caller's access.
    ///
    /// Attributes are kept as slots when the service requires them or they name a place or a
    /// phone; others are let through unused, as mySociety's endpoint does. `address_string`
    /// and `address_id` become the `location` slot unless an attribute gave one; `phone`
    /// becomes the `phone` slot likewise. The text is the description, or the service's name.
    func open311Submission(_ submission: Open311.Submission, reporter: UserID, key: String, at now: Date) -> Open311Submission {
        guard let intent = nlu.catalog.intent(submission.serviceCode), intent.opensRequest else {
            return .unknownService(submission.serviceCode)
        }
        let accepted = Self.open311PlaceSlots.union(intent.requiredSlots)
        var slots = submission.attributes.filter { accepted.contains($0.key) }
        if slots["location"] == nil { slots["location"] = submission.address ?? submission.addressID }
        if slots["phone"] == nil { slots["phone"] = submission.phone }
        if let missing = intent.requiredSlots.first(where: { slots[$0] == nil }) {
            return .missingAttribute(missing)
        }
        return .valid(Submission(
            reporter: reporter, key: key, intent: intent.id, slots: slots, text: submission.description ?? intent.name,
            latitude: submission.latitude, longitude: submission.longitude, mediaURL: submission.mediaURL, receivedAt: now))
    }
}

/// The outcome of checking an Open311 POST against the catalog.
enum Open311Submission: Sendable {
    /// Ready for ``Engine/submit(_:)``.
    case valid(Submission)
    /// No request-opening intent has this code.
    case unknownService(String)
    /// The service requires this attribute and the POST did not carry it.
    case missingAttribute(String)
}
