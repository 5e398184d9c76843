import Foundation

/// The requests WeChat and WeCom have in common. Both are Tencent `cgi-bin` APIs: the
/// token answer has one shape and a text message is one JSON POST with the token in the
/// query, so the public clients differ only in paths, credentials and the WeCom `agentid`.
struct TencentAPICalls: Sendable {
    let apiBase: URL
    let httpClient: any HTTPClient

    func tokenRequest(path: String, query: [(String, String)]) throws(GatewayError) -> HTTPRequest {
        HTTPRequest(method: .get, url: try OutboundURL.make(base: apiBase, path: path, query: query))
    }

    func fetchToken(_ request: HTTPRequest) async throws -> AccessToken {
        try AccessToken.decode(try await httpClient.send(request))
    }

    /// `agentID` is WeCom's; the field sits between `msgtype` and `text` so the body stays
    /// byte-for-byte what each platform's documentation shows.
    func textRequest(
        path: String, text: String, to recipient: String, agentID: Int? = nil, accessToken: String
    ) throws(GatewayError) -> HTTPRequest {
        let url = try OutboundURL.make(base: apiBase, path: path, query: [("access_token", accessToken)])
        let agent = agentID.map { "\"agentid\":\($0)," } ?? ""
        let body = "{\"touser\":\(Webhook.jsonString(recipient)),\"msgtype\":\"text\",\(agent)\"text\":{\"content\":\(Webhook.jsonString(text))}}"
        return HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json; charset=utf-8"],
                           body: Data(body.utf8))
    }

    func send(_ request: HTTPRequest) async throws -> PlatformAnswer {
        PlatformAnswer(try await httpClient.send(request))
    }
}
