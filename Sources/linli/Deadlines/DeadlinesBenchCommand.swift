import ArgumentParser
import Foundation
import LinliCore
import LinliSQLite

/// `linli deadlines bench`: how long one timer pass takes over many open requests of which
/// few are due, on SQLite on disk, and the query plan showing it reads the `alert_at` index
/// rather than every request.
struct DeadlinesBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark one deadline-timer pass over many open requests (SQLite on disk).",
        discussion: "Uses a fresh database file in a temporary directory. Build with -c release."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "How many open requests to create.")
    var requests = 100_000

    @Option(help: "How many of them are due at the pass.")
    var due = 100

    func validate() throws {
        guard requests > 0 else { throw ValidationError("--requests must be positive") }
        guard (0...requests).contains(due) else { throw ValidationError("--due must be between 0 and --requests") }
    }

    func run() throws {
        var settings = try options.settings()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-deadlines-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
        // The runtime's own store is not used: the engine below runs on the file.
        settings.databaseURL = "sqlite::memory:"
        // Names are placeholders: the messages the pass queues are never read.
        settings.grids = [.init(id: "g1", name: "g1", communities: ["bench-community"], workers: ["repl:bench-worker"])]
        settings.staff = [
            .init(id: "repl:bench-worker", name: "worker", role: .gridWorker, grids: ["g1"]),
            .init(id: "repl:bench-leader", name: "leader", role: .gridLeader, grids: ["g1"]),
            .init(id: "repl:bench-admin", name: "admin", role: .admin),
        ]
        let runtime = try Runtime.make(settings, label: "linli.deadlines.bench")
        // Claims within 3 working days: requests opened in the last hour are green for days.
        let policy = DeadlinePolicy(default: StageLimits(claim: TimeLimit(amount: 3, unit: .workingDays)), perIntent: [:],
                                    calendar: WorkCalendar())
        let base = runtime.engine
        var configuration = base.configuration
        configuration.deadlines = policy
        let engine = Engine(nlu: base.nlu, responses: base.responses, directory: base.directory, store: store,
                            configuration: configuration, logger: runtime.logger)

        let now = Date()
        let created = ContinuousClock().measure {
            fill(store, policy: policy, now: now)
        }
        print("created \(requests) open requests (\(due) due) in \(format(created))")

        var pass = Escalation.Pass()
        let elapsed = try ContinuousClock().measure {
            pass = try Escalation.runPass(engine: engine, now: now)
        }
        print("one timer pass: \(format(elapsed)) — \(pass.requests) requests due, \(pass.steps) steps done")
        // A second pass right after: nothing is due, the cost of an idle tick.
        let idle = try ContinuousClock().measure { _ = try Escalation.runPass(engine: engine, now: now) }
        print("idle timer pass: \(format(idle))")
        print("query plan of requestsDue:")
        for line in try store.requestsDueQueryPlan() { print("  \(line)") }
    }

    /// Writes the requests in transactions of 5,000: `due` opened two weeks ago (every step
    /// due), the rest within the last hour.
    private func fill(_ store: any Store, policy: DeadlinePolicy, now: Date) {
        let chunk = 5_000
        // Every `spacing`-th request is a late one, `due` of them spread over the numbers.
        let spacing = due == 0 ? Int.max : requests / due
        // Requests opened at the same moment get the same alert: worked out once per moment,
        // as the calendar's walk is most of the cost of writing them.
        var alerts: [Date: ServiceRequest] = [:]
        var number = 0
        while number < requests {
            let upper = min(requests, number + chunk)
            do {
                try store.write { tx in
                    for n in (number + 1)...upper {
                        let late = n % spacing == 0 && n / spacing <= due
                        let opened = late ? now.addingTimeInterval(-14 * 86_400) : now.addingTimeInterval(-Double(n % 3_600))
                        var request = ServiceRequest(number: n, intent: "flying_wire_charging", status: .assigned, resident: "repl:bench-r\(n)",
                                                     text: "", slots: ["community": "bench-community", "building": "\(n % 300 + 1)"],
                                                     grid: "g1", route: "grid_worker", openedAt: opened)
                        let alerted = alerts[opened] ?? request.refreshingAlert(policy: policy)
                        alerts[opened] = alerted
                        request.alertAt = alerted.alertAt
                        request.alertProgress = alerted.alertProgress
                        try tx.save(request)
                    }
                }
            } catch {
                FileHandle.standardError.write(Data("linli deadlines bench: \(error)\n".utf8))
                Foundation.exit(1)
            }
            number = upper
        }
    }

    private func format(_ duration: Duration) -> String {
        String(format: "%.3f s", duration.seconds)
    }
}
