import Foundation
import Synchronization
import HummingbirdTesting
import LinliCore
@testable import LinliServer
import Testing

@Suite("live HTTP on 127.0.0.1")
struct LiveServerTests {
    @Test("over a real socket: healthz, a signed webhook message, an oversized body refused, the bound port reported")
    func live() async throws {
        var harness = try Harness()
        let reported = SharedPort()
        harness.configuration.port = 0
        harness.configuration.onServerRunning = { host, port in reported.set(host: host, port: port) }
        let observed = harness
        try await buildApplication(harness.configuration).test(.live) { client in
            #expect(try await client.get("/healthz").status == .ok)
            let body = WebhookRouteTests.body(id: "live-1")
            let reply = try await client.post("/webhook", body: body, headers: try Wire.signed(body))
            #expect(reply.status == .ok)
            #expect(reply.text.contains("#1"))
            let huge = String(repeating: "x", count: 70 * 1024)
            let refused = try await client.post("/webhook", body: huge, headers: try Wire.signed(huge))
            #expect(refused.status == .contentTooLarge)
            let port = try #require(reported.port)
            #expect(port > 0)
            #expect(reported.host == "127.0.0.1")
            #expect(try observed.requests().count == 1)
        }
    }
}

/// The address the server reported once it listened.
final class SharedPort: Sendable {
    private let state = Mutex<(host: String, port: Int)?>(nil)

    func set(host: String, port: Int) { state.withLock { $0 = (host, port) } }
    var port: Int? { state.withLock { $0?.port } }
    var host: String? { state.withLock { $0?.host } }
}

@Suite("live HTTP: slow clients")
struct SlowClientTests {
    @Test("a connection that stops halfway through its headers is closed after the idle timeout")
    func halfSentHeadersAreClosed() async throws {
        var harness = try Harness()
        let reported = SharedPort()
        harness.configuration.port = 0
        harness.configuration.idleTimeout = .milliseconds(300)
        harness.configuration.onServerRunning = { host, port in reported.set(host: host, port: port) }
        try await buildApplication(harness.configuration).test(.live) { _ in
            let port = try #require(reported.port)
            let socket = try LoopbackSocket(port: port)
            defer { socket.close() }
            try socket.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: ")
            // The server closes the connection: the read ends (0 bytes) rather than timing
            // out after 10 s, which is what a server without an idle timeout gives.
            let received = try socket.readUntilClosed(timeout: 10)
            #expect(received == .closed)
        }
    }
}
