import Foundation
import LinliCore
import LinliSQLite
import Logging
import Testing

/// The deadline timer's ladder on a clock the test moves: 催办 at yellow, the grid leader at
/// red, 督办 a working day later, 通报 five working days later; each once, across restarts.
@Suite("Escalation: reminders and escalation over working time")
struct EscalationTests {
    static let worker = "repl:wang", leader = "repl:chen", admin = "repl:admin", street = "repl:street"
    static let resident = "repl:zhang"

    /// Chat's grids (the NLU knows their communities), with a grid leader and a street office.
    static let directory: Directory = try! Directory(
        staff: Chat.directory.staff + [
            .init(id: leader, name: "陈网格长", role: .gridLeader, grids: ["g1"]),
            .init(id: street, name: "城关街道", role: .street),
        ],
        grids: Chat.directory.grids)

    /// Claim within 8 working hours, resolve within 5 working days, revisit within 1 working
    /// day; Monday 2026-12-07 a public holiday.
    static let policy = DeadlinePolicy(
        default: StageLimits(claim: TimeLimit(amount: 8, unit: .workingHours), resolve: TimeLimit(amount: 5, unit: .workingDays),
                             revisit: TimeLimit(amount: 1, unit: .workingDays)),
        perIntent: [:], calendar: WorkCalendar(.init(holidays: ["2026-12-07"])))

    /// Thursday 2026-12-03 10:00 in Shanghai.
    static let thursday = Date(timeIntervalSince1970: 1_796_263_200)

    /// One process: an engine on the SQLite file at `path` with the test's policy.
    struct Process {
        let engine: Engine

        init(path: String) throws {
            engine = Engine(nlu: Chat.nlu, responses: Chat.responses, directory: EscalationTests.directory,
                            store: try SQLiteStore(path: path), configuration: .init(deadlines: EscalationTests.policy),
                            logger: Logger(label: "test"))
        }

        /// `user` says each of `texts`, a minute apart from `start`.
        func say(_ user: String, _ texts: [String], from start: Date, id: String) throws {
            for (index, text) in texts.enumerated() {
                let message = InboundMessage(userID: try UserID(user), messageID: "\(id):\(index)", content: .text(text),
                                             receivedAt: start.addingTimeInterval(Double(index) * 60))
                _ = try engine.handle(message)
            }
        }

        /// Opens request #1 (an 飞线充电 report in grid g1) at `start`.
        func openReport(at start: Date) throws {
            try say(EscalationTests.resident, ["楼上天天从窗户吊根线下来给电瓶车充电", "凤鸣小区3号楼", "是"], from: start, id: "open")
        }

        /// Every outbox row so far, as (recipient, text), marked delivered.
        func drain() throws -> [(String, String)] {
            let rows = try engine.store.claimOutbox(limit: 10_000)
            for row in rows { try engine.store.recordDelivery(id: row.id, state: .delivered, error: nil) }
            return rows.map { ($0.message.recipient, $0.message.text) }
        }

        /// The timer's events of request `number`, in order.
        func timerEvents(_ number: Int) throws -> [RequestEvent] {
            let kinds: Set<RequestEvent.Kind> = [.reminded, .escalated, .supervised, .reportedToStreet, .revisitReminded]
            return try engine.store.read { try $0.events(request: number) }.filter { kinds.contains($0.kind) }
        }
    }

    /// The local calendar date of `date` (month, day, weekday).
    static func local(_ date: Date) -> (month: Int, day: Int, hour: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Engine.Configuration.chinaTime
        let parts = calendar.dateComponents([.month, .day, .hour], from: date)
        return (parts.month!, parts.day!, parts.hour!)
    }

    @Test("Green → yellow → red → 督办 → 通报 over a weekend and a holiday, with a restart, each step once")
    func ladderOverAWeekendAndAHolidayWithARestart() throws {
        try Chat.withDatabaseFile { path in
            var process = try Process(path: path)
            try process.openReport(at: Self.thursday)
            _ = try process.drain()
            let opened = try #require(try process.engine.store.read { try $0.request(number: 1) })
            let deadline = try #require(Self.policy.deadline(for: opened))
            #expect(deadline.stage == .claim)
            #expect(opened.alertAt == deadline.yellowAt)

            var sent: [(at: Date, recipient: String, text: String)] = []
            // A pass every 30 minutes from Thursday 10:00 to the Monday after next; a restart
            // (a second engine on the same file) on Saturday.
            var now = Self.thursday
            let end = Self.thursday.addingTimeInterval(12 * 86_400)
            var restarted = false
            while now <= end {
                if !restarted, Self.local(now).day == 5 {
                    process = try Process(path: path)
                    restarted = true
                }
                _ = try Escalation.runPass(engine: process.engine, now: now)
                sent += try process.drain().map { (now, $0.0, $0.1) }
                now = now.addingTimeInterval(30 * 60)
            }
            #expect(restarted)

            let events = try process.timerEvents(1)
            #expect(events.map(\.kind) == [.reminded, .escalated, .supervised, .reportedToStreet])
            // Yellow and red come within working hours of Thursday and Friday; 督办 waits over
            // the weekend and the Monday holiday until Tuesday; 通报 five working days after red.
            let days = events.map { Self.local($0.at).day }
            #expect(days[0] <= 4 && days[1] == 4)
            #expect(days[2] == 8)
            #expect(days[3] == 14)
            #expect(events[0].at >= deadline.yellowAt && events[1].at >= deadline.dueAt)

            #expect(sent.map(\.recipient) == [Self.worker, Self.leader, Self.admin, Self.admin])
            #expect(sent[0].text.contains("催办") && sent[0].text.contains("#1") && sent[0].text.contains("接单 1"))
            #expect(sent[1].text.contains("超期") && sent[1].text.contains("尚无人接单"))
            #expect(sent[2].text.contains("督办"))
            #expect(sent[3].text.contains("通报"))
            let request = try #require(try process.engine.store.read { try $0.request(number: 1) })
            #expect(request.onStreetList)
            #expect(request.alertAt == nil)
        }
    }

    @Test("Claiming starts the next stage's ladder; the claimer, not the grid, is reminded")
    func claimingResetsTheSteps() throws {
        try Chat.withDatabaseFile { path in
            let process = try Process(path: path)
            try process.openReport(at: Self.thursday)
            // Red on Friday: 催办 and the grid leader told.
            let friday = Self.thursday.addingTimeInterval(86_400 + 3 * 3600)
            _ = try Escalation.runPass(engine: process.engine, now: friday)
            #expect(try process.timerEvents(1).map(\.kind) == [.reminded, .escalated])
            try process.say(Self.worker, ["接单 1", "回复 1 下午上门"], from: friday.addingTimeInterval(60), id: "claim")
            let claimed = try #require(try process.engine.store.read { try $0.request(number: 1) })
            let deadline = try #require(Self.policy.deadline(for: claimed))
            #expect(deadline.stage == .resolve)
            #expect(claimed.alertStep == 0 && claimed.alertAt == deadline.yellowAt)
            _ = try process.drain()
            _ = try Escalation.runPass(engine: process.engine, now: deadline.yellowAt)
            #expect(try process.timerEvents(1).map(\.kind) == [.reminded, .escalated, .reminded])
            let sent = try process.drain()
            #expect(sent.map(\.0) == [Self.worker])
            #expect(!sent[0].1.contains("接单 1"))
        }
    }

    @Test("An approved extension moves the deadline and starts its ladder again; one asked for does not")
    func extensionRestartsTheLadder() throws {
        var request = ServiceRequest(number: 1, intent: "flying_wire_charging", status: .assigned, resident: Self.resident, text: "",
                                     slots: [:], grid: "g1", route: "grid_worker", openedAt: Self.thursday)
            .refreshingAlert(policy: Self.policy)
        let first = try #require(Self.policy.deadline(for: request))
        // 催办 and the grid leader done.
        request.alertProgress?.step = 2
        request = request.refreshingAlert(policy: Self.policy)
        #expect(request.alertStep == 2 && request.nextAlert(policy: Self.policy)?.step == .supervise)
        request.extensions = [DeadlineExtension(stage: .claim, limit: TimeLimit(amount: 3, unit: .workingDays), reason: "",
                                                requestedBy: Self.worker, requestedAt: first.dueAt)]
        #expect(request.refreshingAlert(policy: Self.policy).alertStep == 2)
        request.extensions[0].approvedBy = Self.admin
        request.extensions[0].approvedAt = first.dueAt.addingTimeInterval(60)
        let extended = request.refreshingAlert(policy: Self.policy)
        let moved = try #require(Self.policy.deadline(for: extended))
        #expect(moved.dueAt > first.dueAt)
        #expect(extended.alertStep == 0 && extended.alertAt == moved.yellowAt)
        #expect(extended.alertProgress == AlertProgress(stage: .claim, dueAt: moved.dueAt))
    }

    @Test("A resolved request with no rating gets one 回访 reminder when its revisit time ends")
    func revisitReminderOnce() throws {
        try Chat.withDatabaseFile { path in
            let process = try Process(path: path)
            try process.openReport(at: Self.thursday)
            try process.say(Self.worker, ["接单 1", "办结 1 已拆除"], from: Self.thursday.addingTimeInterval(600), id: "done")
            _ = try process.drain()
            let resolved = try #require(try process.engine.store.read { try $0.request(number: 1) })
            let deadline = try #require(Self.policy.deadline(for: resolved))
            #expect(deadline.stage == .revisit && resolved.alertAt == deadline.dueAt)
            #expect(try Escalation.runPass(engine: process.engine, now: deadline.dueAt.addingTimeInterval(-1)).steps == 0)
            #expect(try Escalation.runPass(engine: process.engine, now: deadline.dueAt).steps == 1)
            #expect(try Escalation.runPass(engine: process.engine, now: deadline.dueAt.addingTimeInterval(86_400)).steps == 0)
            let sent = try process.drain()
            #expect(sent.map(\.0) == [Self.resident])
            #expect(sent.first?.1.contains("评价") == true)
            #expect(try process.timerEvents(1).map(\.kind) == [.revisitReminded])
        }
    }

    @Test("The street's digest goes out once per working day, from 09:00, listing the requests reported to it")
    func streetDigestOncePerWorkingDay() throws {
        try Chat.withDatabaseFile { path in
            let process = try Process(path: path)
            try process.openReport(at: Self.thursday)
            // Ten days on, every step is done in one pass: the request is on the street's list.
            let later = Date(timeIntervalSince1970: 1_797_292_800)  // Tuesday 2026-12-15 08:00 local
            #expect(try Escalation.runPass(engine: process.engine, now: later).steps == 4)
            _ = try process.drain()
            #expect(try !Escalation.sendStreetDigest(engine: process.engine, now: later))
            let nine = later.addingTimeInterval(3600)
            #expect(try Escalation.sendStreetDigest(engine: process.engine, now: nine))
            #expect(try !Escalation.sendStreetDigest(engine: process.engine, now: nine.addingTimeInterval(3600)))
            // A second process the same day: the day's dedupe row stops it.
            #expect(try !Escalation.sendStreetDigest(engine: Process(path: path).engine, now: nine.addingTimeInterval(7200)))
            let sent = try process.drain()
            #expect(sent.map(\.0) == [Self.street])
            #expect(sent.first?.1.contains("#1") == true && sent.first?.1.contains("共 1 件") == true)
            // Saturday: no digest.
            #expect(try !Escalation.sendStreetDigest(engine: process.engine, now: nine.addingTimeInterval(4 * 86_400)))
        }
    }
}
