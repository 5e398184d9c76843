import Foundation
import LinliCore
import LinliNLU
import Logging

/// What every channel does with an authenticated message: the rate limit, the engine off
/// the event loops, the race against the reply deadline, and the outbox for what is late.
struct MessagePipeline: Sendable {
    /// How a message ended, as far as its HTTP answer is concerned.
    enum Processed: Sendable {
        /// The engine answered in time (perhaps with the recorded replies of a retry).
        case answered(HandledMessage)
        /// The deadline passed; the replies will go through the outbox.
        case late
        /// The sender is over the rate limit; the engine did not run.
        case rateLimited
        /// The engine or the store failed; nothing was committed.
        case failed(any Error)
    }

    let engine: Engine
    let executor: BlockingExecutor
    let limiter: RateLimiter
    let metrics: ServerMetrics
    let deadline: Duration
    let clock: any Clock<Duration>
    let now: @Sendable () -> Date
    let logger: Logger

    /// Handles `message`, waiting at most the reply deadline for its replies.
    ///
    /// `overflow` names the replies that do not fit in the channel's answer; they, or all
    /// replies once the deadline has passed, are queued in the message's own transaction.
    func process(_ message: InboundMessage, overflow: @escaping @Sendable ([String]) -> [String] = { _ in [] }) async -> Processed {
        guard limiter.allow(message.userID.rawValue, now: now()) else {
            metrics.recordRateLimited(channel: message.channel)
            logger.notice("linli.message.rate_limited", metadata: ["linli.user": .string(message.userID.redacted)])
            return .rateLimited
        }
        let handoff = Handoff()
        executor.track { [self] done in
            executor.submit {
                let started = ContinuousClock.now
                let understanding = engine.understand(message)
                // A store with a writer of its own (SQLite) returns at once and completes
                // there, so this thread is not held while the message waits for the disk.
                engine.handle(message, understanding: understanding, laterReplies: { replies in
                    handoff.lockIn() ? overflow(replies) : replies
                }) { result in
                    let elapsed = ContinuousClock.now - started
                    if handoff.finish(result) { logLate(result, of: message) }
                    record(result, of: message, understanding: understanding, elapsed: elapsed)
                    done()
                }
            }
        }
        // One timer task rather than a task group per message. Cancellation (the client went
        // away) ends the wait early: the replies then take the outbox, which is where they
        // belong when nobody is listening.
        let timer = Task { [clock, deadline] in
            try? await clock.sleep(for: deadline)
            handoff.expire()
        }
        let outcome = await withTaskCancellationHandler {
            await handoff.wait()
        } onCancel: {
            handoff.expire()
        }
        timer.cancel()
        switch outcome {
        case .finished(.success(let handled)):
            return .answered(handled)
        case .finished(.failure(let error)):
            return .failed(error)
        case .late:
            metrics.recordLate(channel: message.channel)
            return .late
        }
    }

    /// Records `key` as handled with no replies, so that a retried event is recognised;
    /// for pushes that need no answer (menu links, location reports, unsubscribes).
    func acknowledge(key: String) async throws {
        _ = try await executor.run { [engine] in
            try engine.store.handleOnce(key: key) { _ in [] }
        }
    }

    /// Runs blocking `body` off the event loops.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await executor.run(body)
    }

    /// Runs when the HTTP answer already went out without replies; the transaction queued
    /// them, so there is only something to say when it failed.
    private func logLate(_ result: Result<HandledMessage, any Error>, of message: InboundMessage) {
        let user = Logger.MetadataValue.string(message.userID.redacted)
        switch result {
        case .success(let handled):
            logger.info("linli.message.late", metadata: [
                "linli.user": user, "linli.message.replies": .stringConvertible(handled.replies.count),
                "linli.message.duplicate": .stringConvertible(handled.duplicate),
            ])
        case .failure(let error):
            // The platform was told "success" and will not retry: this message is lost. The
            // store's timeouts are kept below the reply deadline so that this stays rare.
            logger.error("linli.message.late_failed", metadata: [
                "linli.user": user, "linli.error": .string(String(describing: error)),
            ])
        }
    }

    private func record(_ result: Result<HandledMessage, any Error>, of message: InboundMessage,
                        understanding: Understanding?, elapsed: Duration) {
        switch result {
        case .success(let handled) where !handled.duplicate:
            metrics.recordHandled(channel: message.channel, intent: intentLabel(message, understanding), duration: elapsed)
        case .success:
            break
        case .failure:
            metrics.recordFailure(channel: message.channel)
        }
    }

    /// The metric label for what a message was about; staff messages are not classified,
    /// since their commands are not intents. `understanding` is the engine's, not parsed again.
    private func intentLabel(_ message: InboundMessage, _ understanding: Understanding?) -> String {
        switch message.content {
        case .text:
            return engine.directory.member(message.userID) == nil ? understanding?.intent ?? "unknown" : "staff"
        case .image: return "image"
        case .media(let media): return media.kind.rawValue
        case .location: return "location"
        case .event(let name, _): return name.lowercased() == "subscribe" ? "subscribe" : "event"
        case .noticeConsents: return "notice_consent"
        }
    }
}
