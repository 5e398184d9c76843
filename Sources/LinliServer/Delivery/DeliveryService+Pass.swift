import Foundation
import LinliCore
import LinliGateways
import Logging
import Metrics
import ServiceLifecycle

extension DeliveryService {
    /// One pass over the pending outbox: sends every row that is due, oldest first, at most
    /// `batchSize`, and records each outcome. Returns how many rows were attempted.
    ///
    /// Passes do not overlap: a call while another pass runs returns 0 at once.
    ///
    /// - Throws: the store's error when the outbox cannot be read or an outcome cannot be
    ///   recorded; the rows not yet recorded stay pending and are sent again.
    public func drainOnce() async throws -> Int {
        guard let plan = await schedule.beginPass() else { return 0 }
        var due = plan.due
        var waiting = 0
        var attempted = 0
        do {
            var attemptedHere = Set<Int64>()
            // Rows waiting for a retry, and the rows queued behind them, fill the front of the
            // oldest-first list; the window grows past them so other recipients keep moving.
            var limit = configuration.batchSize + plan.skippedLastPass
            while true {
                let window = limit
                let rows = try await offload { [store] in try store.claimOutbox(limit: window) }
                var blocked = Set<String>()
                var stopped = false
                waiting = 0
                for row in rows {
                    let recipient = row.message.recipient
                    let wait = attemptedHere.contains(row.id)  // retried earlier in this pass
                        || blocked.contains(recipient)
                        || (due[row.id].map { $0 > elapsed() } ?? false)
                    if wait {
                        blocked.insert(recipient)
                        waiting += 1
                        continue
                    }
                    if attempted >= configuration.batchSize || Task.isShuttingDownGracefully {
                        stopped = true
                        break
                    }
                    attempted += 1
                    attemptedHere.insert(row.id)
                    // The claim may be older than its lease by now (a long pass): another
                    // server may have the row, and then the rest of this recipient's rows.
                    guard try await offload({ [store] in try store.renewLease(ofOutboxRow: row.id) }) else {
                        lost(row, &due, &blocked)
                        continue
                    }
                    let outcome = try await deliver(row)
                    switch try await record(outcome, for: row) {
                    case .retry:
                        due[row.id] = elapsed() + Self.backoff(afterAttempts: row.attempts + 1, base: configuration.baseBackoff,
                                                              cap: configuration.maxBackoff)
                        blocked.insert(recipient)
                        waiting += 1
                    case .settled:
                        due[row.id] = nil
                    case .lost:
                        lost(row, &due, &blocked)
                    }
                }
                if rows.count < window {
                    // The whole pending list was seen: forget rows that left it some other way.
                    let pending = Set(rows.map(\.id))
                    due = due.filter { pending.contains($0.key) }
                    break
                }
                if stopped || attempted >= configuration.batchSize || waiting == 0 {
                    break
                }
                limit = max(waiting + configuration.batchSize - attempted, window * 2)
            }
        } catch {
            await schedule.endPass(due: due, skipped: waiting)
            throw error
        }
        await schedule.endPass(due: due, skipped: waiting)
        return attempted
    }

    /// What became of a row after an attempt.
    enum Recorded {
        /// Delivered or failed for good.
        case settled
        /// Waits for a retry.
        case retry
        /// Another server holds the row now (this store's lease ran out), and its record
        /// stands; this one was not kept.
        case lost
    }

    /// Forgets `row`, which another server holds now, and holds back the rest of its
    /// recipient's rows in this pass: they are that server's to send, in order.
    private func lost(_ row: OutboxEntry, _ due: inout [Int64: Duration], _ blocked: inout Set<String>) {
        due[row.id] = nil
        blocked.insert(row.message.recipient)
        logger.notice("outbox row leased to another server; left to it", metadata: ["linli.outbox.id": "\(row.id)"])
    }

    /// Records `outcome` of an attempt at `row`.
    private func record(_ outcome: DeliveryOutcome, for row: OutboxEntry) async throws -> Recorded {
        let id = row.id
        let attempt = row.attempts + 1
        var metadata: Logger.Metadata = [
            "linli.outbox.id": "\(id)",
            "linli.outbox.channel": "\(Self.channel(of: row.message.recipient))",
            "linli.outbox.attempt": "\(attempt)",
        ]
        switch outcome {
        case .delivered:
            guard try await offload({ [store] in try store.recordDelivery(id: id, state: .delivered, error: nil) }) else {
                return .lost
            }
            count("delivered", row)
            logger.debug("outbox row delivered", metadata: metadata)
            return .settled
        case .failed(let reason):
            // The resident cannot be reached on this channel (e.g. 45015: silent over 48 hours);
            // the staff member whose reply it was is told, in the same write.
            guard try await recordFailure(row, error: reason, metadata: &metadata) else { return .lost }
            count("failed", row)
            metadata["linli.outbox.reason"] = "\(reason)"
            logger.warning("outbox row failed permanently", metadata: metadata)
            return .settled
        case .retry(let reason) where age(of: row) >= configuration.giveUpAge:
            let note = "gave up after \(Self.hours(age(of: row))) h and \(attempt) attempts: \(reason)"
            guard try await recordFailure(row, error: note, metadata: &metadata) else { return .lost }
            count("failed", row)
            metadata["linli.outbox.reason"] = "\(reason)"
            logger.warning("outbox row failed after retrying for the longest allowed", metadata: metadata)
            return .settled
        case .retry(let reason):
            guard try await offload({ [store] in try store.recordDelivery(id: id, state: .pending, error: reason) }) else {
                return .lost
            }
            count("retry", row)
            metadata["linli.outbox.reason"] = "\(reason)"
            logger.info("outbox row will be retried", metadata: metadata)
            return .retry
        }
    }

    /// How long ago `row` was queued, on the service's clock (zero when a server's clock
    /// runs behind the one that queued it).
    private func age(of row: OutboxEntry) -> Duration {
        .milliseconds(max(0, Int64((now().timeIntervalSince(row.createdAt) * 1000).rounded())))
    }

    /// `duration` in hours, to one decimal, for people reading a failed row.
    static func hours(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) / 3600)
    }

    /// Marks `row` failed and queues the notice to its origin, if it earns one, and, when it
    /// told a resident of their request and the platform will not deliver it (45015), the
    /// call-back the staff owe them in that request's history; false when another server
    /// holds the row now.
    private func recordFailure(_ row: OutboxEntry, error: String, metadata: inout Logger.Metadata) async throws -> Bool {
        let notice = DeliveryNotice.make(for: row, reason: error, responses: responses)
        let date = now()
        let callBack = row.message.notice.flatMap { told in
            DeliveryNotice.errorCode(in: error) == 45015
                ? RequestEvent(request: told.number, kind: .callBack, actor: "system", at: date, note: told.kind.rawValue) : nil
        }
        metadata["linli.outbox.notice"] = "\(notice != nil)"
        return try await offload { [store] in try store.recordFailure(id: row.id, error: error, notice: notice, event: callBack, at: date) }
    }

    /// The wait after the `attempts`-th failed attempt: `base`, then doubling, at most `cap`.
    static func backoff(afterAttempts attempts: Int, base: Duration, cap: Duration) -> Duration {
        // 2^20 × base is past any sensible cap, and keeps the product from overflowing.
        let exponent = min(max(attempts - 1, 0), 20)
        return min(base * (1 << exponent), cap)
    }

    /// The recipient's channel, as a metric dimension with few values.
    static func channel(of recipient: String) -> String {
        let channel = recipient.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        return ["wechat", "wecom", "webhook"].contains(channel) ? channel : "other"
    }

    private func count(_ outcome: String, _ row: OutboxEntry) {
        Counter(label: "linli_outbox_attempts_total",
                dimensions: [("outcome", outcome), ("channel", Self.channel(of: row.message.recipient))]).increment()
    }

    /// Runs a blocking store call on the process's one executor.
    func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await executor.run(body)
    }
}
