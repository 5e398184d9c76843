import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// ``HTTPClient`` over Foundation's `URLSession` (libcurl on Linux), with certificate
/// validation left on and no cookies or cache.
public struct URLSessionHTTPClient: HTTPClient {
    /// How long a request may take before it fails with a timeout, in whole seconds.
    public let timeout: Duration
    private let seconds: TimeInterval
    private let session: URLSession

    /// Creates a client whose requests give up after `timeout`, rounded up to whole seconds.
    ///
    /// The platforms answer in well under a second; a bounded wait keeps one slow call from
    /// stalling the delivery loop and graceful shutdown behind it. The rounding is because
    /// Foundation on Linux truncates the interval to whole seconds, so 0.5 s would become an
    /// immediate timeout on every request.
    public init(timeout: Duration = .seconds(10)) {
        let whole = timeout.components.seconds + (timeout.components.attoseconds > 0 ? 1 : 0)
        let seconds = TimeInterval(max(whole, 1))
        self.timeout = .seconds(seconds)
        self.seconds = seconds
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = seconds
        configuration.timeoutIntervalForResource = seconds
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    /// Sends `request`; any status comes back as a response, and transport failures
    /// (refused, timed out, TLS) throw `URLError`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method.rawValue
        urlRequest.timeoutInterval = seconds
        for (name, value) in request.headers {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        if request.method != .get {
            urlRequest.httpBody = request.body
        }
        let (data, response) = try await session.data(for: urlRequest)
        guard let http = response as? HTTPURLResponse else {
            throw URLError(.badServerResponse)
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String {
                headers[name] = value
            }
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data)
    }
}
