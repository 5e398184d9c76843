import Foundation

/// The WeCom self-built app APIs linli calls to send later: the access token and
/// the app text message.
public struct WeComAPI: Sendable {
    /// Credentials and where the API lives.
    public struct Configuration: Sendable, Equatable {
        /// The corp id.
        public var corpID: String
        /// The app's secret (each app has its own, and its own token); never logged.
        public var corpSecret: String
        /// The app's AgentID.
        public var agentID: Int
        /// The API origin; paths such as `/cgi-bin/gettoken` are appended. Changed only for tests.
        public var apiBase: URL

        /// The public API origin.
        public static let defaultAPIBase = URL(string: "https://qyapi.weixin.qq.com")!

        /// Creates a configuration.
        public init(corpID: String, corpSecret: String, agentID: Int, apiBase: URL = Self.defaultAPIBase) {
            self.corpID = corpID
            self.corpSecret = corpSecret
            self.agentID = agentID
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

    /// `GET /cgi-bin/gettoken?corpid=ID&corpsecret=SECRET`.
    public func tokenRequest() throws(GatewayError) -> HTTPRequest {
        try calls.tokenRequest(path: "/cgi-bin/gettoken", query: [
            ("corpid", configuration.corpID),
            ("corpsecret", configuration.corpSecret),
        ])
    }

    /// Fetches a new access token for this app; call it through an ``AccessTokenCache``,
    /// since WeCom throttles frequent fetches.
    ///
    /// - Throws: ``GatewayError`` when the platform refused or answered nonsense; the
    ///   transport's error when no answer came.
    public func fetchToken() async throws -> AccessToken {
        try await calls.fetchToken(try tokenRequest())
    }

    /// `POST /cgi-bin/message/send?access_token=TOKEN` with
    /// `{"touser":USERID,"msgtype":"text","agentid":N,"text":{"content":TEXT}}`.
    public func textRequest(_ text: String, to userID: String, accessToken: String) throws(GatewayError) -> HTTPRequest {
        try calls.textRequest(path: "/cgi-bin/message/send", text: text, to: userID,
                              agentID: configuration.agentID, accessToken: accessToken)
    }

    /// Sends `text` to the member `userID` from this app.
    ///
    /// - Throws: the transport's error when no answer came.
    public func sendText(_ text: String, to userID: String, accessToken: String) async throws -> PlatformAnswer {
        try await calls.send(try textRequest(text, to: userID, accessToken: accessToken))
    }
}

extension WeComAPI.Configuration: CustomStringConvertible {
    /// The corp id, AgentID and API base; the secret is left out.
    public var description: String {
        "WeComAPI.Configuration(corpID: \(corpID), corpSecret: redacted, agentID: \(agentID), apiBase: \(apiBase.absoluteString))"
    }
}
