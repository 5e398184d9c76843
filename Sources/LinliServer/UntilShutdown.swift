import Logging
import ServiceLifecycle

/// The loop of a long-lived service: `pass` at once, then again and again until graceful
/// shutdown (or cancellation), pausing for `pause` after each pass that asks for it. Graceful
/// shutdown cuts a pause short; a pass under way runs to its end. A failing pass is logged
/// as `failure` and is followed by a pause: the next pass tries again.
func repeatUntilShutdown(pause: Duration, sleep: @escaping @Sendable (Duration) async throws -> Void,
                         logger: Logger, failure: Logger.Message, _ pass: () async throws -> Bool) async {
    while !Task.isShuttingDownGracefully && !Task.isCancelled {
        var pauses = true
        do {
            pauses = try await pass()
        } catch {
            logger.error(failure, metadata: ["linli.error": "\(error)"])
        }
        if pauses {
            // Cancellation here is the shutdown signal; the loop condition sees it.
            try? await cancelWhenGracefulShutdown { try await sleep(pause) }
        }
    }
}
