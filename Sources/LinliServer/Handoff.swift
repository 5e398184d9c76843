import LinliCore
import Synchronization

/// The meeting point of a message being handled on a Dispatch thread and the HTTP request
/// waiting for it, which gives up at the reply deadline.
///
/// Exactly one side ends up owning the result: the waiting request if the engine finished
/// in time, otherwise the engine's thread, which must then send the replies by the outbox.
final class Handoff: Sendable {
    /// What the waiting request learns.
    enum Outcome: Sendable {
        /// The engine finished in time, with replies or an error.
        case finished(Result<HandledMessage, any Error>)
        /// The deadline passed first; the engine's side delivers the replies.
        case late
    }

    private enum State {
        /// The engine is working and nobody waits yet.
        case running
        /// The request waits for the engine.
        case waiting(CheckedContinuation<Outcome, Never>)
        /// The engine finished before anyone waited.
        case finished(Result<HandledMessage, any Error>)
        /// The deadline passed; the engine's side owns the result.
        case expired
        /// The result went to the waiting request.
        case taken
    }

    private let state = Mutex<State>(.running)

    /// Waits for the engine, or for ``expire()``.
    func wait() async -> Outcome {
        await withCheckedContinuation { continuation in
            let immediate: Outcome? = state.withLock { state in
                switch state {
                case .running:
                    state = .waiting(continuation)
                    return nil
                case .finished(let result):
                    state = .taken
                    return .finished(result)
                case .expired:
                    return .late
                case .waiting, .taken:
                    // Waited on twice: a programming error; answering "late" loses nothing.
                    assertionFailure("a handoff is waited on once")
                    return .late
                }
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    /// Called by the engine's side with its result; true when the deadline had passed and
    /// the caller must deliver the result itself.
    func finish(_ result: Result<HandledMessage, any Error>) -> Bool {
        let (waiter, late): (CheckedContinuation<Outcome, Never>?, Bool) = state.withLock { state in
            switch state {
            case .running:
                state = .finished(result)
                return (nil, false)
            case .waiting(let continuation):
                state = .taken
                return (continuation, false)
            case .expired:
                return (nil, true)
            case .finished, .taken:
                assertionFailure("a handoff is finished once")
                return (nil, false)
            }
        }
        waiter?.resume(returning: .finished(result))
        return late
    }

    /// Called when the deadline passes (or the request is cancelled); a no-op once the
    /// engine has finished.
    func expire() {
        let waiter: CheckedContinuation<Outcome, Never>? = state.withLock { state in
            switch state {
            case .running:
                state = .expired
                return nil
            case .waiting(let continuation):
                state = .expired
                return continuation
            case .finished, .expired, .taken:
                return nil
            }
        }
        waiter?.resume(returning: .late)
    }
}
