/// Sends HTTP requests for the outbound APIs.
///
/// The seam between the API clients and the network: production uses
/// ``URLSessionHTTPClient``; tests plug in a client that plays the remote platform.
public protocol HTTPClient: Sendable {
    /// Sends `request` and returns the answer, whatever its status; throws only when no
    /// answer arrived (connection refused, timeout, TLS failure).
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
