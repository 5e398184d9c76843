import Foundation
@testable import LinliCore
@testable import LinliNLU
import Logging
@testable import LinliPostgres
import Testing

/// The deadline timer on two servers sharing one PostgreSQL database, one of them dying
/// mid-run, inside a pass, as by `kill -9`: every step that falls due is done exactly once,
/// in order per request, by whichever server takes the request.
@Suite("Deadline timer: two servers on one PostgreSQL database")
struct EscalationSharingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let nlu: NLU = try! NLU(catalog: IntentCatalog.load(from: root.appendingPathComponent("intents")))
    static let responses: Responses = try! Responses.load(from: root.appendingPathComponent("responses"))
    static let directory: Directory = try! Directory(
        staff: [
            .init(id: "webhook:worker", name: "王网格员", role: .gridWorker, grids: ["g1"]),
            .init(id: "webhook:leader", name: "陈网格长", role: .gridLeader, grids: ["g1"]),
            .init(id: "webhook:admin", name: "社区办公室", role: .admin),
        ],
        grids: [.init(id: "g1", name: "第一网格", communities: ["幸福里"])])

    /// Four kinds of request with claim limits from half an hour (wall clock) to a working day.
    static let policy = DeadlinePolicy(
        default: StageLimits(claim: TimeLimit(amount: 2, unit: .hours)),
        perIntent: [
            "urgent": StageLimits(claim: TimeLimit(amount: 30, unit: .minutes)),
            "working_hours": StageLimits(claim: TimeLimit(amount: 4, unit: .workingHours)),
            "working_day": StageLimits(claim: TimeLimit(amount: 1, unit: .workingDays)),
        ],
        calendar: WorkCalendar())
    static let intents = ["repair", "urgent", "working_hours", "working_day"]

    /// Monday 2026-12-07 00:00 in Shanghai: the simulated week starts here.
    static let monday = Date(timeIntervalSince1970: 1_796_572_800)

    static func engine(_ store: any Store) -> Engine {
        var logger = Logger(label: "linli.tests.escalation")
        logger.logLevel = .critical
        return Engine(nlu: nlu, responses: responses, directory: directory, store: store,
                      configuration: .init(deadlines: policy), logger: logger)
    }

    @Test(arguments: Backend.postgresOnly)
    func twoServersOneCutOffEachStepOnceInOrder(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let one = try database.openPostgres()
                let two = try database.openPostgres()
                let engines = [Self.engine(one), Self.engine(two)]

                // 200 requests opened at random moments of the week, none ever claimed.
                // Seeded (the classifier's generator), so that a failure can be run again as it was.
                var random = SplitMix64(seed: 13)
                let week: TimeInterval = 7 * 86_400
                let requests = (1...200).map { number in
                    var request = sampleRequest(number, intent: Self.intents.randomElement(using: &random)!, status: .assigned,
                                                openedAt: Self.monday.addingTimeInterval(Double.random(in: 0..<week, using: &random).rounded()))
                    request = request.refreshingAlert(policy: Self.policy)
                    return request
                }
                try one.write { tx in for request in requests { try tx.save(request) } }

                // Both servers pass every 15 simulated minutes, at once, until halfway through
                // the week; then server two dies inside a pass: it has taken due requests and
                // done their steps, and never commits (the database rolls back what a killed
                // server left open). Server one's pass, meanwhile, must go around the rows two
                // holds, and take them at its next pass.
                let end = Self.monday.addingTimeInterval(week + 86_400)
                let tick: TimeInterval = 15 * 60
                let cutOff = Self.monday.addingTimeInterval(week / 2)
                var now = Self.monday
                var heldByTheDead = 0
                while now <= end {
                    let moment = now
                    if heldByTheDead == 0 && now >= cutOff {
                        let taken = Counter()
                        do {
                            try two.write { tx in
                                for request in try tx.requestsDue(at: moment, limit: 16) {
                                    _ = try Escalation.advance(request, engine: engines[1], transaction: tx, now: moment)
                                    taken.increment()
                                }
                                _ = try Escalation.runPass(engine: engines[0], now: moment, batchSize: 16)
                                throw HandlerFailure(reason: "killed")
                            }
                        } catch {}
                        heldByTheDead = taken.value
                    } else {
                        onThreads(heldByTheDead == 0 ? 2 : 1) { thread in
                            do {
                                _ = try Escalation.runPass(engine: engines[thread], now: moment, batchSize: 16)
                            } catch {
                                Issue.record(error)
                            }
                        }
                    }
                    now = now.addingTimeInterval(tick)
                }
                #expect(heldByTheDead > 0)

                // What was due by the end: each request's ladder, as the policy gives it.
                let expected = Dictionary(uniqueKeysWithValues: requests.map { request in
                    let deadline = Self.policy.deadline(for: request)!
                    let steps = EscalationStep.ladder(for: deadline, of: request, calendar: Self.policy.calendar)
                        .filter { $0.at <= end }.map(\.step.eventKind)
                    return (request.number, steps)
                })
                #expect(expected.values.map(\.count).reduce(0, +) > 400)
                let rows = try one.claimOutbox(limit: 10_000)
                let kinds: Set<RequestEvent.Kind> = [.reminded, .escalated, .supervised, .reportedToStreet]
                let words: [RequestEvent.Kind: String] = [.reminded: "催办", .escalated: "超期", .supervised: "督办", .reportedToStreet: "通报"]
                for request in requests {
                    let events = try one.read { try $0.events(request: request.number) }.filter { kinds.contains($0.kind) }
                    #expect(events.map(\.kind) == expected[request.number], "request #\(request.number)")
                    // Its messages: one per step, in the steps' order (outbox ids follow commits).
                    let texts = rows.filter { $0.message.text.contains("#\(request.number)（") }.map(\.message.text)
                    #expect(texts.count == events.count, "request #\(request.number)")
                    for (text, event) in zip(texts, events) {
                        #expect(text.hasPrefix("【\(words[event.kind]!)】"), "request #\(request.number): \(text)")
                    }
                    let saved = try #require(try one.read { try $0.request(number: request.number) })
                    #expect(saved.alertStep == events.count)
                }
            }
        }
    }
}
