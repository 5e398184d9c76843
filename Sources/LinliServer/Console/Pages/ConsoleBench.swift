import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import LinliCore
import Synchronization

/// `linli console bench`'s measuring half: serves the console's pages over HTTP on a free
/// port of 127.0.0.1, signed in as one staff member, and times each page from the client.
public enum ConsoleBench {
    /// One page's response times, in request order.
    public struct Timing: Sendable {
        /// What was requested.
        public var name: String
        public var path: String
        public var samples: [Duration]
        /// The first request, untimed in `samples`: the report's cold computation, before its cache.
        public var first: Duration = .zero

        /// The `fraction` quantile (0.5, 0.99) of the samples, by nearest rank.
        public func quantile(_ fraction: Double) -> Duration {
            let sorted = samples.sorted()
            guard !sorted.isEmpty else { return .zero }
            let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
            return sorted[min(sorted.count - 1, max(0, rank))]
        }
    }

    /// Requests each of `pages` (name, path) `samples` times, after `warmup` untimed ones,
    /// as staff member `staffID` of the engine's directory; each must answer 200.
    ///
    /// - Throws: `ServerError(.invalidConfiguration)` when `staffID` is not in the directory,
    ///   or when a page answers anything but 200.
    ///
    /// With `hold`, the server keeps serving after the timings are handed to it, until the
    /// task is cancelled: for looking at the pages (and screenshots) over the bench's data.
    ///
    /// With `quietPath`, one more timing: that page viewed `samples` times, each after a quiet
    /// minute on the server's clock (moved on by the bench, past the report cache's lifetime),
    /// during which `ConsoleReportWarmer` did what it does every 10 s.
    public static func run(_ original: Server.Configuration, staffID: String, pages: [(name: String, path: String)],
                           samples: Int, warmup: Int = 3, quietPath: (name: String, path: String)? = nil,
                           hold: (@Sendable (_ port: Int, _ timings: [Timing]) async -> Void)? = nil) async throws -> [Timing] {
        guard let staff = original.engine.directory.member(staffID) else {
            throw ServerError(.invalidConfiguration, "console bench: \(staffID) is not a staff member")
        }
        // The server's clock, which the quiet phase moves on.
        let offset = Mutex<TimeInterval>(0)
        var configuration = original
        configuration.now = { [base = original.now] in base().addingTimeInterval(offset.withLock { $0 }) }
        let pipeline = MessagePipeline(
            engine: configuration.engine, executor: configuration.executor, limiter: RateLimiter(policy: configuration.rateLimit),
            metrics: configuration.metrics, deadline: configuration.replyDeadline, clock: configuration.clock,
            now: configuration.now, logger: configuration.logger)
        let router = Router(context: BasicRequestContext.self)
        ConsolePagesController(pipeline: pipeline, signIn: FixedSignIn(identity: ConsoleIdentity(staff: staff, csrfToken: "bench")),
                               reports: configuration.consoleReports)
            .addRoutes(to: router)
        let warmer = ConsoleReportWarmer(cache: configuration.consoleReports, engine: configuration.engine,
                                         executor: configuration.executor, now: configuration.now, logger: configuration.logger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: configuration.logger)
        let server = Task { try await application.runService() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ServerError(.invalidConfiguration, "console bench: the server did not start") }
        let session = URLSession(configuration: .ephemeral)
        var timings: [Timing] = []
        for (name, path) in pages {
            guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { continue }
            var timing = Timing(name: name, path: path, samples: [])
            for index in 0..<(warmup + samples) {
                let started = ContinuousClock.now
                let (_, response) = try await session.data(from: url)
                let elapsed = ContinuousClock.now - started
                guard (response as? HTTPURLResponse)?.statusCode == 200 else {
                    throw ServerError(.invalidConfiguration, "console bench: \(path) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
                }
                if index == 0 { timing.first = elapsed }
                if index >= warmup { timing.samples.append(elapsed) }
            }
            timings.append(timing)
        }
        if let (name, path) = quietPath, let url = URL(string: "http://127.0.0.1:\(port)\(path)") {
            var timing = Timing(name: name, path: path, samples: [])
            for _ in 0..<samples {
                // A quiet minute: the warmer's pass at 40 s (its 10-second passes before then
                // find nothing due), then 21 s more, so the report last made on a view would
                // now be past its lifetime.
                offset.withLock { $0 += 40 }
                await warmer.warmOnce()
                offset.withLock { $0 += 21 }
                let started = ContinuousClock.now
                let (_, response) = try await session.data(from: url)
                timing.samples.append(ContinuousClock.now - started)
                guard (response as? HTTPURLResponse)?.statusCode == 200 else {
                    throw ServerError(.invalidConfiguration, "console bench: \(path) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
                }
            }
            timings.append(timing)
        }
        if let hold {
            await hold(port, timings)
            try? await server.value
        }
        return timings
    }
}

/// The bench's sign-in: everyone is the same staff member.
private struct FixedSignIn: ConsoleSignIn {
    let identity: ConsoleIdentity

    func identity(for request: Request) async throws -> ConsoleIdentity? { identity }

    func checkCSRF(_ identity: ConsoleIdentity, submitted: String?) throws {
        guard submitted == identity.csrfToken else { throw HTTPError(.forbidden) }
    }
}
