import Foundation
@testable import LinliCore
import Testing

/// The report's deadline figures on seven requests worked out by hand. Every request opens
/// Monday 2026-03-09 10:00; claim within 4 working hours (16:00), resolve within 2 working
/// days (Wednesday 17:30); the report is made Thursday 12:00.
@Suite("Report: deadline figures")
struct DeadlineReportTests {
    static let policy = DeadlinePolicy(
        default: StageLimits(claim: TimeLimit(amount: 4, unit: .workingHours), resolve: TimeLimit(amount: 2, unit: .workingDays)),
        perIntent: [:], calendar: WorkCalendar())
    static let opened = shanghai("2026-03-09 10:00")

    static func request(_ number: Int, _ status: ServiceRequest.Status, grid: String = "g1", claimed: String? = nil,
                        resolved: String? = nil, rating: Int? = nil) -> ServiceRequest {
        ServiceRequest(number: number, intent: "facility_repair", status: status, resident: "repl:r\(number)", text: "", slots: [:],
                       grid: grid, route: "grid_worker", claimer: claimed == nil ? nil : "repl:wang", openedAt: opened,
                       claimedAt: claimed.map(shanghai), resolvedAt: resolved.map(shanghai), rating: rating)
    }

    /// r1 on time throughout, rated 5; r2 claimed and resolved late, rated 3; r3 resolved on
    /// time, rated 1 and reopened Wednesday 18:00; r4 never claimed (red); r5 cancelled; r6
    /// claimed, a 3-day extension granted; r7 in grid g2, resolved on time by 赵, not rated.
    static func requests() -> [ServiceRequest] {
        var r3 = request(3, .reopened, claimed: "2026-03-09 12:00", resolved: "2026-03-11 17:00", rating: 1)
        r3.reopenedAt = shanghai("2026-03-11 18:00")
        var r6 = request(6, .claimed, claimed: "2026-03-09 10:30")
        r6.firstContactAt = shanghai("2026-03-09 10:40")
        r6.extensions = [DeadlineExtension(stage: .resolve, limit: TimeLimit(amount: 3, unit: .days), reason: "parts", requestedBy: "repl:wang",
                                           requestedAt: shanghai("2026-03-10 09:00"), approvedBy: "repl:admin", approvedAt: shanghai("2026-03-10 09:30"))]
        var r7 = request(7, .resolved, grid: "g2", claimed: "2026-03-09 10:10", resolved: "2026-03-09 15:00")
        r7.claimer = "repl:zhao"
        return [
            request(1, .rated, claimed: "2026-03-09 11:00", resolved: "2026-03-10 10:00", rating: 5),
            request(2, .rated, claimed: "2026-03-09 17:00", resolved: "2026-03-12 10:00", rating: 3),
            r3, request(4, .assigned), request(5, .cancelled), r6, r7,
        ]
    }

    static func events() -> [RequestEvent] {
        let at = opened
        return [1, 2, 3, 6].map { RequestEvent(request: $0, kind: .claimed, actor: "repl:wang", at: at) }
            + [1, 2, 3].map { RequestEvent(request: $0, kind: .resolved, actor: "repl:wang", at: at) }
            + [RequestEvent(request: 7, kind: .claimed, actor: "repl:zhao", at: at), RequestEvent(request: 7, kind: .resolved, actor: "repl:zhao", at: at),
               RequestEvent(request: 4, kind: .reassigned, actor: "repl:admin", at: at, note: "g1")]
    }

    static func report() -> Report {
        Report.make(requests: requests(), directory: Chat.directory, intentNames: [:], totalName: "all", noGridName: "none",
                    policy: policy, events: events(), now: shanghai("2026-03-12 12:00"))
    }

    @Test("Grid g1: 响应率 3/6, 按时办结率 2/3, 解决率 2/6, 评价率 3/3, 重开率 1/3, 超期在办 1, 延期 1, ranked first")
    func grid() throws {
        let g1 = try #require(Self.report().byGrid.first { $0.key == "g1" })
        #expect(g1.opened == 6)
        #expect(g1.timeliness.responseRate == 0.5)
        #expect(g1.timeliness.onTimeRate == 2.0 / 3)
        #expect(g1.timeliness.solvedRate == 2.0 / 6)
        #expect(g1.timeliness.ratedRate == 1)
        #expect(g1.satisfiedShare == 1.0 / 3)
        #expect(g1.timeliness.reopenRate == 1.0 / 3)
        #expect(g1.timeliness.overdueOpen == 1)
        #expect(g1.timeliness.extensions == 1)
        #expect(g1.rank == 1)
    }

    @Test("A grid with fewer than 5 requests is shown, not ranked; the total counts all seven")
    func smallGridAndTotal() throws {
        let report = Self.report()
        let g2 = try #require(report.byGrid.first { $0.key == "g2" })
        #expect(g2.opened == 1 && g2.rank == nil)
        #expect(g2.timeliness.responseRate == 1 && g2.timeliness.onTimeRate == 1)
        #expect(report.total.timeliness.responseRate == 4.0 / 7)
        #expect(report.total.timeliness.onTimeRate == 3.0 / 4)
        #expect(report.total.rank == nil)
    }

    @Test("Per staff member: claimed, reassigned, resolved, mean rating; under 5 requests not ranked")
    func staff() throws {
        let rows = Dictionary(uniqueKeysWithValues: Self.report().byStaff.map { ($0.key, $0) })
        let wang = try #require(rows["repl:wang"])
        #expect((wang.claimed, wang.reassigned, wang.resolved) == (4, 0, 3))
        #expect(wang.meanRating == 3)
        #expect(wang.rank == nil)
        let zhao = try #require(rows["repl:zhao"])
        #expect((zhao.claimed, zhao.resolved) == (1, 1) && zhao.meanRating == nil)
        #expect(rows["repl:admin"]?.reassigned == 1)
    }

    @Test("Without deadlines every claim and resolution is in time and nothing is overdue")
    func noPolicy() {
        let report = Report.make(requests: Self.requests(), directory: Chat.directory, intentNames: [:], totalName: "all",
                                 noGridName: "none", events: Self.events(), now: shanghai("2026-03-12 12:00"))
        #expect(report.total.timeliness.responseRate == 5.0 / 7)
        #expect(report.total.timeliness.onTimeRate == 1)
        #expect(report.total.timeliness.overdueOpen == 0)
    }
}
