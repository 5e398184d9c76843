import Foundation
import LinliCore
import Testing

/// Published tasks and their claims (`TaskLedger`) on every store.
@Suite("Stores: published tasks and claims")
struct TaskTests {
    static func task(_ number: Int, needed: Int = 3, publishedAt: Date = t0) -> ServiceTask {
        ServiceTask(number: number, title: "清理楼道", place: "幸福里3号楼", community: "幸福里", time: "周六上午9点",
                    needed: needed, expectedMinutes: 120, publisher: "webhook:admin", publishedAt: publishedAt)
    }

    @Test(arguments: Backend.all, TransactionKind.allCases)
    func tasksRoundTripWithNumbersFromTheirOwnCounter(backend: Backend, kind: TransactionKind) throws {
        try backend.withStore { store in
            let (first, second, request) = try store.write { base in
                let tx = kind.wrap(base)
                return (try tx.nextTaskNumber(), try tx.nextTaskNumber(), try tx.nextRequestNumber())
            }
            #expect((first, second, request) == (1, 2, 1))
            var saved = Self.task(first)
            try store.write { try kind.wrap($0).save(saved) }
            saved.status = .done
            saved.doneAt = t0.addingTimeInterval(3600)
            saved.community = nil
            try store.write { try kind.wrap($0).save(saved) }
            #expect(try store.read { try kind.wrap($0).task(number: first) } == saved)
            #expect(try store.write { try kind.wrap($0).taskForUpdate(number: first) } == saved)
            #expect(try store.read { try kind.wrap($0).task(number: 99) } == nil)
            // A task saved under a number the counter never gave is not overwritten.
            try store.write { try kind.wrap($0).save(Self.task(7)) }
            #expect(try store.write { try kind.wrap($0).nextTaskNumber() } == 8)
        }
    }

    @Test(arguments: Backend.all)
    func claimsAreOnePerMemberAndKeepWithdrawalsAndMinutes(backend: Backend) throws {
        try backend.withStore { store in
            try store.write { tx in
                try tx.save(Self.task(1))
                try tx.save(Self.task(2, publishedAt: t0.addingTimeInterval(86_400)))
                try tx.save(TaskClaim(task: 1, member: "webhook:a", claimedAt: t0))
                try tx.save(TaskClaim(task: 1, member: "webhook:b", claimedAt: t0.addingTimeInterval(60)))
                try tx.save(TaskClaim(task: 2, member: "webhook:a", claimedAt: t0.addingTimeInterval(86_400)))
            }
            // Given back, then recorded: the same row changes.
            try store.write { tx in
                try tx.save(TaskClaim(task: 1, member: "webhook:b", claimedAt: t0.addingTimeInterval(60), withdrawnAt: t0.addingTimeInterval(120)))
                try tx.save(TaskClaim(task: 1, member: "webhook:a", claimedAt: t0, minutes: 90))
            }
            let claims = try store.read { try $0.taskClaims(task: 1) }
            #expect(claims.map(\.member) == ["webhook:a", "webhook:b"])
            #expect(claims[0].minutes == 90 && claims[0].holds)
            #expect(claims[1].withdrawnAt == t0.addingTimeInterval(120) && !claims[1].holds)
            #expect(try store.read { try $0.taskClaims(member: "webhook:a") }.map(\.task) == [1, 2])
            #expect(try store.read { try $0.taskClaims(publishedSince: t0.addingTimeInterval(3600)) }.map(\.task) == [2])
            #expect(try store.read { try $0.taskClaims(publishedSince: nil) }.count == 3)
            #expect(try store.read { try $0.tasks(publishedSince: t0.addingTimeInterval(3600)) }.map(\.number) == [2])
            #expect(try store.read { try $0.tasks(publishedSince: nil) }.map(\.number) == [1, 2])
        }
    }
}
