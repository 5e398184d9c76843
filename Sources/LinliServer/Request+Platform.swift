import Hummingbird
import LinliGateways
import NIOCore

extension Request {
    /// The body, at most `limit` bytes; nil when it is longer (the caller answers 413).
    mutating func collectBody(limit: Int) async throws -> ByteBuffer? {
        do {
            return try await collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            return nil
        }
    }

    /// The raw query string, percent-decoded the way the platforms sign it (`+` kept).
    func platformQuery() throws(GatewayError) -> [String: String] {
        try QueryString.decode(uri.query ?? "")
    }

    /// The value of header `name`, compared case-insensitively.
    func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.canonicalName == wanted }?.value
    }
}
