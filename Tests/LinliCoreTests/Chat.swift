import Foundation
import LinliCore
import LinliNLU
import LinliSQLite
import Logging
import Testing

/// A conversation test harness: the real engine on an in-memory SQLite store, a clock the
/// test moves, and the outbox read as what each user received.
final class Chat {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let catalog: IntentCatalog = try! IntentCatalog.load(from: root.appendingPathComponent("intents"))
    static let responses: Responses = try! Responses.load(from: root.appendingPathComponent("responses"))
    static let directory: Directory = try! Directory(
        staff: [
            .init(id: "repl:wang", name: "王网格员", role: .gridWorker, grids: ["g1"]),
            .init(id: "repl:zhao", name: "赵网格员", role: .gridWorker, grids: ["g2"]),
            .init(id: "repl:li", name: "李党员", role: .partyMember, grids: ["g1"]),
            .init(id: "repl:admin", name: "社区办公室", role: .admin),
        ],
        grids: [
            .init(id: "g1", name: "东关第一网格", communities: ["凤鸣小区", "东关社区"], workers: ["repl:wang"]),
            .init(id: "g2", name: "西关第二网格", communities: ["西关社区", "雍城小区"], workers: ["repl:zhao"]),
        ])
    static let nlu: NLU = try! NLU(catalog: catalog, configuration: .init(communities: directory.communities))

    let store: any Store
    let engine: Engine
    var now = Date(timeIntervalSince1970: 1_790_000_000)
    private var counter = 0
    /// Everything delivered so far, by recipient.
    private(set) var received: [String: [String]] = [:]

    /// A chat on `store` (a fresh in-memory one by default) with `directory`, whose grids
    /// must be those of `Chat.directory` because the NLU knows their communities, and the
    /// shipped data unless a test gives its own `nlu` or `responses`.
    init(store: (any Store)? = nil, now: Date? = nil, directory: Directory = Chat.directory,
         nlu: NLU = Chat.nlu, responses: Responses = Chat.responses, configuration: Engine.Configuration = .init()) throws {
        if let now { self.now = now }
        self.store = try store ?? SQLiteStore(url: "sqlite::memory:")
        engine = Engine(nlu: nlu, responses: responses, directory: directory, store: self.store,
                        configuration: configuration, logger: Logger(label: "test"))
    }

    /// Runs `load` on a copy of the shipped `folder` (intents, responses) after `edit`
    /// changed the copy, removed afterwards: data as a community would change it.
    static func withCopy<T>(of folder: String, edit: (URL) throws -> Void, load: (URL) throws -> T) throws -> T {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("linli-\(folder)-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: root.appendingPathComponent(folder), to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        try edit(copy)
        return try load(copy)
    }

    /// The shipped responses with `file` replaced by what `change` makes of its text.
    static func responses(changing file: String, _ change: (String) -> String) throws -> Responses {
        try withCopy(of: "responses", edit: { copy in
            let url = copy.appendingPathComponent(file)
            try change(String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        }, load: Responses.load(from:))
    }

    /// An NLU trained on the shipped intents after `edit` changed a copy of them.
    static func nlu(editingIntents edit: (URL) throws -> Void) throws -> NLU {
        try withCopy(of: "intents", edit: edit) { try NLU(catalog: IntentCatalog.load(from: $0), configuration: .init(communities: directory.communities)) }
    }

    /// `user` says `text`; returns the replies joined by newlines and checks each fragment
    /// occurs in them.
    @discardableResult
    func say(_ user: String, _ text: String, expect fragments: String..., id: String? = nil,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try handle(user, text, understood: nil, id: id, expect: fragments, sourceLocation: sourceLocation)
    }

    /// `user` says `text` and the NLU is taken to understand it as `understanding` (made up
    /// by the test, for a case the trained classifier need not produce today).
    @discardableResult
    func say(_ user: String, _ text: String, understood understanding: Understanding, expect fragments: String...,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try handle(user, text, understood: understanding, id: nil, expect: fragments, sourceLocation: sourceLocation)
    }

    private func handle(_ user: String, _ text: String, understood: Understanding?, id: String?, expect fragments: [String],
                        sourceLocation: SourceLocation) throws -> String {
        counter += 1
        now = now.addingTimeInterval(30)
        let message = InboundMessage(userID: try UserID(user), messageID: id ?? "test:\(counter)", content: .text(text), receivedAt: now)
        let handled = try understood.map { try engine.handle(message, understanding: $0) } ?? engine.handle(message)
        let replies = handled.replies.joined(separator: "\n")
        for fragment in fragments {
            #expect(replies.contains(fragment), "replies to '\(text)' lack '\(fragment)': \(replies)", sourceLocation: sourceLocation)
        }
        try deliver()
        return replies
    }

    /// Sends a non-text message.
    @discardableResult
    func send(_ user: String, _ content: InboundMessage.Content) throws -> String {
        counter += 1
        now = now.addingTimeInterval(30)
        let replies = try engine.handle(InboundMessage(userID: try UserID(user), messageID: "test:\(counter)", content: content, receivedAt: now))
        try deliver()
        return replies.replies.joined(separator: "\n")
    }

    /// Takes everything pending from the outbox into `received`.
    func deliver() throws {
        for entry in try store.claimOutbox(limit: 1000) {
            received[entry.message.recipient, default: []].append(entry.message.text)
            try store.recordDelivery(id: entry.id, state: .delivered, error: nil)
        }
    }

    /// What `user` received last, or "".
    func last(_ user: String) -> String { received[user]?.last ?? "" }

    /// Everything `user` received, in order.
    func all(_ user: String) -> [String] { received[user] ?? [] }

    /// The request with `number`.
    func request(_ number: Int) throws -> ServiceRequest? {
        try store.read { try $0.request(number: number) }
    }

    /// Every request.
    func requests() throws -> [ServiceRequest] {
        try store.read { try $0.requests(RequestQuery()) }
    }

    /// Runs `body` with the path of an SQLite file in a fresh temporary directory, removed
    /// afterwards: for tests that open several stores on one database, as restarts do.
    static func withDatabaseFile<T>(_ body: (String) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-chat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory.appendingPathComponent("linli.sqlite").path)
    }

    /// What the store keeps of `user`'s conversation.
    func conversation(_ user: String) throws -> Conversation? {
        try store.read { try $0.conversation(for: user) }
    }

    func advance(minutes: Double) { now = now.addingTimeInterval(minutes * 60) }
}
