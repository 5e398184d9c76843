import Dispatch

/// Runs blocking work (the engine's store transaction, health pings, metric reads) on
/// Dispatch threads, off the NIO event loops and off Swift's cooperative pool, where a
/// blocked thread would stall every other request.
///
/// Work submitted with ``submit(_:)`` is tracked, so that a graceful shutdown can wait for
/// messages still being handled after their HTTP answer went out.
final class BlockingExecutor: Sendable {
    private let queue: DispatchQueue
    private let inFlight = DispatchGroup()

    /// Creates an executor with a concurrent queue named `label`.
    init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated, attributes: .concurrent)
    }

    /// Runs `body` on the queue and returns its result to the awaiting task.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Starts `body` on the queue; it counts as in flight until it returns.
    func submit(_ body: @escaping @Sendable () -> Void) {
        inFlight.enter()
        queue.async { [inFlight] in
            defer { inFlight.leave() }
            body()
        }
    }

    /// Counts work that `start` hands elsewhere (a store's own thread) as in flight until
    /// it calls the `done` it is given, once.
    func track(_ start: (_ done: @escaping @Sendable () -> Void) -> Void) {
        inFlight.enter()
        start { [inFlight] in inFlight.leave() }
    }

    /// Returns once nothing submitted is still running.
    func drain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            inFlight.notify(queue: queue) { continuation.resume() }
        }
    }
}
