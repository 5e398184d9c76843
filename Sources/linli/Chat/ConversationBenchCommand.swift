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

    @Option(help: "Concurrent senders, as a server's connections would be (1 = one message at a time).")
    var concurrency = 8

    func validate() throws {
        guard messages > 0 else { throw ValidationError("--messages must be positive") }
        guard concurrency > 0 && concurrency <= 256 else { throw ValidationError("--concurrency must be 1…256") }
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

        // Each resident: a report that opens (or joins) a request, a status question, the
        // worker claiming a request, thanks. Senders share nothing but the engine and store.
        let clock = ContinuousClock()
        let senders = concurrency
        let perSender = (messages + senders - 1) / senders
        let results = LatencyLog(count: senders)
        let failures = LatencyLog(count: 1)
        let start = clock.now
        // Real threads, one per sender: Dispatch would run only as many as there are cores,
        // and a sender spends most of its time waiting for the disk.
        let finished = DispatchGroup()
        for sender in 0..<senders {
            finished.enter()
            Thread {
                defer { finished.leave() }
            var latencies: [Double] = []
            latencies.reserveCapacity(perSender)
            var sent = 0
            var round = sender
            while sent < perSender {
                let resident = "bench:r\(round)"
                let script: [(String, String)] = [
                    // 600 addresses: most reports open a request, some join one already open.
                    (resident, "\(round % 2 == 0 ? "凤鸣小区" : "雍城小区")\(round % 300 + 1)号楼\(round % 6 + 1)单元的楼道灯坏了好几天了，晚上黑得很"),
                    (resident, "我报的事进度咋样了"),
                    (worker, "接单 \(round % 600 + 1)"),
                    (resident, "好的谢谢"),
                ]
                for (step, (user, text)) in script.enumerated() where sent < perSender {
                    guard let sender = try? UserID(user) else { failures.append(0, 1); continue }
                    let message = InboundMessage(userID: sender, messageID: "bench:\(sender):\(round):\(step)", content: .text(text), receivedAt: Date())
                    let before = clock.now
                    do {
                        _ = try engine.handle(message)
                    } catch {
                        failures.append(0, 1)
                    }
                    latencies.append((clock.now - before).seconds * 1000)
                    sent += 1
                }
                round += senders
            }
            results.set(sender, latencies)
            }.start()
        }
        finished.wait()
        let elapsed = (clock.now - start).seconds
        var latencies = results.all
        let sent = latencies.count
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        let requests = try engine.store.read { try $0.requests(RequestQuery()) }.count
        print("store             \(path) (WAL, synchronous=FULL, one transaction per message)")
        print(String(format: "throughput        %.0f messages/s (%d messages in %.2f s, %d concurrent senders)", Double(sent) / elapsed, sent, elapsed, senders))
        print(String(format: "latency ms        p50 %.2f  p90 %.2f  p99 %.2f  max %.2f", percentile(0.5), percentile(0.9), percentile(0.99), latencies.last ?? 0))
        print("requests opened   \(requests)")
        print("failed messages   \(failures.all.count)")
    }

}

/// Per-sender results, filled from several threads.
final class LatencyLog: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [[Double]]

    init(count: Int) { values = Array(repeating: [], count: count) }

    func set(_ index: Int, _ latencies: [Double]) {
        lock.withLock { values[index] = latencies }
    }

    func append(_ index: Int, _ value: Double) {
        lock.withLock { values[index].append(value) }
    }

    var all: [Double] { lock.withLock { values.flatMap { $0 } } }
}
