import Foundation
import LinliCore
import PostgresNIO

/// Published tasks and their claims (`TaskLedger`) in the `tasks` tables. None of these is
/// held back: they touch no table `HeldWrites` batches.
extension PostgresTransaction {
    private static let taskColumns = "number, title, place, community, time, needed, expected_minutes, status, publisher, published_at, done_at"
    private static let claimColumns = "task_claim.task, task_claim.member, task_claim.claimed_at, task_claim.withdrawn_at, task_claim.minutes"

    func nextTaskNumber() throws -> Int {
        try nextNumber(of: "task")
    }

    func save(_ task: ServiceTask) throws {
        try withStoreErrors("saving task T\(task.number)") {
            try session.run("""
                INSERT INTO task (\(unescaped: Self.taskColumns))
                VALUES (\(Int64(task.number)), \(task.title), \(task.place), \(task.community), \(task.time), \(Int64(task.needed)),
                        \(Int64(task.expectedMinutes)), \(task.status.rawValue), \(task.publisher),
                        \(task.publishedAt.millisecondsSince1970), \(task.doneAt?.millisecondsSince1970))
                ON CONFLICT (number) DO UPDATE SET title = excluded.title, place = excluded.place, community = excluded.community,
                    time = excluded.time, needed = excluded.needed, expected_minutes = excluded.expected_minutes,
                    status = excluded.status, publisher = excluded.publisher, published_at = excluded.published_at,
                    done_at = excluded.done_at
                """)
        }
    }

    func task(number: Int) throws -> ServiceTask? {
        try withStoreErrors("reading task T\(number)") {
            try session.run("SELECT \(unescaped: Self.taskColumns) FROM task WHERE number = \(Int64(number))").rows.first.map(Self.task)
        }
    }

    func taskForUpdate(number: Int) throws -> ServiceTask? {
        try withStoreErrors("locking task T\(number)") {
            // FOR UPDATE: a second server claiming the same task waits here until the first
            // commits, then (READ COMMITTED) counts the claims the first one made.
            try session.run("SELECT \(unescaped: Self.taskColumns) FROM task WHERE number = \(Int64(number)) FOR UPDATE")
                .rows.first.map(Self.task)
        }
    }

    func tasks(publishedSince since: Date?) throws -> [ServiceTask] {
        try withStoreErrors("reading tasks") {
            try session.run("""
                SELECT \(unescaped: Self.taskColumns) FROM task WHERE published_at >= \(since?.millisecondsSince1970 ?? Int64.min)
                ORDER BY number
                """).rows.map(Self.task)
        }
    }

    func save(_ claim: TaskClaim) throws {
        try withStoreErrors("saving a claim of task T\(claim.task)") {
            try session.run("""
                INSERT INTO task_claim (task, member, claimed_at, withdrawn_at, minutes)
                VALUES (\(Int64(claim.task)), \(claim.member), \(claim.claimedAt.millisecondsSince1970),
                        \(claim.withdrawnAt?.millisecondsSince1970), \(claim.minutes.map(Int64.init)))
                ON CONFLICT (task, member) DO UPDATE SET claimed_at = excluded.claimed_at, withdrawn_at = excluded.withdrawn_at,
                    minutes = excluded.minutes
                """)
        }
    }

    func taskClaims(task number: Int) throws -> [TaskClaim] {
        try withStoreErrors("reading the claims of task T\(number)") {
            try session.run("""
                SELECT \(unescaped: Self.claimColumns) FROM task_claim WHERE task = \(Int64(number)) ORDER BY claimed_at, member
                """).rows.map(Self.claim)
        }
    }

    func taskClaims(member: String) throws -> [TaskClaim] {
        try withStoreErrors("reading the task claims of \(Redaction.user(member))") {
            try session.run("SELECT \(unescaped: Self.claimColumns) FROM task_claim WHERE member = \(member) ORDER BY task")
                .rows.map(Self.claim)
        }
    }

    func taskClaims(publishedSince since: Date?) throws -> [TaskClaim] {
        try withStoreErrors("reading task claims") {
            try session.run("""
                SELECT \(unescaped: Self.claimColumns) FROM task_claim JOIN task ON task.number = task_claim.task
                WHERE task.published_at >= \(since?.millisecondsSince1970 ?? Int64.min)
                ORDER BY task_claim.task, task_claim.claimed_at, task_claim.member
                """).rows.map(Self.claim)
        }
    }

    private static func task(_ row: PostgresRow) throws -> ServiceTask {
        let (number, title, place, community, time, needed, expected, status, publisher, publishedAt, doneAt) =
            try row.decode((Int64, String, String, String?, String, Int64, Int64, String, String, Int64, Int64?).self)
        guard let status = ServiceTask.Status(rawValue: status) else {
            throw CoreError(.storeFailure, "task T\(number) has an unknown status")
        }
        return ServiceTask(number: Int(number), title: title, place: place, community: community, time: time, needed: Int(needed),
                           expectedMinutes: Int(expected), status: status, publisher: publisher,
                           publishedAt: Date(millisecondsSince1970: publishedAt), doneAt: doneAt.map(Date.init(millisecondsSince1970:)))
    }

    private static func claim(_ row: PostgresRow) throws -> TaskClaim {
        let (task, member, claimedAt, withdrawnAt, minutes) = try row.decode((Int64, String, Int64, Int64?, Int64?).self)
        return TaskClaim(task: Int(task), member: member, claimedAt: Date(millisecondsSince1970: claimedAt),
                         withdrawnAt: withdrawnAt.map(Date.init(millisecondsSince1970:)), minutes: minutes.map(Int.init))
    }
}
