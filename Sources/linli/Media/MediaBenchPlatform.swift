import Foundation
import LinliGateways

/// WeChat's token and `media/get` endpoints inside the process, for `linli media bench`: each
/// media id answers a JPEG of `size` bytes of its own (so none is deduplicated away), after
/// `latency`.
struct MediaBenchPlatform: HTTPClient {
    let size: Int
    let latency: Duration

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if request.url.path.hasSuffix("/cgi-bin/token") {
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"],
                                body: Data(#"{"access_token":"BENCH","expires_in":7200}"#.utf8))
        }
        if latency > .zero { try await Task.sleep(for: latency) }
        let id = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "media_id" }?.value ?? ""
        var bytes = Data(count: size)
        bytes.replaceSubrange(0..<4, with: [0xFF, 0xD8, 0xFF, 0xE0])
        let tag = Array(id.utf8.prefix(64))
        bytes.replaceSubrange(4..<(4 + tag.count), with: tag)
        return HTTPResponse(status: 200, headers: ["Content-Type": "image/jpeg"], body: bytes)
    }
}
