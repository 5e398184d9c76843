import Foundation

/// One outbound HTTP request, as the API clients build it and an ``HTTPClient`` sends it.
public struct HTTPRequest: Sendable, Equatable {
    /// The methods the outbound APIs use.
    public enum Method: String, Sendable, Equatable {
        /// `GET`, for the token endpoints.
        case get = "GET"
        /// `POST`, for message sends and webhook callbacks.
        case post = "POST"
    }

    /// The method.
    public var method: Method
    /// The full URL; for the Tencent APIs its query carries secrets or the access token.
    public var url: URL
    /// Header fields by name.
    public var headers: [String: String]
    /// The body, empty for `GET`.
    public var body: Data

    /// Creates a request.
    public init(method: Method, url: URL, headers: [String: String] = [:], body: Data = Data()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

extension HTTPRequest: CustomStringConvertible {
    /// Method, host and path only: the query of a Tencent API URL holds the app secret or the
    /// access token, so it must not reach a log through string interpolation.
    public var description: String {
        "\(method.rawValue) \(url.host ?? "")\(url.path)"
    }
}
