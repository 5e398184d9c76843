import ArgumentParser
import Foundation
import LinliCore

/// `linli deadlines simulate`: a test tool that plays a stretch of simulated time against the
/// configured store. At every step it hands the engine the scripted messages whose moment has
/// come, each at its own moment, and runs the deadline timer's pass, so that several of these
/// processes on one PostgreSQL database behave as several servers sharing one clock. Hidden:
/// `scripts/deadline-servers-test` runs it; offices have no use for it.
struct DeadlinesSimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Play simulated time: scripted messages and a timer pass every step (test tool).",
        discussion: """
            --messages names a file of JSON lines {"at": ISO, "user": "channel:id", "id": message id, "text": …}, \
            in the order they are to be handled. Each is handled with its own moment as the time received; \
            its message id makes it handled once however many processes play the same file. Before each \
            message and at each step the timer's pass runs at that moment. One line per step on standard output.
            """,
        shouldDisplay: false
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "First simulated moment (2026-09-21T00:00:00+08:00).")
    var from: String

    @Option(help: "Last simulated moment.")
    var until: String

    @Option(help: "Simulated time between steps, in wall-clock units (10m, 1h).")
    var step = "10m"

    @Option(help: "Real milliseconds to sleep after each step, so that a kill lands mid-run.")
    var paceMs = 0

    @Option(help: "Scripted messages (JSON lines).")
    var messages: String?

    /// One scripted message.
    struct Scripted: Decodable {
        var at: Date
        var user: String
        var id: String
        var text: String
    }

    func validate() throws {
        guard Self.moment(from) != nil, Self.moment(until) != nil else {
            throw ValidationError("--from and --until must be ISO 8601 moments with a zone (2026-09-21T00:00:00+08:00)")
        }
        guard (try? stepSeconds()) != nil else { throw ValidationError("--step must be a wall-clock limit such as 10m or 1h") }
        guard paceMs >= 0 else { throw ValidationError("--pace-ms must not be negative") }
    }

    func run() throws {
        let runtime = try Runtime.make(try options.settings(), label: "linli.deadlines.simulate")
        let engine = runtime.engine
        let start = Self.moment(from)!, end = Self.moment(until)!, interval = try stepSeconds()
        var script = try loadScript()[...]
        var now = start
        while now <= end {
            var handled = 0, pass = Escalation.Pass()
            while let next = script.first, next.at <= now {
                script.removeFirst()
                // The timer runs up to the message's moment first, as a live server's would have.
                add(try Escalation.runPass(engine: engine, now: next.at), to: &pass)
                let message = InboundMessage(userID: try UserID(next.user), messageID: next.id, content: .text(next.text),
                                             receivedAt: next.at)
                _ = try engine.handle(message)
                handled += 1
            }
            add(try Escalation.runPass(engine: engine, now: now), to: &pass)
            // Written at once, not buffered: the test counts steps while the process runs.
            FileHandle.standardOutput.write(Data("\(Self.format(now)) messages \(handled) requests \(pass.requests) steps \(pass.steps)\n".utf8))
            if paceMs > 0 { Thread.sleep(forTimeInterval: Double(paceMs) / 1000) }
            now = now.addingTimeInterval(interval)
        }
    }

    private func add(_ part: Escalation.Pass, to pass: inout Escalation.Pass) {
        pass.requests += part.requests
        pass.steps += part.steps
    }

    /// The scripted messages, in file order.
    private func loadScript() throws -> [Scripted] {
        guard let messages else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Self.moment(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 moment: \(text)"))
            }
            return date
        }
        let text = try String(contentsOfFile: messages, encoding: .utf8)
        return try text.split(whereSeparator: \.isNewline).map { try decoder.decode(Scripted.self, from: Data($0.utf8)) }
    }

    /// `--step` in seconds; working-time units have no fixed length and are refused.
    private func stepSeconds() throws -> TimeInterval {
        let limit = try TimeLimit(parsing: step)
        switch limit.unit {
        case .minutes: return Double(limit.amount) * 60
        case .hours: return Double(limit.amount) * 3_600
        case .days: return Double(limit.amount) * 86_400
        case .workingHours, .workingDays: throw ValidationError("--step must be in wall-clock units")
        }
    }

    private static func moment(_ text: String) -> Date? {
        ISO8601DateFormatter().date(from: text)
    }

    private static func format(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
