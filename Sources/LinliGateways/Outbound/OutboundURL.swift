import Foundation

/// Builds API URLs from a configured base, a path and query parameters.
enum OutboundURL {
    /// Unreserved characters (RFC 3986); everything else in a value is percent-encoded, so a
    /// secret or token containing `+`, `&` or `=` reaches the platform unchanged.
    private static let unreserved: CharacterSet = {
        var set = CharacterSet()
        set.insert(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return set
    }()

    /// `base` with `path` appended (a base may carry a path prefix of its own) and `query`
    /// in the given order.
    static func make(base: URL, path: String, query: [(String, String)]) throws(GatewayError) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") {
            text.removeLast()
        }
        text += path
        if !query.isEmpty {
            text += "?" + query.map { name, value in
                "\(encode(name))=\(encode(value))"
            }.joined(separator: "&")
        }
        guard let url = URL(string: text) else {
            // The text holds secrets; name only the configured base's host.
            throw GatewayError(.invalidConfiguration, "API base does not form a valid URL", value: base.host)
        }
        return url
    }

    private static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
