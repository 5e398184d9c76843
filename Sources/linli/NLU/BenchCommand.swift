import ArgumentParser
import Foundation
import LinliNLU

/// `linli nlu bench`: single-threaded parse throughput and latency on a fixed corpus.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure single-threaded parse (classify + slots) throughput, latency percentiles and memory.",
        discussion: "Build with -c release for meaningful figures. The default corpus is every example in intents/."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "A corpus file: JSONL with a \"text\" field, or one message per line.")
    var corpus: String?

    @Option(help: "Seconds to run the throughput phase.")
    var seconds: Double = 3

    @Option(help: "Messages timed one by one for the latency percentiles.")
    var samples = 200_000

    func run() throws {
        let settings = try options.settings()
        let clock = ContinuousClock()
        let loadStart = clock.now
        let catalog = try IntentCatalog.load(from: URL(fileURLWithPath: settings.intentsDirectory))
        let loaded = clock.now
        let nlu = try NLU(catalog: catalog)
        let trained = clock.now
        let messages = try corpusMessages(catalog)
        guard !messages.isEmpty else { throw ValidationError("the corpus is empty") }

        // Warm-up: one pass, so caches and lazy initialisation do not count.
        var sink = 0
        for message in messages { sink &+= nlu.parse(message).slots.count }

        var parsed = 0
        let deadline = clock.now.advanced(by: .milliseconds(Int(seconds * 1000)))
        let throughputStart = clock.now
        while clock.now < deadline {
            for message in messages { sink &+= nlu.parse(message).slots.count }
            parsed += messages.count
        }
        let elapsed = (clock.now - throughputStart).seconds

        var latencies: [Double] = []
        latencies.reserveCapacity(samples)
        for index in 0..<samples {
            let message = messages[index % messages.count]
            let start = clock.now
            sink &+= nlu.parse(message).slots.count
            latencies.append((clock.now - start).seconds * 1e6)
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }

        print("corpus            \(messages.count) messages (\(corpus ?? "intents/ examples"))")
        print(String(format: "load intents      %.1f ms", (loaded - loadStart).seconds * 1000))
        print(String(format: "train classifier  %.1f ms", (trained - loaded).seconds * 1000))
        print(String(format: "throughput        %.0f messages/s (one thread, %d messages in %.2f s)", Double(parsed) / elapsed, parsed, elapsed))
        print(String(format: "latency µs        p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f",
                     percentile(0.5), percentile(0.9), percentile(0.99), percentile(0.999), latencies.last ?? 0))
        print("peak memory       \(peakResidentKiB() / 1024) MiB resident")
        if sink == 42 { print("") }  // keeps the optimiser from dropping the work
    }

    private func corpusMessages(_ catalog: IntentCatalog) throws -> [String] {
        guard let corpus else { return catalog.intents.flatMap(\.examples) }
        let text = try String(contentsOfFile: corpus, encoding: .utf8)
        return text.split(separator: "\n").map { line in
            if line.hasPrefix("{"), let data = line.data(using: .utf8),
               let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               let text = object["text"] as? String {
                return text
            }
            return String(line)
        }
    }

    private func peakResidentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}
