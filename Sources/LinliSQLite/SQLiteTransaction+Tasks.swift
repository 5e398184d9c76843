import Foundation
import GRDB
import LinliCore

/// Published tasks and their claims (`TaskLedger`) in the `tasks` tables. One writer at a
/// time, so `taskForUpdate` needs no lock of its own.
extension SQLiteTransaction {
    func nextTaskNumber() throws -> Int {
        try withStoreErrors("taking the next task number") {
            let counted = try Int.fetchOne(db, sql: "SELECT value FROM sequence WHERE name = 'task'") ?? 0
            let highest = try Int.fetchOne(db, sql: "SELECT max(number) FROM task") ?? 0
            let next = max(counted, highest) + 1
            try db.execute(sql: """
                INSERT INTO sequence (name, value) VALUES ('task', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value
                """, arguments: [next])
            return next
        }
    }

    func save(_ task: ServiceTask) throws {
        try withStoreErrors("saving task T\(task.number)") {
            try db.execute(sql: """
                INSERT INTO task (number, title, place, community, time, needed, expected_minutes, status, publisher, published_at, done_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (number) DO UPDATE SET title = excluded.title, place = excluded.place, community = excluded.community,
                    time = excluded.time, needed = excluded.needed, expected_minutes = excluded.expected_minutes,
                    status = excluded.status, publisher = excluded.publisher, published_at = excluded.published_at,
                    done_at = excluded.done_at
                """, arguments: [task.number, task.title, task.place, task.community, task.time, task.needed, task.expectedMinutes,
                                 task.status.rawValue, task.publisher, task.publishedAt.millisecondsSince1970,
                                 task.doneAt?.millisecondsSince1970])
        }
    }

    func task(number: Int) throws -> ServiceTask? {
        try withStoreErrors("reading task T\(number)") {
            try Row.fetchOne(db, sql: "SELECT * FROM task WHERE number = ?", arguments: [number]).map(Self.task)
        }
    }

    func taskForUpdate(number: Int) throws -> ServiceTask? {
        try task(number: number)
    }

    func tasks(publishedSince since: Date?) throws -> [ServiceTask] {
        try withStoreErrors("reading tasks") {
            try Row.fetchAll(db, sql: "SELECT * FROM task WHERE published_at >= ? ORDER BY number",
                             arguments: [since?.millisecondsSince1970 ?? Int64.min]).map(Self.task)
        }
    }

    func save(_ claim: TaskClaim) throws {
        try withStoreErrors("saving a claim of task T\(claim.task)") {
            try db.execute(sql: """
                INSERT INTO task_claim (task, member, claimed_at, withdrawn_at, minutes) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (task, member) DO UPDATE SET claimed_at = excluded.claimed_at, withdrawn_at = excluded.withdrawn_at,
                    minutes = excluded.minutes
                """, arguments: [claim.task, claim.member, claim.claimedAt.millisecondsSince1970,
                                 claim.withdrawnAt?.millisecondsSince1970, claim.minutes])
        }
    }

    func taskClaims(task number: Int) throws -> [TaskClaim] {
        try withStoreErrors("reading the claims of task T\(number)") {
            try Row.fetchAll(db, sql: "SELECT * FROM task_claim WHERE task = ? ORDER BY claimed_at, rowid", arguments: [number])
                .map(Self.claim)
        }
    }

    func taskClaims(member: String) throws -> [TaskClaim] {
        try withStoreErrors("reading the task claims of \(Redaction.user(member))") {
            try Row.fetchAll(db, sql: "SELECT * FROM task_claim WHERE member = ? ORDER BY task", arguments: [member]).map(Self.claim)
        }
    }

    func taskClaims(publishedSince since: Date?) throws -> [TaskClaim] {
        try withStoreErrors("reading task claims") {
            try Row.fetchAll(db, sql: """
                SELECT task_claim.* FROM task_claim JOIN task ON task.number = task_claim.task
                WHERE task.published_at >= ? ORDER BY task_claim.task, task_claim.claimed_at, task_claim.rowid
                """, arguments: [since?.millisecondsSince1970 ?? Int64.min]).map(Self.claim)
        }
    }

    private static func task(_ row: Row) throws -> ServiceTask {
        guard let status = ServiceTask.Status(rawValue: row["status"]) else {
            throw CoreError(.storeFailure, "task T\(row["number"] as Int) has an unknown status")
        }
        return ServiceTask(number: row["number"], title: row["title"], place: row["place"], community: row["community"],
                           time: row["time"], needed: row["needed"], expectedMinutes: row["expected_minutes"], status: status,
                           publisher: row["publisher"], publishedAt: Date(millisecondsSince1970: row["published_at"]),
                           doneAt: (row["done_at"] as Int64?).map(Date.init(millisecondsSince1970:)))
    }

    private static func claim(_ row: Row) -> TaskClaim {
        TaskClaim(task: row["task"], member: row["member"], claimedAt: Date(millisecondsSince1970: row["claimed_at"]),
                  withdrawnAt: (row["withdrawn_at"] as Int64?).map(Date.init(millisecondsSince1970:)), minutes: row["minutes"])
    }
}
