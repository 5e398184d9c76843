import Foundation
@testable import LinliCore
import Testing

/// Which stage's deadline a request shows, and when it is due.
@Suite("Deadline policy")
struct DeadlinePolicyTests {
    /// Claim in 4 working hours, first contact in 1 working day... as the tests need; `repair`
    /// overrides resolve only, `safety_hazard` counts in wall-clock hours.
    static let policy = DeadlinePolicy(
        default: StageLimits(claim: TimeLimit(amount: 4, unit: .workingHours), firstContact: TimeLimit(amount: 1, unit: .workingDays),
                             resolve: TimeLimit(amount: 2, unit: .workingDays), revisit: TimeLimit(amount: 3, unit: .days)),
        perIntent: ["repair": StageLimits(resolve: TimeLimit(amount: 10, unit: .workingDays)),
                    "safety_hazard": StageLimits(claim: TimeLimit(amount: 30, unit: .minutes), resolve: TimeLimit(amount: 2, unit: .hours))],
        calendar: WorkCalendar())

    static func request(_ status: ServiceRequest.Status, intent: String = "complaint") -> ServiceRequest {
        // Monday 2026-03-09 10:00.
        ServiceRequest(number: 1, intent: intent, status: status, resident: "repl:a", text: "", slots: [:], route: "grid_worker",
                       openedAt: shanghai("2026-03-09 10:00"))
    }

    /// A request claimed at 11:00 and answered at 11:30 on its first day.
    static func inContact(_ status: ServiceRequest.Status) -> ServiceRequest {
        var request = Self.request(status)
        request.claimer = "repl:w"
        request.claimedAt = shanghai("2026-03-09 11:00")
        request.firstContactAt = shanghai("2026-03-09 11:30")
        return request
    }

    @Test("Waiting for a claim: the claim stage from the opening")
    func claim() throws {
        for status in [ServiceRequest.Status.open, .assigned] {
            let deadline = try #require(Self.policy.deadline(for: Self.request(status)))
            #expect(deadline.stage == .claim)
            #expect(deadline.startedAt == shanghai("2026-03-09 10:00"))
            #expect(deadline.dueAt == shanghai("2026-03-09 16:00"))
            // 80 % of 4 working hours is 3 h 12 min: 2 h before lunch, 1 h 12 min after.
            #expect(deadline.yellowAt == shanghai("2026-03-09 15:12"))
        }
    }

    @Test("Claimed without contact: first contact from the claim; in contact: resolve from the opening")
    func claimedStages() throws {
        var request = Self.request(.claimed)
        request.claimer = "repl:w"
        request.claimedAt = shanghai("2026-03-09 11:00")
        let contact = try #require(Self.policy.deadline(for: request))
        #expect(contact.stage == .firstContact)
        #expect(contact.startedAt == shanghai("2026-03-09 11:00"))
        #expect(contact.dueAt == shanghai("2026-03-10 17:30"))
        request.firstContactAt = shanghai("2026-03-09 11:30")
        let resolve = try #require(Self.policy.deadline(for: request))
        #expect(resolve.stage == .resolve)
        #expect(resolve.dueAt == shanghai("2026-03-11 17:30"))
    }

    @Test("Resolved: the revisit stage from the resolution; rated and cancelled have none")
    func laterStages() throws {
        var request = Self.request(.resolved)
        request.resolvedAt = shanghai("2026-03-10 09:00")
        let revisit = try #require(Self.policy.deadline(for: request))
        #expect(revisit.stage == .revisit)
        #expect(revisit.dueAt == shanghai("2026-03-13 09:00"))
        #expect(Self.policy.deadline(for: Self.request(.rated)) == nil)
        #expect(Self.policy.deadline(for: Self.request(.cancelled)) == nil)
    }

    @Test("An intent's entry overrides only the stages it names; wall-clock limits for urgent intents")
    func perIntent() throws {
        #expect(Self.policy.limits(for: "repair").claim == TimeLimit(amount: 4, unit: .workingHours))
        #expect(Self.policy.limits(for: "repair").resolve == TimeLimit(amount: 10, unit: .workingDays))
        // Saturday night: a hazard is due 30 minutes later all the same.
        var hazard = Self.request(.assigned, intent: "safety_hazard")
        hazard.openedAt = shanghai("2026-03-14 23:50")
        #expect(Self.policy.deadline(for: hazard)?.dueAt == shanghai("2026-03-15 00:20"))
        #expect(Self.policy.deadline(for: hazard)?.yellowAt == shanghai("2026-03-15 00:14"))
    }

    @Test("A stage with no limit gives way to the resolve clock; no limits at all, no deadline")
    func missingLimits() throws {
        let policy = DeadlinePolicy(default: StageLimits(resolve: TimeLimit(amount: 2, unit: .workingDays)), perIntent: [:],
                                    calendar: WorkCalendar())
        #expect(policy.deadline(for: Self.request(.assigned))?.stage == .resolve)
        #expect(DeadlinePolicy.none.deadline(for: Self.request(.assigned)) == nil)
    }

    @Test("A reopen restarts the claim and resolve clocks; an extension granted before it no longer counts")
    func reopen() throws {
        var request = Self.inContact(.reopened)
        request.extensions = [DeadlineExtension(stage: .resolve, limit: TimeLimit(amount: 3, unit: .days), reason: "parts",
                                                requestedBy: "repl:w", requestedAt: shanghai("2026-03-10 09:00"),
                                                approvedBy: "repl:admin", approvedAt: shanghai("2026-03-10 10:00"))]
        request.reopenedAt = shanghai("2026-03-16 10:00")
        let resolve = try #require(Self.policy.deadline(for: request))
        #expect(resolve.stage == .resolve)
        #expect(resolve.startedAt == shanghai("2026-03-16 10:00"))
        #expect(resolve.dueAt == shanghai("2026-03-18 17:30"))
        request.claimer = nil
        #expect(Self.policy.deadline(for: request)?.stage == .claim)
        #expect(Self.policy.deadline(for: request)?.dueAt == shanghai("2026-03-16 16:00"))
    }

    @Test("A granted extension moves due and yellow; one still waiting does not")
    func extensions() throws {
        var request = Self.inContact(.claimed)
        let before = try #require(Self.policy.deadline(for: request))
        request.extensions = [DeadlineExtension(stage: .resolve, limit: TimeLimit(amount: 3, unit: .days), reason: "parts",
                                                requestedBy: "repl:w", requestedAt: shanghai("2026-03-10 09:00"))]
        #expect(Self.policy.deadline(for: request) == before)
        request.extensions[0].approvedBy = "repl:admin"
        request.extensions[0].approvedAt = shanghai("2026-03-10 10:00")
        let after = try #require(Self.policy.deadline(for: request))
        #expect(after.dueAt == shanghai("2026-03-14 17:30"))
        #expect(after.yellowAt == before.yellowAt.addingTimeInterval(3 * 86400))
    }

    @Test("Green before 80 %, yellow up to the limit, red from it")
    func colour() {
        let deadline = Deadline(stage: .claim, startedAt: shanghai("2026-03-09 10:00"), yellowAt: shanghai("2026-03-09 15:12"),
                                dueAt: shanghai("2026-03-09 16:00"))
        #expect(deadline.colour(at: shanghai("2026-03-09 15:11")) == .green)
        #expect(deadline.colour(at: shanghai("2026-03-09 15:12")) == .yellow)
        #expect(deadline.colour(at: shanghai("2026-03-09 15:59")) == .yellow)
        #expect(deadline.colour(at: shanghai("2026-03-09 16:00")) == .red)
    }

    @Test("Time limits as written in the configuration and by staff", arguments: [
        ("4h", TimeLimit(amount: 4, unit: .hours)), ("8wh", TimeLimit(amount: 8, unit: .workingHours)),
        ("2wd", TimeLimit(amount: 2, unit: .workingDays)), ("30m", TimeLimit(amount: 30, unit: .minutes)),
        ("3d", TimeLimit(amount: 3, unit: .days)), ("3天", TimeLimit(amount: 3, unit: .days)),
        (" 2个工作日 ", TimeLimit(amount: 2, unit: .workingDays)), ("5小时", TimeLimit(amount: 5, unit: .hours)),
    ])
    func limits(text: String, limit: TimeLimit) throws {
        #expect(try TimeLimit(parsing: text) == limit)
    }

    @Test("A bad limit is refused, naming it", arguments: ["3x", "", "h", "0h", "-1h", "1.5h", "99999999999h", "3 d d"])
    func badLimits(text: String) {
        let error = #expect(throws: CoreError.self) { try TimeLimit(parsing: text) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("\"\(text)\"") == true)
    }

    @Test("A request body stored before deadlines still decodes")
    func oldBody() throws {
        var request = Self.request(.claimed)
        request.firstContactAt = shanghai("2026-03-09 11:30")
        var object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(request)) as? [String: Any])
        #expect(object["extensions"] != nil)
        for key in ["extensions", "firstContactAt", "reopenedAt"] { object[key] = nil }
        let decoded = try JSONDecoder().decode(ServiceRequest.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded.extensions.isEmpty)
        #expect(decoded.firstContactAt == nil)
        let roundTrip = try JSONDecoder().decode(ServiceRequest.self, from: JSONEncoder().encode(request))
        #expect(roundTrip == request)
    }
}
