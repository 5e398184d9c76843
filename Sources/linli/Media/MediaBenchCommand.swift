import ArgumentParser
import Foundation
import LinliCore
import LinliGateways
import LinliServer
import LinliSQLite

/// `linli media bench`: photo messages through the engine (each queues its download), then
/// the real download path (`MediaService`, `Courier.fetchMedia`, the checks, the SQLite
/// store) against WeChat's media API played inside the process; throughput and peak RSS.
struct MediaBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark media downloads: photo messages fetched and stored on a SQLite file.",
        discussion: "Uses a fresh database file in a temporary directory. Build with -c release."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "How many photo messages.")
    var photos = 1000

    @Option(help: "Bytes per photo.")
    var bytes = 1_048_576

    @Option(help: "Milliseconds the fake API takes per download, as a network would.")
    var latency = 0

    func validate() throws {
        guard photos > 0 else { throw ValidationError("--photos must be positive") }
        guard bytes >= 1024 else { throw ValidationError("--bytes must be at least 1024") }
        guard latency >= 0 else { throw ValidationError("--latency must not be negative") }
    }

    func run() async throws {
        var settings = try options.settings()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-media-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
        settings.databaseURL = "sqlite::memory:"
        settings.grids = [Directory.Grid(id: "g1", name: "bench", communities: ["bench"], workers: ["repl:bench-worker"])]
        settings.staff = [Directory.Staff(id: "repl:bench-worker", name: "worker", role: .gridWorker, grids: ["g1"])]
        let runtime = try Runtime.make(settings, label: "linli.media.bench")
        let engine = Engine(nlu: runtime.engine.nlu, responses: runtime.engine.responses, directory: runtime.engine.directory,
                            store: store, configuration: runtime.engine.configuration, logger: runtime.logger)

        // One resident per 20 photos, each with a report (a request, or a form asking where)
        // that the photos join: the words of the catalog's own examples.
        let residents = (photos + 19) / 20
        let reports = engine.nlu.catalog.intents.filter { $0.opensRequest && !$0.examples.isEmpty }.flatMap(\.examples)
        guard !reports.isEmpty else { throw ValidationError("the intents have no examples of reports") }
        let queued = try ContinuousClock().measure {
            for index in 0..<photos {
                let user = try UserID("wechat:bench-\(index % residents)")
                if index < residents {
                    _ = try engine.handle(InboundMessage(userID: user, messageID: "open-\(index)",
                                                         content: .text(reports[index % reports.count]), receivedAt: Date()))
                }
                _ = try engine.handle(InboundMessage(userID: user, messageID: "photo-\(index)",
                                                     content: .media(InboundMedia(kind: .image, mediaID: "bench-media-\(index)")),
                                                     receivedAt: Date()))
            }
        }
        print("handled \(photos) photo messages (\(residents) residents' reports) in \(String(format: "%.2f s", queued.seconds))")

        let platform = MediaBenchPlatform(size: bytes, latency: .milliseconds(latency))
        let courier = Courier(httpClient: platform, wechat: .init(appID: "bench", appSecret: "bench", apiBase: URL(string: "http://bench.invalid")!),
                              wecom: nil, webhook: nil, logger: runtime.logger)
        let service = MediaService(store: store, courier: courier,
                                   configuration: .init(maxBytes: max(bytes, 25 * 1024 * 1024), inFlight: 4, dailyQuota: nil),
                                   logger: runtime.logger)
        let before = Self.peakRSS()
        var fetched = 0
        let downloading = try await ContinuousClock().measure {
            fetched = try await service.drain()
        }
        // Every download must have ended stored, whatever the timings say: each photo's
        // attachment, as the turn wrote it, has its job.
        let image = engine.responses.render(.attachmentImageName)
        let attachments = (0..<photos).map { engine.responses.render(.attachmentMedia, ["what": image, "ref": "bench-media-\($0)"]) }
        let stored = try store.read { tx in try tx.mediaJobs(attachments: attachments).values.filter { $0.state == .stored }.count }
        let seconds = downloading.seconds
        let megabytes = Double(fetched) * Double(bytes) / 1_048_576
        print("downloaded and stored \(fetched) photos of \(bytes) bytes, 4 in flight, latency \(latency) ms, in \(String(format: "%.2f s", seconds))")
        print("stored: \(stored) of \(photos)")
        print(String(format: "throughput: %.1f photos/s, %.1f MB/s", Double(fetched) / seconds, megabytes / seconds))
        print("peak RSS: \(before / 1024) MB before downloading, \(Self.peakRSS() / 1024) MB after; resident now \(Self.currentRSS() / 1024) MB")
    }

    /// The process's resident set now, in KiB (`/proc/self/statm` on Linux; 0 elsewhere).
    static func currentRSS() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
    }

    /// The process's peak resident set so far, in KiB (`getrusage`; bytes on macOS).
    static func peakRSS() -> Int {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Int(usage.ru_maxrss)
    }
}
