import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LinliGateways
import Logging

/// Plays Tencent's API servers and a webhook receiver behind the `HTTPClient` seam: records
/// every request and answers the way the platforms do. Token endpoints issue `TOKEN-1`,
/// `TOKEN-2`, …, each fetch making the earlier tokens invalid (as `/cgi-bin/token` does), and
/// send endpoints answer 40001 to a token that is not the latest. Scripted answers for a path
/// are used first, in order.
final class OutboundFakePlatform: HTTPClient, @unchecked Sendable {
    /// A scripted answer.
    enum Answer {
        /// HTTP 200 with this JSON body.
        case json(String)
        /// This status with this body.
        case status(Int, String)
        /// No answer: the transport fails with this code.
        case transportFailure(URLError.Code)
    }

    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []
    private var scripts: [String: [Answer]] = [:]
    private var issued = 0
    private var validToken: String?
    let expiresIn: Int

    init(expiresIn: Int = 7200) {
        self.expiresIn = expiresIn
    }

    /// Answers the next requests to `path` with `answers`, in order, before the default behaviour.
    func script(_ path: String, _ answers: Answer...) {
        lock.withLock { scripts[path, default: []].append(contentsOf: answers) }
    }

    /// Makes the platform forget the current token, as an early expiry or another fetcher would.
    func revokeTokens() {
        lock.withLock { validToken = nil }
    }

    /// Every request so far, in order.
    var requests: [HTTPRequest] { lock.withLock { recorded } }

    /// The requests whose path is `path`.
    func requests(to path: String) -> [HTTPRequest] { requests.filter { $0.url.path.hasSuffix(path) } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let answer: Answer? = lock.withLock {
            recorded.append(request)
            let path = request.url.path
            guard var queue = scripts[path], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            scripts[path] = queue
            return first
        }
        switch answer {
        case .json(let body)?:
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
        case .status(let status, let body)?:
            return HTTPResponse(status: status, body: Data(body.utf8))
        case .transportFailure(let code)?:
            throw URLError(code, userInfo: [NSURLErrorFailingURLStringErrorKey: request.url.absoluteString])
        case nil:
            return defaultAnswer(request)
        }
    }

    private func defaultAnswer(_ request: HTTPRequest) -> HTTPResponse {
        let path = request.url.path
        if path.hasSuffix("/cgi-bin/token") || path.hasSuffix("/cgi-bin/gettoken") {
            let token: String = lock.withLock {
                issued += 1
                validToken = "TOKEN-\(issued)"
                return validToken!
            }
            return json("{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"\(token)\",\"expires_in\":\(expiresIn)}")
        }
        if path.hasSuffix("/cgi-bin/message/custom/send") || path.hasSuffix("/cgi-bin/message/send") {
            let token = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?
                .queryItems?.first { $0.name == "access_token" }?.value
            let valid = lock.withLock { token != nil && token == validToken }
            return valid ? json("{\"errcode\":0,\"errmsg\":\"ok\"}")
                         : json("{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is invalid or not latest rid: 1\"}")
        }
        return HTTPResponse(status: 200, body: Data("{}".utf8))
    }

    private func json(_ body: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }
}

/// Keeps every log record, at every level, so tests can look for leaks.
final class OutboundLogRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var all: [String] { lock.withLock { lines } }

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    /// A logger at trace level that writes here.
    func logger() -> Logger {
        var logger = Logger(label: "linli.outbound.test") { _ in Handler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let recorder: OutboundLogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            recorder.append("\(event.level) \(event.message) \(merged)")
        }
    }
}
