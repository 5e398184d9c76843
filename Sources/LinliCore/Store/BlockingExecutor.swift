import Dispatch
import Foundation

/// The one place where synchronous store work meets async code: runs blocking work (the
/// engine's store transactions, delivery bookkeeping, token locks, health pings, metric reads) on
/// threads of its own, off the NIO event loops and off Swift's cooperative pool, where a
/// blocked thread would stall every other request.
///
/// Not on Dispatch's global queues either: on Linux they run about one thread per core and
/// do not add threads when those block, so with two cores only a handful of messages would
/// be in the store at once, and group commit would have nothing to group. Here a thread is
/// started whenever more work waits than there are idle threads, up to `maximumThreads`; a
/// thread idle for `idleTimeout` ends.
///
/// Work submitted with ``submit(_:)`` is tracked, so that a graceful shutdown can wait for
/// messages still being handled after their HTTP answer went out.
public final class BlockingExecutor: @unchecked Sendable {
    private let label: String
    /// The most threads it runs at once.
    public let maximumThreads: Int
    private let idleTimeout: TimeInterval
    private let condition = NSCondition()
    private var queue: [@Sendable () -> Void] = []
    private var head = 0
    private var threads = 0
    private var idle = 0
    private let inFlight = DispatchGroup()
    /// What a slot holds once its job was taken.
    private static let taken: @Sendable () -> Void = {}

    /// Creates an executor whose threads are named `label`.
    public init(label: String, maximumThreads: Int = 128, idleTimeout: TimeInterval = 10) {
        self.label = label
        self.maximumThreads = max(maximumThreads, 1)
        self.idleTimeout = idleTimeout
    }

    /// Runs `body` on a thread of the executor and returns its result to the awaiting task.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Starts `body` on a thread of the executor; it counts as in flight until it returns.
    public func submit(_ body: @escaping @Sendable () -> Void) {
        inFlight.enter()
        let job: @Sendable () -> Void = { [inFlight] in
            defer { inFlight.leave() }
            body()
        }
        condition.lock()
        queue.append(job)
        // More jobs waiting than idle threads to take them: one more thread.
        let start = queue.count - head > idle && threads < maximumThreads
        if start { threads += 1 }
        condition.signal()
        condition.unlock()
        if start {
            let thread = Thread { [self] in work() }
            thread.name = label
            thread.start()
        }
    }

    /// Counts work that `start` hands elsewhere (a store's own thread) as in flight until
    /// it calls the `done` it is given, once.
    public func track(_ start: (_ done: @escaping @Sendable () -> Void) -> Void) {
        inFlight.enter()
        start { [inFlight] in inFlight.leave() }
    }

    /// Returns once nothing submitted is still running.
    public func drain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            inFlight.notify(queue: .global()) { continuation.resume() }
        }
    }

    /// A thread's loop: take the oldest job, run it; end after `idleTimeout` without work.
    private func work() {
        condition.lock()
        while true {
            if head < queue.count {
                let job = queue[head]
                // Drop the slot's hold on what the job captured now, not at the next
                // compaction a thousand jobs later: a media download's bytes, say.
                queue[head] = Self.taken
                head += 1
                if head > 1024 && head * 2 > queue.count {
                    queue.removeFirst(head)
                    head = 0
                }
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            idle += 1
            let woke = condition.wait(until: Date(timeIntervalSinceNow: idleTimeout))
            idle -= 1
            if !woke && head >= queue.count {
                threads -= 1
                condition.unlock()
                return
            }
        }
    }
}
