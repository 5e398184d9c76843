import Foundation
import LinliCore
import Synchronization
import Testing

/// 2026-01-01T00:00:00Z, the start of every test's timeline.
let t0 = Date(timeIntervalSince1970: 1_767_225_600)

/// A date `seconds` after `t0`.
func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

/// A request with the fields the query tests vary; the rest are plausible constants.
func sampleRequest(_ number: Int, intent: String = "repair", status: ServiceRequest.Status = .open,
                   resident: String = "wechat:alice", grid: String? = "g1", followers: [String] = [],
                   openedAt: Date = t0) -> ServiceRequest {
    ServiceRequest(number: number, intent: intent, status: status, resident: resident, text: "楼道灯坏了",
                   slots: ["community": "幸福里", "building": "4"], attachments: ["https://example.com/a.jpg"],
                   grid: grid, route: "grid_worker", followers: followers, openedAt: openedAt)
}

/// An error only a test's handler throws, to tell it apart from the store's.
struct HandlerFailure: Error, Equatable {
    let reason: String
}

/// Counts calls from several threads at once.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() { lock.withLock { count += 1 } }
    func decrement() { lock.withLock { count -= 1 } }
    var value: Int { lock.withLock { count } }
}

/// Gathers values from several threads at once, to check them on the test's own.
final class Collector<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var gathered: [Value] = []

    func append(_ value: Value) { lock.withLock { gathered.append(value) } }
    var values: [Value] { lock.withLock { gathered } }
}

/// Runs `work` on `threads` threads at once and waits for all of them.
func onThreads(_ threads: Int, _ work: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<threads {
        group.enter()
        Thread {
            work(index)
            group.leave()
        }.start()
    }
    group.wait()
}

/// Threads of their own for the store tests' blocking work.
///
/// The stores block their caller (PostgreSQL round trips, fsyncs). Swift Testing runs
/// synchronous tests on the cooperative pool, one thread per core, and Dispatch on Linux
/// does not add workers when its few block either; blocked there, these tests would starve
/// the async tests and the Dispatch queues of the rest of the run. A task executor keeps the
/// work in the test's own task, so `#expect` still reports to the right test.
final class StoreTestThreads: TaskExecutor, @unchecked Sendable {
    static let shared = StoreTestThreads(threads: 2)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "linli.store-tests.\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// Runs a test's blocking `body` on `StoreTestThreads`.
func blocking<T>(_ body: () throws -> T) async throws -> T {
    try await withTaskExecutorPreference(StoreTestThreads.shared) { try body() }
}

extension Store {
    /// `handleOnce(key:readingConversationOf:_:completion:)` (the engine's path), waited for.
    func handleReadingAhead(key: String, user: String,
                            _ body: @escaping @Sendable (any StoreTransaction) throws -> [String]) throws -> HandledMessage {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<HandledMessage, any Error>?>(nil)
        handleOnce(key: key, readingConversationOf: user, body) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try #require(outcome.withLock { $0 }).get()
    }
}
