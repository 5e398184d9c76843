import Foundation
import LinliCore
import LinliNLU
import Logging
@testable import LinliPostgres
import Testing

/// The last places of a task claimed at once through two servers (two engines, each with
/// its own PostgreSQL store and pool) on one database.
@Suite("Tasks: claims from two servers on one PostgreSQL database")
struct PostgresTaskClaimTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let nlu: NLU = try! NLU(catalog: IntentCatalog.load(from: root.appendingPathComponent("intents")))
    static let responses: Responses = try! Responses.load(from: root.appendingPathComponent("responses"))
    /// 52 party members of one grid, and an admin.
    static let members = (1...52).map { "webhook:member\($0)" }
    static let directory: Directory = try! Directory(
        staff: members.enumerated().map { .init(id: $0.element, name: "党员\($0.offset + 1)", role: .partyMember, grids: ["g1"]) }
            + [.init(id: "webhook:admin", name: "社区办公室", role: .admin)],
        grids: [.init(id: "g1", name: "第一网格", communities: ["幸福里"])])

    static func engine(_ store: any Store) -> Engine {
        var logger = Logger(label: "linli.tests.tasks")
        logger.logLevel = .critical
        return Engine(nlu: nlu, responses: responses, directory: directory, store: store, logger: logger)
    }

    static func message(_ user: String, _ text: String, id: String) throws -> InboundMessage {
        InboundMessage(userID: try UserID(user), messageID: id, content: .text(text), receivedAt: t0)
    }

    @Test(arguments: Backend.postgresOnly)
    func fiftyMembersOnTwoServersGetExactlyTheLastTenPlaces(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let engines = [Self.engine(try database.openPostgres()), Self.engine(try database.openPostgres())]
                let published = try engines[0].handle(Self.message("webhook:admin", "发布任务 清理楼道 | 幸福里3号楼 | 周六上午9点 | 12 | 2小时", id: "p"))
                #expect(published.replies.joined().contains("T1"))
                // Two places taken before: ten are left.
                for member in Self.members.prefix(2) {
                    _ = try engines[1].handle(Self.message(member, "认领 T1", id: "early"))
                }
                let answers = Collector<String>()
                let claimers = Array(Self.members.dropFirst(2))
                onThreads(claimers.count) { index in
                    do {
                        let handled = try engines[index % 2].handle(Self.message(claimers[index], "认领 T1", id: "rush"))
                        answers.append(handled.replies.joined(separator: "\n"))
                    } catch {
                        Issue.record(error)
                    }
                }
                let claimed = answers.values.filter { $0.contains("已认领") }
                let full = answers.values.filter { $0.contains("已满") && !$0.contains("已认领") }
                #expect(answers.values.count == 50)
                #expect(claimed.count == 10)
                #expect(full.count == 40)
                let (task, holders) = try engines[0].store.read { tx in
                    (try tx.task(number: 1), try tx.taskClaims(task: 1).filter(\.holds).count)
                }
                #expect(holders == 12)
                #expect(task?.status == .full)
            }
        }
    }
}
