import ArgumentParser
import Foundation
import LinliCore
import LinliSQLite

/// `linli bench`: messages per second through the whole engine with the SQLite store on
/// disk at its default durability (WAL, synchronous=FULL, one transaction per message).
struct ConversationBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark whole conversations (NLU + dialogue + SQLite on disk), one transaction per message.",
        discussion: "Uses a fresh database file in a temporary directory unless --database is given. Build with -c release."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "How many messages to send.")
    var messages = 20_000

    @Option(help: "SQLite file to use (it is created; an existing file is refused).")
    var database: String?

    func validate() throws {
        guard messages > 0 else { throw ValidationError("--messages must be positive") }
        if let database, FileManager.default.fileExists(atPath: database) {
            throw ValidationError("\(database) exists; the benchmark needs a new file")
        }
    }

    func run() throws {
        var settings = try options.settings()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if database == nil { try? FileManager.default.removeItem(at: directory) } }
        let path = database ?? directory.appendingPathComponent("bench.sqlite").path
        settings.databaseURL = "sqlite:\(path)"
        if settings.grids.isEmpty {
            settings.grids = [.init(id: "g1", name: "第一网格", communities: ["凤鸣小区", "雍城小区"], workers: ["bench:worker"])]
            settings.staff = [.init(id: "bench:worker", name: "网格员", role: .gridWorker, grids: ["g1"])]
        }
        let runtime = try Runtime.make(settings, label: "linli.bench")
        let engine = runtime.engine
        let worker = settings.staff.first { $0.role == .gridWorker }?.id ?? "bench:worker"

        // Each resident: a report that opens a request, a status question, thanks; the
        // worker claims every opened request. Four messages a round.
        let clock = ContinuousClock()
        var latencies: [Double] = []
        latencies.reserveCapacity(messages)
        var sent = 0
        var round = 0
        var sink = 0
        let start = clock.now
        while sent < messages {
            round += 1
            let resident = "bench:r\(round)"
            let script: [(String, String)] = [
                (resident, "凤鸣小区\(round % 40 + 1)号楼\(round % 6 + 1)单元的楼道灯坏了好几天了，晚上黑得很"),
                (resident, "我报的事进度咋样了"),
                (worker, "接单 \(round)"),
                (resident, "好的谢谢"),
            ]
            for (user, text) in script where sent < messages {
                let message = InboundMessage(userID: user, messageID: "bench:\(sent)", content: .text(text), receivedAt: Date())
                let before = clock.now
                sink &+= try engine.handle(message).replies.count
                latencies.append(seconds(clock.now - before) * 1000)
                sent += 1
            }
        }
        let elapsed = seconds(clock.now - start)
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        let requests = try engine.store.read { try $0.requests(RequestQuery()) }.count
        print("store             \(path) (WAL, synchronous=FULL, one transaction per message)")
        print(String(format: "throughput        %.0f messages/s (%d messages in %.2f s, one thread)", Double(sent) / elapsed, sent, elapsed))
        print(String(format: "latency ms        p50 %.2f  p90 %.2f  p99 %.2f  max %.2f", percentile(0.5), percentile(0.9), percentile(0.99), latencies.last ?? 0))
        print("requests opened   \(requests)")
        if sink == -1 { print("") }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
