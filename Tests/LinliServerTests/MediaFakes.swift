import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LinliGateways

/// Plays WeChat's and WeCom's media servers behind the `HTTPClient` seam: tokens, and
/// `media/get` by media id: a photo, an expired id (40007), a video answered with a
/// `video_url`, the quota used up (45009), and on WeCom a file served in Range parts.
final class MediaFakePlatform: HTTPClient, @unchecked Sendable {
    /// A JPEG's first bytes and filler, `size` long.
    static func jpeg(_ size: Int, seed: UInt8 = 1) -> Data { Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: seed, count: size - 4)) }
    /// An MP4's first bytes and filler.
    static let video = Data([0, 0, 0, 0x18] + Array("ftypmp42".utf8) + Array(repeating: 9, count: 500))

    private let lock = NSLock()
    private var media: [String: Data] = [:]
    private var recorded: [String] = []
    /// Media ids that answer 45009 until this many calls have been refused.
    private var quotaRefusals = 0
    private var running = 0
    private var mostRunning = 0
    /// How long each media answer takes, so that downloads overlap.
    var delay: Duration = .zero

    /// The most media downloads that were in flight at once.
    var peakConcurrency: Int { lock.withLock { mostRunning } }

    init() {}

    /// Serves `bytes` as media `id`.
    func serve(_ id: String, _ bytes: Data) { lock.withLock { media[id] = bytes } }

    /// Refuses the next `count` downloads with 45009.
    func refuseQuota(_ count: Int) { lock.withLock { quotaRefusals = count } }

    /// "PATH media_id" (or the video URL's path) of every media request, in order.
    var downloads: [String] { lock.withLock { recorded } }

    func send(_ request: LinliGateways.HTTPRequest) async throws -> LinliGateways.HTTPResponse {
        let path = request.url.path
        if path.hasSuffix("/cgi-bin/token") || path.hasSuffix("/cgi-bin/gettoken") {
            return json(#"{"access_token":"TOKEN","expires_in":7200}"#)
        }
        if path.hasPrefix("/videos/") {
            lock.withLock { recorded.append(path) }
            return LinliGateways.HTTPResponse(status: 200, headers: ["Content-Type": "video/mp4"], body: Self.video)
        }
        let id = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "media_id" }?.value ?? ""
        lock.withLock {
            running += 1
            mostRunning = max(mostRunning, running)
        }
        defer { lock.withLock { running -= 1 } }
        if delay > .zero { try await Task.sleep(for: delay) }
        let (bytes, refused): (Data?, Bool) = lock.withLock {
            recorded.append("\(path) \(id)")
            if quotaRefusals > 0 { quotaRefusals -= 1; return (nil, true) }
            return (media[id], false)
        }
        if refused { return json(#"{"errcode":45009,"errmsg":"reach max api daily quota limit"}"#) }
        if id.hasPrefix("video") { return json(#"{"video_url":"http://fake.invalid/videos/\#(id).mp4"}"#) }
        guard let bytes else { return json(#"{"errcode":40007,"errmsg":"invalid media_id"}"#) }
        if let range = request.headers["Range"], let parts = Self.range(range) {
            let upper = min(parts.upper, bytes.count - 1)
            return LinliGateways.HTTPResponse(status: 206, headers: ["Content-Type": "application/octet-stream",
                                                                     "Content-Range": "bytes \(parts.lower)-\(upper)/\(bytes.count)"],
                                              body: bytes.subdata(in: parts.lower..<(upper + 1)))
        }
        return LinliGateways.HTTPResponse(status: 200, headers: ["Content-Type": "image/jpeg"], body: bytes)
    }

    private static func range(_ header: String) -> (lower: Int, upper: Int)? {
        let numbers = header.dropFirst("bytes=".count).split(separator: "-").compactMap { Int($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }

    private func json(_ body: String) -> LinliGateways.HTTPResponse {
        LinliGateways.HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }
}
