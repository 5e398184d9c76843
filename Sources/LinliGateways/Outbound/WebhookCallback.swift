import Foundation

/// Posts later messages of the generic JSON channel to the configured callback URL:
/// `{"user_id":…,"text":…}`, signed with `X-Linli-Signature: sha256=HEX` like inbound calls.
public struct WebhookCallback: Sendable {
    /// Where to post and what to sign with.
    public struct Configuration: Sendable, Equatable {
        /// The callback URL (`webhook.callback_url`).
        public var url: URL
        /// The shared HMAC secret (`webhook.secret`); never logged.
        public var secret: String

        /// Creates a configuration.
        public init(url: URL, secret: String) {
            self.url = url
            self.secret = secret
        }
    }

    /// The configuration.
    public let configuration: Configuration
    private let signer: Webhook.Signer
    private let httpClient: any HTTPClient

    /// Creates a sender.
    ///
    /// - Throws: ``GatewayError/Code/invalidConfiguration`` when the secret is empty (an
    ///   empty HMAC key would let anyone forge our callbacks).
    public init(configuration: Configuration, httpClient: any HTTPClient) throws(GatewayError) {
        self.configuration = configuration
        self.signer = try Webhook.Signer(secret: configuration.secret)
        self.httpClient = httpClient
    }

    /// The signed `POST` for `text` to the caller's user `userID` (without the `webhook:` prefix).
    public func request(_ text: String, to userID: String) -> HTTPRequest {
        let body = Data(Webhook.encodeCallback(userID: userID, text: text).utf8)
        return HTTPRequest(method: .post, url: configuration.url, headers: [
            "Content-Type": "application/json; charset=utf-8",
            Webhook.signatureHeader: signer.signature(for: body),
        ], body: body)
    }

    /// Posts `text` for `userID` and returns the receiver's answer.
    ///
    /// - Throws: the transport's error when no answer came.
    public func send(_ text: String, to userID: String) async throws -> HTTPResponse {
        try await httpClient.send(request(text, to: userID))
    }
}

extension WebhookCallback.Configuration: CustomStringConvertible {
    /// The callback host; the secret and the URL's path and query are left out.
    public var description: String {
        "WebhookCallback.Configuration(url: \(url.scheme ?? "")://\(url.host ?? ""), secret: redacted)"
    }
}
