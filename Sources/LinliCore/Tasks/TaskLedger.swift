import Foundation

/// Published tasks and their claims inside one store transaction. Every `StoreTransaction`
/// has them, so that a claim, its answer and the notices it sends commit together.
public protocol TaskLedger {
    /// Takes the next task number from the store's sequence.
    func nextTaskNumber() throws -> Int
    /// Inserts or replaces a task by number.
    func save(_ task: ServiceTask) throws
    /// The task with `number`, if any.
    func task(number: Int) throws -> ServiceTask?
    /// The task with `number`, for a change that depends on its claims (a claim, a
    /// withdrawal, recording hours).
    ///
    /// A store that several servers share locks the task's row until the transaction ends,
    /// so that two servers counting the free places of one task count one after the other;
    /// a store with one writer needs nothing more.
    func taskForUpdate(number: Int) throws -> ServiceTask?
    /// Tasks published at or after `since` (all when nil), by number.
    func tasks(publishedSince since: Date?) throws -> [ServiceTask]

    /// Inserts or replaces the claim of `claim.member` on `claim.task`.
    func save(_ claim: TaskClaim) throws
    /// Every claim of task `number` (given back ones included), oldest first.
    func taskClaims(task number: Int) throws -> [TaskClaim]
    /// Every claim of `member` (given back ones included), by task.
    func taskClaims(member: String) throws -> [TaskClaim]
    /// Every claim of the tasks published at or after `since` (all when nil), by task.
    func taskClaims(publishedSince since: Date?) throws -> [TaskClaim]
}
