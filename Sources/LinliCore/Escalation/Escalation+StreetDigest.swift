import Foundation

extension Escalation {
    /// The local time of day, hour and minute, from which a working day's digest is sent
    /// (09:00, when the street office opens in the default calendar).
    public static let digestTime = (hour: 9, minute: 0)

    /// Sends the street's daily digest of `now`'s working day, once: every `street` staff
    /// member gets one message listing the active requests on the street's list (通报).
    ///
    /// Nothing is sent before `time` (local, in `engine.configuration.timeZone`), on a day
    /// off of the calendar, or when the list or the street is empty. Once per day across
    /// servers and restarts: the day's dedupe row (`digest:street:YYYY-MM-DD`) commits with
    /// the messages, and a second call that day finds it. Returns whether this call sent it.
    ///
    /// - Throws: the store's error; then nothing was sent and a later call tries again.
    @discardableResult
    public static func sendStreetDigest(engine: Engine, now: Date,
                                        time: (hour: Int, minute: Int) = digestTime) throws -> Bool {
        let policy = engine.configuration.deadlines
        let parts = engine.localParts(now)
        guard policy.calendar.isWorkingDay(now),
              (parts.hour ?? 0, parts.minute ?? 0) >= (time.hour, time.minute) else { return false }
        let street = engine.directory.members(.street)
        guard !street.isEmpty else { return false }
        let day = policy.calendar.dayKey(now)
        let handled = try engine.store.handleOnce(key: "digest:street:\(day)") { transaction in
            // Once a day over the active requests: no column needed for the few listed ones.
            let active = Set(ServiceRequest.Status.allCases.filter(\.isActive))
            let listed = try transaction.requests(RequestQuery(statuses: active)).filter(\.onStreetList)
            guard !listed.isEmpty else { return [] }
            let text = digest(listed, day: day, engine: engine)
            for member in street.uniqueIDs().sorted() {
                try transaction.enqueue(OutboundMessage(recipient: member, text: text), at: now)
            }
            return [text]
        }
        return !handled.duplicate && !handled.replies.isEmpty
    }

    /// The digest's text: a header and one line per request, oldest listed first.
    static func digest(_ listed: [ServiceRequest], day: String, engine: Engine) -> String {
        let policy = engine.configuration.deadlines
        let lines = listed.sorted { ($0.streetListedAt ?? .distantPast, $0.number) < ($1.streetListedAt ?? .distantPast, $1.number) }
            .map { request in
                engine.responses.render(.streetDigestItem, [
                    "number": request.number, "intent_name": engine.intentName(request.intent),
                    "grid_name": request.grid.map(engine.targetName) ?? engine.responses.render(.reportNoGridName),
                    "status_name": engine.officeStatusName(request.status),
                    "due": policy.deadline(for: request).map { engine.shortTime($0.dueAt) } ?? "",
                    "listed": request.streetListedAt.map(engine.shortTime) ?? "",
                ])
            }
        return ([engine.responses.render(.streetDigestHeader, ["date": day, "count": listed.count])] + lines).joined(separator: "\n")
    }
}
