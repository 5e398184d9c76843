import Foundation
@testable import LinliCore
import LinliSQLite
import Logging
import Testing

/// `Engine.report` from the store's aggregates, and its due times made right for the
/// configuration's deadline policy: rows without them, or made under another policy, are
/// worked out again before the report.
@Suite("Report: due times refreshed for the policy")
struct ReportRefreshTests {
    static let now = shanghai("2026-03-12 12:00")

    /// The seven requests of `DeadlineReportTests`, saved as an import would: without due times.
    static func store() throws -> any Store {
        let store = try SQLiteStore(url: "sqlite::memory:")
        try store.write { tx in
            for request in DeadlineReportTests.requests() { try tx.save(request) }
            for event in DeadlineReportTests.events() { try tx.append(event) }
        }
        return store
    }

    static func engine(_ store: any Store, policy: DeadlinePolicy) -> Engine {
        Engine(nlu: Chat.nlu, responses: Chat.responses, directory: Chat.directory, store: store,
               configuration: Engine.Configuration(deadlines: policy), logger: Logger(label: "test"))
    }

    @Test("The engine's report equals Report.make over the requests, once their due times are worked out")
    func reportEqualsReference() throws {
        let store = try Self.store()
        let engine = Self.engine(store, policy: DeadlineReportTests.policy)
        let report = try engine.report(now: Self.now)
        let reference = DeadlineReportTests.report()
        #expect(report.total.timeliness == reference.total.timeliness)
        #expect(report.byGrid.map(\.timeliness) == reference.byGrid.map(\.timeliness))
        #expect(report.byGrid.map(\.rank) == reference.byGrid.map(\.rank))
        #expect(report.byStaff == reference.byStaff)
        #expect(report.total.medianMinutesToClaim == reference.total.medianMinutesToClaim)
        #expect(report.total.timeliness.overdueOpen == 1)
        #expect(try engine.refreshReportFacts() == 0)
    }

    @Test("A changed policy is counted with in the next report: every request's due times are worked out again")
    func policyChange() throws {
        let store = try Self.store()
        #expect(try Self.engine(store, policy: DeadlinePolicy.none).refreshReportFacts() == 7)
        let before = try Self.engine(store, policy: .none).report(now: Self.now).total.timeliness
        #expect(before.overdueOpen == 0 && before.responseRate == 5.0 / 7 && before.onTimeRate == 1)
        // The configuration gets limits (a restart with a new policy): the next report counts with them.
        let strict = Self.engine(store, policy: DeadlineReportTests.policy)
        let after = try strict.report(now: Self.now).total.timeliness
        #expect(after == DeadlineReportTests.report().total.timeliness)
        #expect(after.overdueOpen == 1 && after.responseRate == 4.0 / 7)
        #expect(try strict.refreshReportFacts() == 0)
        // Saved through the engine, a request's due times are the policy's at once.
        let saved = try #require(try store.read { try $0.request(number: 4) })
        #expect(saved.reportDueTimes?.policy == DeadlineReportTests.policy.digest)
        #expect(saved.reportDueTimes?.redAt == DeadlineReportTests.policy.deadline(for: saved)?.dueAt)
    }
}
