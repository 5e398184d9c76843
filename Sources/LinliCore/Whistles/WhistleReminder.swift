import Foundation

/// Reminds a department that has not answered a whistle (报到) by its due time, once, from
/// the deadline timer's pass: the request is the timer's (`requestsDue` locked it), so two
/// servers never remind twice. The request's `whistleDueAt` says when to look next.
struct WhistleReminder {
    let engine: Engine
    let transaction: any StoreTransaction
    let now: Date

    private var limit: TimeLimit { engine.configuration.whistleAnswerWithin }
    private var calendar: WorkCalendar { engine.configuration.deadlines.calendar }

    /// Reminds each department of `request` whose whistle is overdue and not reminded yet
    /// (an event, a notice to the department and one to the whistler), and moves
    /// `whistleDueAt` on to the next pending one; returns how many were reminded.
    func remind(_ request: inout ServiceRequest) throws -> Int {
        var events = try transaction.events(request: request.number)
        let overdue = Whistle.pending(in: events).filter { $0.due(within: limit, calendar: calendar) <= now }
        for whistle in overdue {
            let event = RequestEvent(request: request.number, kind: .whistleReminded, actor: "system", at: now, note: whistle.department)
            try transaction.append(event)
            events.append(event)
            let values: [String: Any] = [
                "number": request.number, "intent_name": engine.intentName(request.intent), "place": engine.place(request.slots),
                "department": whistle.department, "due": engine.shortTime(whistle.due(within: limit, calendar: calendar)),
            ]
            let reminder = engine.responses.render(.whistleReminderDepartment, values)
            for member in engine.directory.departmentMembers(whistle.department).uniqueIDs().sorted() {
                try transaction.enqueue(OutboundMessage(recipient: member, text: reminder), at: now)
            }
            try transaction.enqueue(OutboundMessage(recipient: whistle.whistler,
                                                    text: engine.responses.render(.whistleReminderWhistler, values)), at: now)
        }
        request.whistleDueAt = Whistle.nextDue(in: events, within: limit, calendar: calendar)
        return overdue.count
    }
}

extension Whistle {
    /// The whistles of `events` neither answered nor reminded yet.
    static func pending(in events: [RequestEvent]) -> [Whistle] {
        all(in: events).filter { whistle in
            whistle.answeredAt == nil && !events.contains {
                $0.kind == .whistleReminded && $0.request == whistle.request && $0.note == whistle.department && $0.at >= whistle.at
            }
        }
    }

    /// When the earliest pending whistle of `events` falls due; nil when none is pending.
    static func nextDue(in events: [RequestEvent], within limit: TimeLimit, calendar: WorkCalendar) -> Date? {
        pending(in: events).map { $0.due(within: limit, calendar: calendar) }.min()
    }
}
