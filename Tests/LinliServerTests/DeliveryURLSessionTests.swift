import Foundation
import HTTPTypes
import Hummingbird
import LinliCore
import LinliGateways
import LinliServer
import LinliSQLite
import Logging
import NIOCore
import ServiceLifecycle
import Testing

/// `URLSessionHTTPClient` against a real HTTP server on 127.0.0.1 that plays the WeChat API.
@Suite("Delivery over URLSession")
struct DeliveryURLSessionTests {
    static var quietLogger: Logger {
        var logger = Logger(label: "linli.delivery.urlsession.test")
        logger.logLevel = .critical
        return logger
    }

    /// What the local platform received.
    final class Received: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    /// A small WeChat API: token, customer-service send (checking the token), an echo and a slow route.
    static func platformRouter(_ received: Received) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/cgi-bin/token") { request, _ -> Response in
            received.append("token appid=\(request.uri.queryParameters["appid"].map(String.init) ?? "")")
            return json(#"{"access_token":"LOCAL-TOKEN","expires_in":7200}"#)
        }
        router.post("/cgi-bin/message/custom/send") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 65_536)
            guard request.uri.queryParameters["access_token"] == "LOCAL-TOKEN" else {
                return json(#"{"errcode":40001,"errmsg":"invalid credential"}"#)
            }
            received.append("send \(String(buffer: body))")
            return json(#"{"errcode":0,"errmsg":"ok"}"#)
        }
        router.post("/echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 65_536)
            let header = request.headers[HTTPField.Name("X-Test")!] ?? ""
            return Response(status: .accepted, headers: [.contentType: "text/plain", HTTPField.Name("X-Echo")!: header],
                            body: .init(byteBuffer: body))
        }
        router.get("/slow") { _, _ -> Response in
            // Long enough that a timed-out client cannot be confused with one that waited for the answer,
            // even on a loaded machine.
            try await Task.sleep(for: .seconds(4))
            return json("{}")
        }
        return router
    }

    static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Runs `body` with the port of a server for `router` listening on 127.0.0.1.
    @discardableResult
    static func withLocalServer<T: Sendable>(_ router: Router<BasicRequestContext>,
                                             _ body: @Sendable (Int) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port ?? 0)
                                  continuation.finish()
                              },
                              logger: quietLogger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: quietLogger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let result: T
            do {
                result = try await body(port)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }

    @Test func statusHeadersAndBodyMakeTheRoundTrip() async throws {
        try await Self.withLocalServer(Self.platformRouter(Received())) { port in
            let client = URLSessionHTTPClient(timeout: .seconds(5))
            let request = LinliGateways.HTTPRequest(method: .post, url: URL(string: "http://127.0.0.1:\(port)/echo")!,
                                                    headers: ["X-Test": "sha256=abc"], body: Data("你好 body".utf8))
            let response = try await client.send(request)
            #expect(response.status == 202)
            #expect(String(decoding: response.body, as: UTF8.self) == "你好 body")
            #expect(response.headers.first { $0.key.lowercased() == "x-echo" }?.value == "sha256=abc")

            let missing = try await client.send(.init(method: .get, url: URL(string: "http://127.0.0.1:\(port)/nothing")!))
            #expect(missing.status == 404)
        }
    }

    @Test func aSlowServerTimesOutWithinTheLimit() async throws {
        try await Self.withLocalServer(Self.platformRouter(Received())) { port in
            // Below a second rounds up: Foundation on Linux would truncate it to an instant timeout.
            let client = URLSessionHTTPClient(timeout: .milliseconds(300))
            #expect(client.timeout == .seconds(1))
            let started = ContinuousClock.now
            let error = try await #require(throws: URLError.self) {
                try await client.send(.init(method: .get, url: URL(string: "http://127.0.0.1:\(port)/slow")!))
            }
            #expect(error.code == .timedOut)
            let waited = ContinuousClock.now - started
            // Not instant (a truncated timeout) and well before the server's answer at 4 s. The upper bound is loose
            // because a loaded CI machine can be late by several hundred milliseconds.
            #expect(waited >= .milliseconds(900) && waited < .seconds(3), "waited \(waited)")
        }
    }

    @Test func anOutboxRowTravelsToTheLocalPlatform() async throws {
        let received = Received()
        try await Self.withLocalServer(Self.platformRouter(received)) { port in
            let store = try SQLiteStore(url: "sqlite::memory:")
            try store.write { tx in
                try tx.enqueue(OutboundMessage(recipient: "wechat:oAlice", text: "您的工单 #3 已办结"), at: Date())
            }
            let courier = Courier(
                httpClient: URLSessionHTTPClient(timeout: .seconds(5)),
                wechat: .init(appID: "wx-local", appSecret: "local-secret", apiBase: URL(string: "http://127.0.0.1:\(port)")!),
                wecom: nil, webhook: nil, logger: Self.quietLogger)
            let service = DeliveryService(store: store, courier: courier, logger: Self.quietLogger)
            #expect(try await service.drainOnce() == 1)
            #expect(try store.claimOutbox(limit: 10).isEmpty)
            #expect(received.all == [
                "token appid=wx-local",
                #"send {"touser":"oAlice","msgtype":"text","text":{"content":"您的工单 #3 已办结"}}"#,
            ])
        }
    }

    @Test func aRefusedConnectionIsARetry() async throws {
        // Bind and release a port so that nothing listens on it.
        let port = try await Self.withLocalServer(Self.platformRouter(Received())) { $0 }
        let courier = Courier(
            httpClient: URLSessionHTTPClient(timeout: .seconds(2)),
            wechat: .init(appID: "wx-local", appSecret: "local-secret", apiBase: URL(string: "http://127.0.0.1:\(port)")!),
            wecom: nil, webhook: nil, logger: Self.quietLogger)
        let outcome = await courier.send(OutboundMessage(recipient: "wechat:oAlice", text: "hi"))
        guard case .retry(let reason) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("access token: "))
        #expect(!reason.contains("local-secret"))
    }
}
