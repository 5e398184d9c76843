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
            print("邻里 REPL — 以 \(session.user) 的身份聊天。:as 用户 切换身份，:debug 显示识别结果，:tickets 查看工单，:quit 退出。")
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

    init(engine: Engine, user: String, menu: [String: String]) {
        self.engine = engine
        self.user = user
        self.menu = menu
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
        let message = InboundMessage(userID: try UserID(user), messageID: "repl:\(UUID().uuidString)", content: .text(line), receivedAt: Date())
        let handled = try engine.handle(message)
        for reply in handled.replies { print("邻里> \(reply)") }
        try deliverOutbox()
        return true
    }

    /// Shows what would be sent to other users, and marks it delivered.
    private func deliverOutbox() throws {
        for entry in try engine.store.claimOutbox(limit: 100) {
            print("  → 发给 \(entry.message.recipient)：\(entry.message.text)")
            try engine.store.recordDelivery(id: entry.id, state: .delivered, error: nil)
        }
    }

    private mutating func command(_ line: String) throws -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        switch parts[0] {
        case ":quit", ":q", ":exit":
            return false
        case ":as":
            guard parts.count == 2 else { print("用法：:as 用户名（如 :as wang 或 :as wechat:openid）"); return true }
            let candidate = ReplCommand.qualified(parts[1].trimmingCharacters(in: .whitespaces))
            do {
                user = try UserID(candidate).rawValue
            } catch {
                print("无法切换：\(error.message)")
                return true
            }
            let role = engine.directory.member(user).map { "工作人员 \($0.name)" } ?? "居民"
            print("现在以 \(user)（\(role)）的身份聊天。")
        case ":debug":
            debug.toggle()
            print("debug \(debug ? "开" : "关")")
        case ":tickets":
            let requests = try engine.store.read { try $0.requests(RequestQuery()) }
            if requests.isEmpty { print("（还没有工单）") }
            for r in requests {
                print("#\(r.number) \(engine.nlu.catalog.intent(r.intent)?.name ?? r.intent) \(r.status.rawValue) \(r.resident) \(engine.summary(r.slots)) \(r.claimer ?? "")")
            }
        default:
            print("未知命令 \(parts[0])。可用：:as 用户、:debug、:tickets、:quit")
        }
        return true
    }
}
