import Foundation

extension Courier {
    /// WeChat's errcode for an unknown or expired media id (temporary media live three days).
    static let unknownMediaCode = 40007
    /// The errcode for an API's daily call quota being used up.
    static let quotaCode = 45009
    /// The size above which WeCom wants a file fetched in Range requests.
    public static let rangeChunk = 20 * 1024 * 1024

    /// Downloads media `mediaID` from `channel` (`wechat` or `wecom`) through `media/get`,
    /// with the same access-token handling as sends; anything above `maxBytes` is lost.
    ///
    /// WeChat answers a video with JSON naming a `video_url`, which is fetched in turn; WeCom
    /// files are fetched in Range requests of ``rangeChunk`` bytes.
    public func fetchMedia(_ mediaID: String, channel: String, maxBytes: Int) async -> MediaFetch {
        switch channel {
        case "wechat":
            guard let wechat, let wechatTokens else { return .lost("no channel wechat configured") }
            return await withMediaToken(wechatTokens, channel: channel) { token in
                let url = try OutboundURL.make(base: wechat.configuration.apiBase, path: "/cgi-bin/media/get",
                                               query: [("access_token", token), ("media_id", mediaID)])
                return try await download(url, maxBytes: maxBytes, ranged: false, followVideoURL: true)
            }
        case "wecom":
            guard let wecom, let wecomTokens else { return .lost("no channel wecom configured") }
            return await withMediaToken(wecomTokens, channel: channel) { token in
                let url = try OutboundURL.make(base: wecom.configuration.apiBase, path: "/cgi-bin/media/get",
                                               query: [("access_token", token), ("media_id", mediaID)])
                return try await download(url, maxBytes: maxBytes, ranged: true, followVideoURL: false)
            }
        default:
            return .lost("no media download for channel \(channel)")
        }
    }

    /// Calls `call` with a cached token, and with a new one once when `call` answers nil
    /// (the platform rejected the token).
    private func withMediaToken(_ tokens: AccessTokenCache, channel: String, _ call: (String) async throws -> MediaFetch?) async -> MediaFetch {
        await withFreshToken(tokens, channel: channel, retry: MediaFetch.retry) { token in
            try await call(token).map(TokenUse.done) ?? .rejected("access token rejected")
        }
    }

    /// Fetches `url`, in Range requests when `ranged`; nil when the answer rejects the token.
    private func download(_ url: URL, maxBytes: Int, ranged: Bool, followVideoURL: Bool) async throws -> MediaFetch? {
        var bytes = Data()
        var contentType: String?
        repeat {
            var headers: [String: String] = [:]
            if ranged { headers["Range"] = "bytes=\(bytes.count)-\(bytes.count + Self.rangeChunk - 1)" }
            let response = try await httpClient.send(HTTPRequest(method: .get, url: url, headers: headers))
            guard response.isSuccess else { return .retry("HTTP \(response.status)") }
            let type = Self.header("Content-Type", in: response)
            if bytes.isEmpty, Self.isJSON(type, response.body) {
                return try await answer(response, maxBytes: maxBytes, followVideoURL: followVideoURL)
            }
            contentType = contentType ?? type
            bytes.append(response.body)
            guard bytes.count <= maxBytes else { return .lost("larger than \(maxBytes) bytes") }
            // 206 with a total beyond what arrived: ask for the next part.
            guard ranged, response.status == 206, let total = Self.total(Self.header("Content-Range", in: response)),
                  bytes.count < total, !response.body.isEmpty else { break }
            guard total <= maxBytes else { return .lost("larger than \(maxBytes) bytes") }
        } while true
        return .fetched(bytes, contentType: contentType)
    }

    /// A JSON answer instead of bytes: WeChat's video link, or an error code; nil when it
    /// rejects the token.
    private func answer(_ response: HTTPResponse, maxBytes: Int, followVideoURL: Bool) async throws -> MediaFetch? {
        let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        if followVideoURL, let link = object?["video_url"] as? String, let url = URL(string: link) {
            return try await download(url, maxBytes: maxBytes, ranged: false, followVideoURL: false)
        }
        let answer = PlatformAnswer(response)
        if answer.rejectsToken { return nil }
        switch answer {
        case .error(Self.unknownMediaCode): return .lost("errcode \(Self.unknownMediaCode)")
        case .error(Self.quotaCode): return .quota
        default: return .retry(Self.reason(for: answer))
        }
    }

    private static func isJSON(_ contentType: String?, _ body: Data) -> Bool {
        if let contentType, contentType.contains("json") || contentType.hasPrefix("text/plain") { return true }
        return body.first == UInt8(ascii: "{") && body.count < 4096
    }

    private static func header(_ name: String, in response: HTTPResponse) -> String? {
        response.headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The total length of `bytes 0-99/1234`.
    private static func total(_ contentRange: String?) -> Int? {
        contentRange?.split(separator: "/").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
}
