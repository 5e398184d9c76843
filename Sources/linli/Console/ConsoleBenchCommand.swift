import ArgumentParser
import Foundation
import LinliCore
import LinliNLU
import LinliServer
import LinliSQLite

/// `linli console bench`: the console's pages over HTTP with many requests in the store — the
/// queue, a search, a request's page, the report — and their p50 and p99.
struct ConsoleBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the console's pages over HTTP on a SQLite store filled with requests.",
        discussion: "Uses a fresh database file in a temporary directory. Build with -c release."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "How many requests to create, spread over 6 grids, the intents, the statuses and 90 days.")
    var requests = 100_000

    @Option(help: "How many timed requests per page.")
    var samples = 200

    @Flag(help: .hidden)
    var serve = false

    func validate() throws {
        guard requests > 0 else { throw ValidationError("--requests must be positive") }
        guard samples > 0 else { throw ValidationError("--samples must be positive") }
    }

    func run() async throws {
        var settings = try options.settings()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-console-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
        // The runtime's own store is not used: the engine below runs on the file.
        settings.databaseURL = "sqlite::memory:"
        // The configuration's grids and staff when it has grids and an admin (for looking at the
        // pages over a community's own names); otherwise six made-up grids, one worker each.
        let configured = !settings.grids.isEmpty && settings.staff.contains { $0.role == .admin }
        if !configured {
            settings.grids = (1...6).map { Directory.Grid(id: "g\($0)", name: "grid \($0)", communities: ["bench-\($0)"], workers: ["repl:bench-worker-\($0)"]) }
            settings.staff = settings.grids.enumerated().map { index, grid in
                Directory.Staff(id: "repl:bench-worker-\(index + 1)", name: "worker \(index + 1)", role: .gridWorker, grids: [grid.id])
            } + [Directory.Staff(id: "repl:bench-admin", name: "office", role: .admin)]
        }
        let grids = settings.grids
        let adminID = settings.staff.first { $0.role == .admin }?.id ?? "repl:bench-admin"
        let runtime = try Runtime.make(settings, label: "linli.console.bench")
        let base = runtime.engine
        var configuration = base.configuration
        configuration.deadlines = DeadlinePolicy(
            default: StageLimits(claim: TimeLimit(amount: 1, unit: .workingDays), resolve: TimeLimit(amount: 5, unit: .workingDays)),
            perIntent: [:], calendar: WorkCalendar())
        let engine = Engine(nlu: base.nlu, responses: base.responses, directory: base.directory, store: store,
                            configuration: configuration, logger: runtime.logger)
        let now = Date()
        let intents = engine.nlu.catalog.intents.filter { $0.opensRequest && !$0.examples.isEmpty }
        let filled = try ContinuousClock().measure { try fill(store, intents: intents, grids: grids, now: now) }
        print("created \(requests) requests with their history in \(String(format: "%.1f s", filled.seconds))")
        // Saved without the report's due times, as rows are right after migration `report-columns`:
        // the engine works them out once, before the first report would.
        var refreshed = 0
        let refreshing = try ContinuousClock().measure { refreshed = try engine.refreshReportFacts() }
        print("worked out the report's due times of \(refreshed) requests in \(String(format: "%.1f s", refreshing.seconds))")

        let middle = requests / 2
        let pages: [(name: String, path: String)] = [
            ("queue (admin, open requests)", "/console"),
            ("queue, one grid, all statuses", "/console?status=all&grid=\(grids[grids.count / 2].id)"),
            ("queue, search by phone's last 4", "/console?status=all&q=4321"),
            ("queue, red deadlines only", "/console?colour=red"),
            ("request page", "/console/requests/\(middle)"),
            ("report page (30 days)", "/console/report"),
        ]
        let server = Server.Configuration(engine: engine, logger: runtime.logger)
        let timings = try await ConsoleBench.run(
            server, staffID: adminID, pages: pages, samples: samples, warmup: 1,
            quietPath: ("report page, after a quiet minute", "/console/report"),
            // --serve: the pages stay up, signed in as the admin, until interrupted.
            hold: serve ? { @Sendable port, timings in
                Self.table(timings)
                print("serving the console on http://127.0.0.1:\(port)/console until interrupted")
            } : nil)
        Self.table(timings)
    }

    private static func table(_ timings: [ConsoleBench.Timing]) {
        print("page                                  p50        p99        first (cold)")
        for timing in timings {
            print(timing.name.padding(toLength: 36, withPad: " ", startingAt: 0),
                        ms(timing.quantile(0.5)), ms(timing.quantile(0.99)), timing.first == .zero ? "—" : ms(timing.first))
        }
    }

    private static func ms(_ duration: Duration) -> String {
        String(format: "%7.2f ms", duration.seconds * 1000).padding(toLength: 10, withPad: " ", startingAt: 0)
    }

    /// Writes the requests and their history in transactions of 5,000: opened over 90 days,
    /// older ones mostly closed, a third with a phone number, each with the words of one of its
    /// intent's examples and a community of its grid.
    private func fill(_ store: any Store, intents: [IntentDefinition], grids: [Directory.Grid], now: Date) throws {
        var random = SystemRandomNumberGenerator()
        let chunk = 5_000
        var number = 0
        while number < requests {
            let upper = min(requests, number + chunk)
            try store.write { tx in
                for n in (number + 1)...upper {
                    // Oldest first, as numbers are handed out.
                    let opened = now.addingTimeInterval(-90 * 86_400 * Double(requests - n) / Double(requests))
                    let age = now.timeIntervalSince(opened)
                    let roll = random.next() % 100
                    let status: ServiceRequest.Status
                    switch (age > 7 * 86_400, roll) {
                    case (true, 0..<5), (false, 0..<3): status = .cancelled
                    case (true, 5..<12), (false, 3..<30): status = .assigned
                    case (true, 12..<16), (false, 30..<60): status = .claimed
                    case (true, 16..<18), (false, 60..<62): status = .reopened
                    case (true, 18..<55), (false, 62..<90): status = .resolved
                    default: status = .rated
                    }
                    let grid = grids[Int(random.next() % UInt64(grids.count))]
                    let worker = grid.workers.first ?? "repl:bench-admin"
                    var slots = ["community": grid.communities.first ?? grid.id, "building": "\(n % 30 + 1)"]
                    if n % 3 == 0 { slots["phone"] = String(format: "139%08d", Int(random.next() % 100_000_000)) }
                    let intent = intents[Int(random.next() % UInt64(intents.count))]
                    var request = ServiceRequest(number: n, intent: intent.id, status: status, resident: "repl:bench-r\(n % 20_000)",
                                                 text: intent.examples[Int(random.next() % UInt64(intent.examples.count))],
                                                 slots: slots, grid: grid.id, route: "grid_worker", openedAt: opened)
                    var history = [RequestEvent(request: n, kind: .opened, actor: request.resident, at: opened)]
                    if status != .assigned && status != .cancelled {
                        request.claimer = worker
                        request.claimedAt = opened.addingTimeInterval(Double(600 + random.next() % 86_400))
                        history.append(RequestEvent(request: n, kind: .claimed, actor: worker, at: request.claimedAt!))
                    }
                    if status == .resolved || status == .rated {
                        request.resolvedAt = request.claimedAt!.addingTimeInterval(Double(1_800 + random.next() % (4 * 86_400)))
                        history.append(RequestEvent(request: n, kind: .resolved, actor: worker, at: request.resolvedAt!))
                    }
                    if status == .rated { request.rating = Int(3 + random.next() % 3) }
                    try tx.save(request)
                    for event in history { try tx.append(event) }
                }
            }
            number = upper
        }
    }
}
