import Foundation

/// Posts later messages of the generic JSON channel to the configured callback URL:
/// `{"user_id":…,"text":…}`, signed like inbound calls: `X-Linli-Timestamp` and
/// `X-Linli-Signature: sha256=HEX` over `TIMESTAMP.BODY` (the body alone in legacy mode).
public struct WebhookCallback: Sendable {
    /// Where to post and what to sign with.
    public struct Configuration: Sendable, Equatable {
        /// The callback URL (`webhook.callback_url`).
        public var url: URL
        /// The shared HMAC secret (`webhook.secret`); never logged.
        public var secret: String
        /// Sign the body alone, without a timestamp (`webhook.legacy_signature`).
        public var legacySignature: Bool

        /// Creates a configuration.
        public init(url: URL, secret: String, legacySignature: Bool = false) {
            self.url = url
            self.secret = secret
            self.legacySignature = legacySignature
        }
    }

    /// The configuration.
    public let configuration: Configuration
    private let signer: Webhook.Signer
    private let httpClient: any HTTPClient
    private let now: @Sendable () -> Date

    /// Creates a sender whose signatures carry the time `now` tells.
    ///
    /// - Throws: ``GatewayError/Code/invalidConfiguration`` when the secret is empty (an
    ///   empty HMAC key would let anyone forge our callbacks).
    public init(
        configuration: Configuration, httpClient: any HTTPClient, now: @escaping @Sendable () -> Date = { Date() }
    ) throws(GatewayError) {
        self.configuration = configuration
        self.signer = try Webhook.Signer(secret: configuration.secret, legacy: configuration.legacySignature)
        self.httpClient = httpClient
        self.now = now
    }

    /// The signed `POST` for `text` to the caller's user `userID` (without the `webhook:` prefix).
    public func request(_ text: String, to userID: String) -> HTTPRequest {
        let body = Data(Webhook.encodeCallback(userID: userID, text: text).utf8)
        var headers = signer.headers(for: body, now: now())
        headers["Content-Type"] = "application/json; charset=utf-8"
        return HTTPRequest(method: .post, url: configuration.url, headers: headers, body: body)
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
        "WebhookCallback.Configuration(url: \(url.scheme ?? "")://\(url.host ?? ""), secret: redacted, legacySignature: \(legacySignature))"
    }
}
