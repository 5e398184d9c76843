import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import LinliCore
import LinliGateways
import LinliNLU
@testable import LinliServer
@testable import LinliSQLite
import Logging
import NIOCore
import Synchronization
import Testing

/// The server on the real engine over an in-memory SQLite store, the repo's intents/ and
/// responses/, a small directory, and a clock the test sets.
struct Harness {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory: Directory = try! Directory(
        staff: [
            .init(id: "wechat:worker-openid", name: "王网格员", role: .gridWorker, grids: ["g1"]),
            .init(id: "wechat:admin-openid", name: "社区办公室", role: .admin),
        ],
        grids: [.init(id: "g1", name: "东关第一网格", communities: ["凤鸣小区", "东关社区"], workers: ["wechat:worker-openid"])])
    static let nlu: NLU = try! NLU(
        catalog: IntentCatalog.load(from: root.appendingPathComponent("intents")),
        configuration: .init(communities: directory.communities))
    static let responses: Responses = try! Responses.load(from: root.appendingPathComponent("responses"))

    // The 公众号 and WeCom settings of the generated vectors S1–S5 (LinliGatewaysTests/Data/vectors.json).
    static let token = "PamToken2024"
    static let aesKey = "Pz4mQ8sV1cX7nB3kL9fH2dR6tY0wE5uI8oA3gJ7qM1v"
    static let appID = "wx5a9e3c1f0b7d2e48"
    static let corpID = "ww8f2c4a6e1b3d5f70"
    static let accountID = "gh_8a2b3c4d5e6f"
    static let webhookSecret = "webhook-test-secret"
    /// S1's timestamp: every request is signed at the harness's clock.
    static let start: Int64 = 1_714_112_445

    let store: any Store
    let sqlite: SQLiteStore
    let clock = TestTime(seconds: Harness.start)
    var configuration: Server.Configuration

    /// A harness whose WeChat endpoint is in plain mode, or safe/compatible mode with `encrypted`.
    init(encrypted: Bool = false, wrap: (SQLiteStore) -> any Store = { $0 }) throws {
        sqlite = try SQLiteStore(url: "sqlite::memory:")
        store = wrap(sqlite)
        var logger = Logger(label: "linli.server.test")
        logger.logLevel = .critical
        let engine = Engine(nlu: Self.nlu, responses: Self.responses, directory: Self.directory, store: store, logger: logger)
        let time = clock
        configuration = Server.Configuration(
            engine: engine,
            wechat: .init(token: Self.token, appID: Self.appID, encodingAESKey: encrypted ? Self.aesKey : nil),
            wecom: .init(token: Self.token, corpID: Self.corpID, encodingAESKey: Self.aesKey, agentID: 1_000_002),
            webhookSecret: Self.webhookSecret,
            menu: ["REPORT": "我要反映问题"],
            now: { time.now },
            logger: logger)
    }

    /// Runs `body` against the application through Hummingbird's router test client.
    func test<Value: Sendable>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await buildApplication(configuration).test(.router, body)
    }

    /// Rows per table of the store.
    func counts() throws -> (inbox: Int, conversations: Int, requests: Int, events: Int, outbox: Int) {
        try sqlite.counts()
    }

    /// Every request in the store.
    func requests() throws -> [ServiceRequest] {
        try sqlite.read { try $0.requests(RequestQuery()) }
    }

    /// Pending outbox messages for `recipient`.
    func outbox(for recipient: String) throws -> [String] {
        try sqlite.claimOutbox(limit: 100).filter { $0.message.recipient == recipient }.map(\.message.text)
    }
}

/// The time the server sees, set by the test.
final class TestTime: Sendable {
    private let seconds: Mutex<Int64>

    init(seconds: Int64) {
        self.seconds = Mutex(seconds)
    }

    var now: Date { Date(timeIntervalSince1970: TimeInterval(seconds.withLock { $0 })) }
    var timestamp: String { String(seconds.withLock { $0 }) }

    func advance(by delta: Int64) {
        seconds.withLock { $0 += delta }
    }
}

extension TestClientProtocol {
    /// POSTs `body` to `path?query`.
    func post(_ path: String, query: String = "", body: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: query.isEmpty ? path : "\(path)?\(query)", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// GETs `path?query`.
    func get(_ path: String, query: String = "") async throws -> TestResponse {
        try await execute(uri: query.isEmpty ? path : "\(path)?\(query)", method: .get)
    }
}

extension TestResponse {
    /// The body as UTF-8 text.
    var text: String { String(buffer: body) }
}
