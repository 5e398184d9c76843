import LinliCore
import Synchronization

/// The meeting point of a message being handled on a Dispatch thread and the HTTP request
/// waiting for it, which gives up at the reply deadline.
///
/// Exactly one side ends up owning the replies, and the engine learns which inside the
/// message's transaction (``lockIn()``): the waiting request, which then waits for the
/// commit however long it takes, or, once the deadline has passed, the outbox, to which the
/// transaction itself adds them. Either way they commit with the message.
final class Handoff: Sendable {
    /// What the waiting request learns.
    enum Outcome: Sendable {
        /// The engine finished in time, with replies or an error.
        case finished(Result<HandledMessage, any Error>)
        /// The deadline passed first; the engine's side delivers the replies.
        case late
    }

    private enum State {
        /// The engine is working and nobody waits yet; `lockedIn` once its replies are
        /// promised to the answer.
        case running(lockedIn: Bool)
        /// The request waits for the engine.
        case waiting(CheckedContinuation<Outcome, Never>, lockedIn: Bool)
        /// The engine finished before anyone waited.
        case finished(Result<HandledMessage, any Error>)
        /// The deadline passed; the engine's side owns the result.
        case expired
        /// The result went to the waiting request.
        case taken
    }

    private let state = Mutex<State>(.running(lockedIn: false))

    /// Waits for the engine, or for ``expire()``.
    func wait() async -> Outcome {
        await withCheckedContinuation { continuation in
            let immediate: Outcome? = state.withLock { state in
                switch state {
                case .running(let lockedIn):
                    state = .waiting(continuation, lockedIn: lockedIn)
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
            case .waiting(let continuation, _):
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

    /// Called inside the message's transaction once its replies are known: true when they
    /// go out in the answer, which from now on waits for the commit instead of expiring;
    /// false when the deadline has passed and the transaction must queue them.
    func lockIn() -> Bool {
        state.withLock { state in
            switch state {
            case .running:
                state = .running(lockedIn: true)
                return true
            case .waiting(let continuation, _):
                state = .waiting(continuation, lockedIn: true)
                return true
            case .expired:
                return false
            case .finished, .taken:
                // Only a finished transaction finishes a handoff, so no body runs after it.
                return true
            }
        }
    }

    /// Called when the deadline passes (or the request is cancelled); a no-op once the
    /// engine has finished or its replies are locked in to the answer.
    func expire() {
        let waiter: CheckedContinuation<Outcome, Never>? = state.withLock { state in
            switch state {
            case .running(lockedIn: false):
                state = .expired
                return nil
            case .waiting(let continuation, lockedIn: false):
                state = .expired
                return continuation
            case .running(lockedIn: true), .waiting(_, lockedIn: true), .finished, .expired, .taken:
                return nil
            }
        }
        waiter?.resume(returning: .late)
    }
}
