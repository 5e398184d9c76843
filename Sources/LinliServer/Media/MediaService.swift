import Foundation
import LinliCore
import LinliGateways
import Logging
import ServiceLifecycle

/// Fetches the photos, recordings, videos and files residents and staff send, from the
/// download jobs their turns queued, and keeps them in the store.
///
/// Jobs are leased (`claimMediaJobs`), a few at a time, so at most `inFlight` downloads run
/// per server and several servers share the queue; a server that stops mid-download leaves
/// its jobs to be leased again when the lease runs out. Each download is checked (size, the
/// bytes' own type) and stored once per SHA-256. An expired media id loses the attachment
/// with a history line; a used-up quota (45009, or the configured daily count) waits for
/// the next day; anything else is tried again with backoff.
public struct MediaService: Service {
    /// Limits and timing.
    public struct Configuration: Sendable, Equatable {
        /// The largest media kept (`media.max_bytes`); larger ones are lost.
        public var maxBytes: Int
        /// Downloads run at once per server.
        public var inFlight: Int
        /// Downloads counted per channel and day before waiting for the next day
        /// (`media.daily_quota`); nil counts none.
        public var dailyQuota: Int?
        /// How long a server holds the jobs it took.
        public var lease: Duration
        /// The wait after a first failed attempt, doubling after each further one, up to
        /// `maxBackoff`.
        public var baseBackoff: Duration
        /// The longest wait between attempts.
        public var maxBackoff: Duration
        /// Failed attempts after which a job is given up as lost.
        public var maxAttempts: Int
        /// How long to wait before looking again when the queue was empty.
        public var pollInterval: Duration
        /// Where a quota's day starts.
        public var timeZone: TimeZone

        /// Creates a configuration; the defaults suit WeChat's limits (10 MB videos, 20 MB files on WeCom).
        public init(maxBytes: Int = 25 * 1024 * 1024, inFlight: Int = 4, dailyQuota: Int? = 5000, lease: Duration = .seconds(300),
                    baseBackoff: Duration = .seconds(10), maxBackoff: Duration = .seconds(3600), maxAttempts: Int = 12,
                    pollInterval: Duration = .milliseconds(500), timeZone: TimeZone = Engine.Configuration.chinaTime) {
            self.maxBytes = maxBytes
            self.inFlight = max(inFlight, 1)
            self.dailyQuota = dailyQuota
            self.lease = lease
            self.baseBackoff = baseBackoff
            self.maxBackoff = max(maxBackoff, baseBackoff)
            self.maxAttempts = max(maxAttempts, 1)
            self.pollInterval = pollInterval
            self.timeZone = timeZone
        }
    }

    /// The configuration.
    public let configuration: Configuration
    let store: any Store
    let courier: Courier
    /// Tells residents of a closing photo once it is stored; nil tells nobody.
    let engine: Engine?
    /// Who holds this server's leases: one id per service, so a restarted server waits for
    /// its predecessor's leases to run out like any other.
    let owner: String
    let now: @Sendable () -> Date
    let executor: BlockingExecutor
    let logger: Logger
    private let sleep: @Sendable (Duration) async throws -> Void

    /// Creates a service that fetches `store`'s media jobs through `courier`; `executor` runs
    /// its blocking store calls (the server's one, or its own when nil).
    public init(store: any Store, courier: Courier, engine: Engine? = nil, configuration: Configuration = .init(), executor: BlockingExecutor? = nil,
                now: @escaping @Sendable () -> Date = { Date() }, clock: some Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.store = store
        self.courier = courier
        self.engine = engine
        self.configuration = configuration
        self.owner = UUID().uuidString
        self.now = now
        self.executor = executor ?? BlockingExecutor(label: "linli.media", maximumThreads: store.capacity)
        self.logger = logger
        self.sleep = { duration in try await clock.sleep(for: duration) }
    }

    /// Downloads until graceful shutdown: everything due, then a pause. A failing store is
    /// logged and tried again after the pause.
    public func run() async throws {
        logger.info("media downloads started", metadata: ["linli.media.in_flight": "\(configuration.inFlight)"])
        await repeatUntilShutdown(pause: configuration.pollInterval, sleep: sleep, logger: logger, failure: "media download pass failed") {
            _ = try await drain()
            return true
        }
        logger.info("media downloads stopped")
    }

    /// Downloads every due job, `inFlight` at a time: each time one ends, another is leased,
    /// so a slow download holds one place only. Returns how many it took.
    @discardableResult
    public func drain() async throws -> Int {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            var taken = 0
            var more = true
            while true {
                if more, running < configuration.inFlight, !Task.isShuttingDownGracefully {
                    let free = configuration.inFlight - running
                    let jobs = try await claim(limit: free)
                    more = jobs.count == free
                    for job in jobs { group.addTask { try await download(job) } }
                    running += jobs.count
                    taken += jobs.count
                }
                guard running > 0 else { return taken }
                try await group.next()
                running -= 1
                // A place came free: jobs queued meanwhile may be taken.
                more = true
            }
        }
    }

    /// One pass: leases up to `inFlight` due jobs, downloads them at once, and records each
    /// outcome. Returns how many jobs it took.
    @discardableResult
    public func downloadOnce() async throws -> Int {
        let jobs = try await claim(limit: configuration.inFlight)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for job in jobs { group.addTask { try await download(job) } }
            try await group.waitForAll()
        }
        return jobs.count
    }

    /// Leases up to `limit` due jobs to this service.
    private func claim(limit: Int) async throws -> [MediaJob] {
        let at = now()
        let until = at.addingTimeInterval(Self.seconds(configuration.lease))
        return try await executor.run { [store, owner] in
            try store.write { try $0.claimMediaJobs(limit: limit, owner: owner, at: at, leaseUntil: until) }
        }
    }

    /// Fetches, checks and stores one job's media, and records how it went.
    private func download(_ job: MediaJob) async throws {
        if let quota = configuration.dailyQuota {
            let day = Self.day(of: now(), in: configuration.timeZone)
            let counted = try await executor.run { [store] in
                try store.write { try $0.countMediaDownload(channel: job.channel, day: day, limit: quota) }
            }
            guard counted else { return try await settle(job, .retry("daily quota of \(quota) used", at: nextDay())) }
        }
        switch await courier.fetchMedia(job.media.mediaID, channel: job.channel, maxBytes: configuration.maxBytes) {
        case .fetched(let bytes, let declared):
            guard let type = MediaSniffer.contentType(of: bytes) else { return try await lose(job, "unrecognised content") }
            guard MediaSniffer.agrees(declared: declared, with: type) else {
                return try await lose(job, "declared \(declared ?? "") but the bytes are \(type)")
            }
            let at = now()
            let media = StoredMedia(sha256: MediaDigest.sha256(bytes), contentType: type, bytes: bytes, createdAt: at)
            try await executor.run { [store, owner, engine] in
                try store.write { tx in
                    let id = try tx.storeMedia(media)
                    guard try tx.settleMediaJob(id: job.id, owner: owner, .stored(id)) else { return }
                    if let number = job.closing { try engine?.tellClosingPhoto(request: number, media: id, in: tx, at: at) }
                }
            }
        case .lost(let reason):
            try await lose(job, reason)
        case .quota:
            try await settle(job, .retry("errcode 45009", at: nextDay()))
        case .retry(let reason):
            guard job.attempts + 1 < configuration.maxAttempts else { return try await lose(job, reason) }
            let wait = DeliveryService.backoff(afterAttempts: job.attempts + 1, base: configuration.baseBackoff, cap: configuration.maxBackoff)
            try await settle(job, .retry(reason, at: now().addingTimeInterval(Self.seconds(wait))))
        }
    }

    private func settle(_ job: MediaJob, _ settlement: MediaJob.Settlement) async throws {
        try await executor.run { [store, owner] in
            _ = try store.write { try $0.settleMediaJob(id: job.id, owner: owner, settlement) }
        }
    }

    /// Gives the job up, and tells the history of the request that holds its attachment.
    private func lose(_ job: MediaJob, _ reason: String) async throws {
        logger.notice("media lost", metadata: ["linli.media.job": "\(job.id)", "linli.media.reason": "\(reason)"])
        let at = now()
        try await executor.run { [store, owner] in
            try store.write { tx in
                guard try tx.settleMediaJob(id: job.id, owner: owner, .lost(reason)) else { return }
                let holder = try tx.requests(RequestQuery(resident: job.user)).last { $0.attachments.contains(job.attachment) }
                if let holder {
                    // The platform's reference, not the attachment's text: a voice message's
                    // recognised words are the resident's, and the history keeps them no longer.
                    try tx.append(RequestEvent(request: holder.number, kind: .attachmentLost, actor: "system", at: at,
                                               note: job.media.url ?? job.media.mediaID))
                }
            }
        }
    }

    /// The start of tomorrow where quotas count.
    private func nextDay() -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = configuration.timeZone
        let today = calendar.startOfDay(for: now())
        return calendar.date(byAdding: .day, value: 1, to: today) ?? today.addingTimeInterval(86_400)
    }

    /// `2026-12-06`: the day a quota counts in.
    static func day(of date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
