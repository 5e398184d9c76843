import Crypto
import Foundation

/// Signs and checks the short-lived links under which `linli serve` hands out stored media
/// (`/media/ID?exp=UNIX&sig=HEX`): HMAC-SHA256 over the id and the expiry, so a link is good
/// for one media and until its time, and any server with the secret checks it alone.
public struct MediaLinkSigner: Sendable {
    // Raw bytes rather than a SymmetricKey, which swift-crypto does not mark Sendable.
    private let secret: [UInt8]
    /// The address links start with (`media.public_base_url`), without a trailing slash.
    public let baseURL: String
    /// How long a link is good for.
    public let lifetime: TimeInterval

    /// Creates a signer; an empty secret would make every link forgeable, so it is refused.
    public init(secret: String, baseURL: String, lifetime: TimeInterval) throws(GatewayError) {
        guard !secret.isEmpty else {
            throw GatewayError(.invalidConfiguration, "media link secret is empty", value: "media.link_secret")
        }
        self.secret = Array(secret.utf8)
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.lifetime = lifetime
    }

    /// The signature of media `id` until Unix second `expiry`: 64 lower-case hex digits.
    public func signature(id: Int64, expiry: Int64) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("media:\(id):\(expiry)".utf8), using: SymmetricKey(data: secret))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The scheme, host and port the links point at (`https://media.example.org`), for a
    /// page's content-security policy to allow; nil if the base address has no host.
    public var origin: String? {
        guard let url = URL(string: baseURL), let scheme = url.scheme, let host = url.host, !host.isEmpty else { return nil }
        return url.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }

    /// The link to media `id`, made at `now`.
    public func link(to id: Int64, at now: Date) -> String {
        let expiry = Int64((now.timeIntervalSince1970 + lifetime).rounded(.up))
        return "\(baseURL)/media/\(id)?exp=\(expiry)&sig=\(signature(id: id, expiry: expiry))"
    }

    /// Whether `signature` is this signer's for `id` until `expiry`, and `expiry` is not past
    /// at `now`; compared in constant time.
    public func accepts(id: Int64, expiry: Int64, signature: String, at now: Date) -> Bool {
        guard Double(expiry) >= now.timeIntervalSince1970 else { return false }
        let expected = Array(self.signature(id: id, expiry: expiry).utf8)
        let given = Array(signature.lowercased().utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
