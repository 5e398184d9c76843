import Foundation

/// The WeChat Official Account APIs linli calls to send later: the access token and
/// the customer-service text message.
public struct WeChatAPI: Sendable {
    /// Credentials and where the API lives.
    public struct Configuration: Sendable, Equatable {
        /// The account's AppID.
        public var appID: String
        /// The account's AppSecret; never logged.
        public var appSecret: String
        /// The API origin; paths such as `/cgi-bin/token` are appended. Changed only for tests.
        public var apiBase: URL

        /// The public API origin.
        public static let defaultAPIBase = URL(string: "https://api.weixin.qq.com")!

        /// Creates a configuration.
        public init(appID: String, appSecret: String, apiBase: URL = Self.defaultAPIBase) {
            self.appID = appID
            self.appSecret = appSecret
            self.apiBase = apiBase
        }
    }

    /// The configuration.
    public let configuration: Configuration
    private let calls: TencentAPICalls

    /// Creates a client that calls the API through `httpClient`.
    public init(configuration: Configuration, httpClient: any HTTPClient) {
        self.configuration = configuration
        self.calls = TencentAPICalls(apiBase: configuration.apiBase, httpClient: httpClient)
    }

    /// `GET /cgi-bin/token?grant_type=client_credential&appid=APPID&secret=APPSECRET`.
    public func tokenRequest() throws(GatewayError) -> HTTPRequest {
        try calls.tokenRequest(path: "/cgi-bin/token", query: [
            ("grant_type", "client_credential"),
            ("appid", configuration.appID),
            ("secret", configuration.appSecret),
        ])
    }

    /// Fetches a new access token.
    ///
    /// Each fetch invalidates the previous token (after a five-minute overlap), so call it
    /// through an ``AccessTokenCache``, never per message.
    ///
    /// - Throws: ``GatewayError`` when the platform refused or answered nonsense (see
    ///   `AccessToken.decode`); the transport's error when no answer came.
    public func fetchToken() async throws -> AccessToken {
        try await calls.fetchToken(try tokenRequest())
    }

    /// `POST /cgi-bin/message/custom/send?access_token=TOKEN` with
    /// `{"touser":OPENID,"msgtype":"text","text":{"content":TEXT}}`.
    public func customTextRequest(_ text: String, to openID: String, accessToken: String) throws(GatewayError) -> HTTPRequest {
        try calls.textRequest(path: "/cgi-bin/message/custom/send", text: text, to: openID, accessToken: accessToken)
    }

    /// Sends `text` to the user `openID` as a customer-service message; only possible within
    /// 48 hours of the user's last interaction (otherwise errcode 45015).
    ///
    /// - Throws: the transport's error when no answer came.
    public func sendText(_ text: String, to openID: String, accessToken: String) async throws -> PlatformAnswer {
        try await calls.send(try customTextRequest(text, to: openID, accessToken: accessToken))
    }

    /// `POST /cgi-bin/message/subscribe/bizsend?access_token=TOKEN` with the notice's body.
    public func subscribeRequest(_ message: SubscribeMessage, to openID: String, accessToken: String) throws(GatewayError) -> HTTPRequest {
        let url = try OutboundURL.make(base: configuration.apiBase, path: "/cgi-bin/message/subscribe/bizsend",
                                       query: [("access_token", accessToken)])
        return HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json; charset=utf-8"],
                           body: Data(message.body(to: openID).utf8))
    }

    /// Sends a 订阅通知 to `openID`: possible outside the 48 hours, but only with an unused
    /// consent of theirs for the template (otherwise errcode 43101).
    ///
    /// - Throws: the transport's error when no answer came.
    public func sendSubscribeMessage(_ message: SubscribeMessage, to openID: String, accessToken: String) async throws -> PlatformAnswer {
        try await calls.send(try subscribeRequest(message, to: openID, accessToken: accessToken))
    }
}

extension WeChatAPI.Configuration: CustomStringConvertible {
    /// The AppID and API base; the secret is left out.
    public var description: String {
        "WeChatAPI.Configuration(appID: \(appID), appSecret: redacted, apiBase: \(apiBase.absoluteString))"
    }
}
