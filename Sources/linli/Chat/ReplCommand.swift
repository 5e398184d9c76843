import ArgumentParser
import Foundation
import LinliCore
import LinliNLU

/// `linli repl`: chat with linli in the terminal, as residents and staff, on the same engine
/// and store as the server. The REPL is a channel: each line is an `InboundMessage`.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Chat with linli in the terminal (reads piped standard input too).",
        discussion: ":as USER switches who is talking, :debug shows intent/confidence/slots, :tickets lists requests, :quit ends."
    )

    @OptionGroup var options: GlobalOptions

    @Option(name: .customLong("as"), help: "Who is talking: a name (repl:NAME) or a channel-qualified id.")
    var user = "resident"

    func run() throws {
        let runtime = try Runtime.make(try options.settings(), label: "linli.repl")
        var session = ReplSession(engine: runtime.engine, user: Self.qualified(user), menu: runtime.settings.menu)
        let terminal = LineReader.isTerminal
        if terminal {
            print(session.say(.replBanner, ["user": session.user]))
        }
        let reader = LineReader()
        while let line = reader.read(prompt: "\(session.user)> ") {
            if !terminal { print("\(session.user)> \(line)") }
            if try !session.handle(line) { break }
        }
    }

    static func qualified(_ user: String) -> String {
        user.contains(":") ? user : "repl:\(user)"
    }
}

/// The REPL's state and its handling of one line, apart from terminal input.
struct ReplSession {
    let engine: Engine
    var user: String
    var debug = false
    let menu: [String: String]
    private var counter = 0
    /// How far `:clock` has moved the REPL's clock ahead of the real one.
    private(set) var clockOffset: TimeInterval = 0

    /// The REPL's now: every message's `receivedAt` and every moment it passes to the engine.
    var now: Date { Date().addingTimeInterval(clockOffset) }

    init(engine: Engine, user: String, menu: [String: String]) {
        self.engine = engine
        self.user = user
        self.menu = menu
    }

    /// What the terminal says around the conversation, from `responses/`.
    func say(_ key: ResponseKey, _ values: [String: Any] = [:]) -> String {
        engine.responses.render(key, values)
    }

    /// Handles one line; false when the session ends.
    mutating func handle(_ raw: String) throws -> Bool {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line.isEmpty { return true }
        if line.hasPrefix(":") { return try command(line) }
        if debug {
            let u = engine.nlu.parse(line)
            let slots = u.slots.keys.sorted().map { "\($0)=\(u.slots[$0]!)" }.joined(separator: " ")
            print("  [\(u.intent) \(String(format: "%.2f", u.confidence))\(slots.isEmpty ? "" : " " + slots)]")
        }
        counter += 1
        let message = InboundMessage(userID: try UserID(user), messageID: "repl:\(UUID().uuidString)", content: .text(line), receivedAt: now)
        let handled = try engine.handle(message)
        for reply in handled.replies { print(say(.replReply, ["text": reply])) }
        try deliverOutbox()
        return true
    }

    /// Shows what would be sent to other users, and marks it delivered.
    private func deliverOutbox() throws {
        for entry in try engine.store.claimOutbox(limit: 100) {
            // Indented under the reply; templates are trimmed when rendered.
            print("  " + say(.replSent, ["recipient": entry.message.recipient, "text": entry.message.text]))
            try engine.store.recordDelivery(id: entry.id, state: .delivered, error: nil)
        }
    }

    /// Seconds in `+2d`, `+3h` or `+30m` (a wall-clock `TimeLimit` after a `+`); nil for anything else.
    func clockStep(_ text: String) -> TimeInterval? {
        guard text.first == "+", let step = try? TimeLimit(parsing: String(text.dropFirst())), !step.unit.isWorking else { return nil }
        let from = now
        return engine.configuration.deadlines.calendar.adding(step, to: from).timeIntervalSince(from)
    }

    /// Does what a server's deadline timer would have done by the REPL's `now`: every due
    /// reminder and escalation step, and the street's digest once its time of day has come.
    private func runTimerPass() throws {
        _ = try Escalation.runPass(engine: engine, now: now)
        try Escalation.sendStreetDigest(engine: engine, now: now)
    }

    private mutating func command(_ line: String) throws -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        switch parts[0] {
        case ":quit", ":q", ":exit":
            return false
        case ":as":
            guard parts.count == 2 else { print(say(.replAsUsage)); return true }
            let candidate = ReplCommand.qualified(parts[1].trimmingCharacters(in: .whitespaces))
            do {
                user = try UserID(candidate).rawValue
            } catch {
                print(say(.replAsFailed, ["error": error.message]))
                return true
            }
            if let member = engine.directory.member(user) {
                print(say(.replAsStaff, ["user": user, "name": member.name]))
            } else {
                print(say(.replAsResident, ["user": user]))
            }
        case ":clock":
            guard parts.count == 2, let seconds = clockStep(parts[1].trimmingCharacters(in: .whitespaces)) else {
                print(say(.replClockUsage)); return true
            }
            clockOffset += seconds
            print(say(.replClock, ["time": engine.shortTime(now)]))
            try runTimerPass()
            try deliverOutbox()
        case ":debug":
            debug.toggle()
            print(say(debug ? .replDebugOn : .replDebugOff))
        case ":tickets":
            let requests = try engine.store.read { try $0.requests(RequestQuery()) }
            if requests.isEmpty { print(say(.replNoTickets)) }
            for r in requests {
                print("#\(r.number) \(engine.nlu.catalog.intent(r.intent)?.name ?? r.intent) \(engine.officeStatusName(r.status)) \(r.resident) \(engine.summary(r.slots)) \(r.claimer.map(engine.targetName) ?? "")")
            }
        default:
            print(say(.replUnknownCommand, ["command": parts[0]]))
        }
        return true
    }
}
