import Foundation

/// The deadline timer's work in the engine: passes over the requests whose next escalation
/// step has come (`runPass`), and the street's daily digest (`sendStreetDigest`). The
/// server's `DeadlineService` and the REPL's `:clock` call these; neither knows a store.
///
/// Exactly once: a step's history event, its outbox messages and the request's next
/// `alertAt` are written in the one transaction that took the request from
/// `requestsDue`, so a crash anywhere leaves the step either wholly done or not at all, and
/// two servers never take the same request at once.
public enum Escalation {
    /// What one pass did.
    public struct Pass: Sendable, Equatable {
        /// Requests taken as due.
        public var requests: Int
        /// Steps done (a request late by days may take several at once).
        public var steps: Int

        /// Creates a count.
        public init(requests: Int = 0, steps: Int = 0) {
            self.requests = requests
            self.steps = steps
        }
    }

    /// Does every escalation step due at `now` under `engine.configuration.deadlines`, in
    /// write transactions of up to `batchSize` requests each, until none is due.
    ///
    /// A request late by more than one step (the server was down) gets each step it missed,
    /// in order, in one transaction: none is lost, none is sent twice.
    ///
    /// - Throws: the store's error; batches committed before it stay done.
    public static func runPass(engine: Engine, now: Date, batchSize: Int = 200) throws -> Pass {
        let size = max(1, batchSize)
        var pass = Pass()
        while true {
            let batch = try engine.store.write { transaction in
                let due = try transaction.requestsDue(at: now, limit: size)
                var steps = 0
                for request in due {
                    steps += try advance(request, engine: engine, transaction: transaction, now: now)
                }
                return Pass(requests: due.count, steps: steps)
            }
            pass.requests += batch.requests
            pass.steps += batch.steps
            // Each taken request leaves with its next alert after `now` (or none), so a short
            // batch means nothing due is left.
            if batch.requests < size { return pass }
        }
    }

    /// Does the steps of `original` due at `now` and saves it with its next alert; returns
    /// how many steps were done.
    ///
    /// Also when no step was due (the policy changed since `alertAt` was written): the stored
    /// alert moves to what the policy says now. A step changes nothing the deadline depends
    /// on, so the plan is worked out once.
    static func advance(_ original: ServiceRequest, engine: Engine, transaction: any StoreTransaction, now: Date) throws -> Int {
        let calendar = engine.configuration.deadlines.calendar
        var request = original
        var plan = request.alertPlan(policy: engine.configuration.deadlines)
        var steps = 0
        while let current = plan, let step = current.next, step.moment(for: current.deadline, calendar: calendar) <= now {
            try perform(step, deadline: current.deadline, on: &request, engine: engine, transaction: transaction, now: now)
            plan?.done += 1
            steps += 1
        }
        if let due = request.whistleDueAt, due <= now {
            steps += try WhistleReminder(engine: engine, transaction: transaction, now: now).remind(&request)
        }
        try transaction.save(request.applying(plan, calendar: calendar))
        return steps
    }

    /// One step: its event and its messages.
    static func perform(_ step: EscalationStep, deadline: Deadline, on request: inout ServiceRequest, engine: Engine,
                        transaction: any StoreTransaction, now: Date) throws {
        let directory = engine.directory
        let admins = directory.members(.admin)
        let recipients: [String]
        let key: ResponseKey
        switch step {
        case .remind:
            recipients = request.claimer.map { [$0] } ?? directory.recipients(route: request.route, grid: request.grid)
            key = .alertReminded
        case .escalate:
            // No grid leader configured for the grid: someone above the grid must still hear.
            let leaders = directory.gridLeaders(of: request.grid)
            recipients = leaders.isEmpty ? admins : leaders
            key = .alertEscalated
        case .supervise:
            recipients = admins
            key = .alertSupervised
        case .reportToStreet:
            request.streetListedAt = request.streetListedAt ?? now
            recipients = admins
            key = .alertReportedToStreet
        case .remindRevisit:
            recipients = [request.resident]
            key = .alertRevisitReminder
        }
        try transaction.append(RequestEvent(request: request.number, kind: step.eventKind, actor: "system", at: now))
        let text = engine.responses.render(key, [
            "number": request.number, "intent_name": engine.intentName(request.intent), "place": engine.place(request.slots),
            "due": engine.shortTime(deadline.dueAt), "claimed": request.claimer != nil,
            "claimer": request.claimer.map(engine.targetName) ?? "",
        ])
        for recipient in recipients.uniqueIDs().sorted() {
            try transaction.enqueue(OutboundMessage(recipient: recipient, text: text), at: now)
        }
    }
}
