import Foundation
import LinliCore
import Prometheus
import Synchronization

/// The server's Prometheus metrics, kept in one registry that `/metrics` renders.
///
/// Counters of things the server sees (messages, rejections, late replies) are updated as
/// they happen; counts that live in the store (requests, the outbox) are read from it when
/// `/metrics` is scraped, so they survive restarts and cover other processes' work too.
/// Those are two counting statements that lease nothing, made at most once per
/// `refreshInterval` however often (and however many at once) `/metrics` is scraped: the
/// endpoint is unauthenticated, and must not cost the store that message handling needs.
/// Delivery attempts and failures are counted by the delivery service through swift-metrics
/// (`linli_outbox_attempts_total{outcome="failed"}`), which ``Server/bootstrapMetricsSystem(_:)``
/// points at the same registry.
public final class ServerMetrics: Sendable {
    /// The registry everything is recorded in; a process that bootstraps swift-metrics with
    /// it (see ``Server/bootstrapMetricsSystem(_:)``) gets other libraries' metrics there too.
    public let registry: PrometheusCollectorRegistry

    private let duration: DurationHistogram
    private let opened: Counter
    private let resolved: Counter
    private let outboxPending: Gauge
    private let outboxFailed: Gauge
    private let seenRequestTotals = Mutex<(opened: Int, resolved: Int)>((0, 0))
    /// How long the store's counts are served from memory before a scrape reads them again.
    let refreshInterval: Duration
    /// Time since the metrics were created, on the injected clock.
    private let elapsed: @Sendable () -> Duration
    /// When the store's counts were last read, and whether a scrape is reading them now.
    private let refreshState = Mutex<(last: Duration?, running: Bool)>((nil, false))

    // Computed: the descriptor type is not Sendable, so it cannot be a stored static.
    static var messages: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "linli", metricName: "messages", unitName: "total",
            helpText: "Messages handled by the engine, by channel and intent (retries not counted).")
    }

    static var handling: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "linli", metricName: "message_handling", unitName: "seconds",
            helpText: "Time the engine took to handle one message.")
    }

    static var late: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "linli", metricName: "late_replies", unitName: "total",
            helpText: "Messages whose replies missed the passive-reply deadline and went to the outbox.")
    }

    static var rateLimited: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "linli", metricName: "rate_limited", unitName: "total",
            helpText: "Messages turned away because their sender exceeded the rate limit.")
    }

    static var rejected: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "linli", metricName: "rejected_requests", unitName: "total",
            helpText: "Gateway requests refused before reaching the engine, by channel and reason.")
    }

    static var failures: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "linli", metricName: "engine_failures", unitName: "total",
            helpText: "Messages the engine or store failed to handle.")
    }

    static var requestsOpened: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "linli", metricName: "requests_opened", unitName: "total",
            helpText: "Service requests opened.")
    }

    static var requestsResolved: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "linli", metricName: "requests_resolved", unitName: "total",
            helpText: "Service requests resolved.")
    }

    static var outbox: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "linli", metricName: "outbox", unitName: "pending",
            helpText: "Outbox messages waiting for delivery.")
    }

    static var outboxFailures: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "linli", metricName: "outbox", unitName: "failed",
            helpText: "Outbox messages given up on (refused by the platform, or retried for too long).")
    }


    /// Creates the metrics in `registry` (a new one by default, so tests never share state);
    /// the store's counts are read at most once per `refreshInterval` of `clock`.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), refreshInterval: Duration = .seconds(5),
                clock: some Clock<Duration> = ContinuousClock()) {
        self.registry = registry
        self.refreshInterval = refreshInterval
        let origin = clock.now
        elapsed = { origin.duration(to: clock.now) }
        duration = registry.makeDurationHistogram(
            descriptor: Self.handling,
            buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(10)])
        opened = registry.makeCounter(descriptor: Self.requestsOpened)
        resolved = registry.makeCounter(descriptor: Self.requestsResolved)
        outboxPending = registry.makeGauge(descriptor: Self.outbox)
        outboxFailed = registry.makeGauge(descriptor: Self.outboxFailures)
        // Registered up front so that every series exists, at zero, from the first scrape.
        for channel in ["wechat", "wecom", "webhook"] {
            _ = registry.makeCounter(descriptor: Self.late, labels: [("channel", channel)])
            _ = registry.makeCounter(descriptor: Self.rateLimited, labels: [("channel", channel)])
            _ = registry.makeCounter(descriptor: Self.failures, labels: [("channel", channel)])
        }
    }

    /// Records one message the engine handled for the first time.
    func recordHandled(channel: String, intent: String, duration elapsed: Duration) {
        registry.makeCounter(descriptor: Self.messages, labels: [("channel", channel), ("intent", intent)]).increment()
        duration.record(elapsed)
    }

    /// Records a message whose replies missed the deadline.
    func recordLate(channel: String) {
        registry.makeCounter(descriptor: Self.late, labels: [("channel", channel)]).increment()
    }

    /// Records a message turned away by the rate limit.
    func recordRateLimited(channel: String) {
        registry.makeCounter(descriptor: Self.rateLimited, labels: [("channel", channel)]).increment()
    }

    /// Records a request refused for `reason` (a gateway error code or an HTTP reason).
    func recordRejected(channel: String, reason: String) {
        registry.makeCounter(descriptor: Self.rejected, labels: [("channel", channel), ("reason", reason)]).increment()
    }

    /// Records a message the engine or store failed on.
    func recordFailure(channel: String) {
        registry.makeCounter(descriptor: Self.failures, labels: [("channel", channel)]).increment()
    }

    /// Whether the store's counts are due to be read again; when true, the caller must call
    /// `refresh(from:)`, and other scrapes serve the counts they have until it ends.
    func claimRefresh() -> Bool {
        let now = elapsed()
        return refreshState.withLock { state in
            if state.running { return false }
            if let last = state.last, now - last < refreshInterval { return false }
            state.running = true
            return true
        }
    }

    /// Reads the store's counts into the request counters and the outbox gauges, after
    /// `claimRefresh()` said so. A failed read also counts as a read, so that a store that is
    /// down is asked once per interval, not once per scrape.
    ///
    /// Blocking: call it off the event loops and the cooperative pool.
    func refresh(from store: any Store) throws {
        defer {
            let now = elapsed()
            refreshState.withLock { $0 = (now, false) }
        }
        let outbox = try store.outboxCounts()
        outboxPending.set(Double(outbox.pending))
        outboxFailed.set(Double(outbox.failed))
        let totals = try store.requestCounts()
        // Counters only grow: a reopened request clears its resolution, which must not
        // make the counter step back; the high-water mark absorbs that.
        let delta = seenRequestTotals.withLock { seen -> (opened: Int, resolved: Int) in
            let delta = (max(0, totals.opened - seen.opened), max(0, totals.resolved - seen.resolved))
            seen = (max(seen.opened, totals.opened), max(seen.resolved, totals.resolved))
            return delta
        }
        if delta.opened > 0 { opened.increment(by: Int64(delta.opened)) }
        if delta.resolved > 0 { resolved.increment(by: Int64(delta.resolved)) }
    }

    /// The metrics in the Prometheus text exposition format.
    public func render() -> String {
        registry.emitToString()
    }
}
