import Foundation
import LinliCore
import Testing

@Suite("Blocking executor")
struct BlockingExecutorTests {
    /// What the jobs saw, under a lock.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var running = 0
        private(set) var peak = 0
        private(set) var ran: [Int] = []

        func start(_ job: Int) {
            lock.withLock {
                running += 1
                peak = max(peak, running)
                ran.append(job)
            }
        }

        func end() { lock.withLock { running -= 1 } }
    }

    /// Jobs beyond `maximumThreads` wait in the queue rather than on a thread of their own,
    /// and every one of them runs once threads free up.
    @Test func noMoreThanTheMaximumRunAtOnceAndAllRun() async throws {
        let executor = BlockingExecutor(label: "test.blocking", maximumThreads: 3)
        let tally = Tally()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for job in 0..<12 {
                group.addTask {
                    try await executor.run {
                        tally.start(job)
                        Thread.sleep(forTimeInterval: 0.02)
                        tally.end()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(tally.peak == 3)
        #expect(tally.ran.sorted() == Array(0..<12))
    }

    final class Payload: Sendable {}

    /// What a job captured (a download's bytes) goes as soon as the job has run, not when the
    /// queue is next compacted.
    @Test func aJobsCapturesAreReleasedOnceItRan() async throws {
        let executor = BlockingExecutor(label: "test.blocking", maximumThreads: 1)
        weak var released: Payload?
        do {
            let payload = Payload()
            released = payload
            try await executor.run { _ = payload }
        }
        // The continuation resumes from inside the job: let the worker thread finish it.
        try await executor.run {}
        #expect(released == nil)
    }
}
