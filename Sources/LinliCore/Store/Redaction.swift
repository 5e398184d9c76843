/// Shortened user ids and password-free database URLs, for errors and logs: store errors end
/// up in logs at warning level, which must not carry whom a message was about nor a secret.
public enum Redaction {
    /// The channel and the first few characters of the channel's id: enough to follow one
    /// user through a log, not enough to contact them.
    public static func user(_ userID: String) -> String {
        let parts = userID.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { return String(userID.prefix(4)) + "…" }
        return "\(parts[0]):\(parts[1].prefix(4))…"
    }

    /// A dedupe key (``UserID/dedupeKey(messageID:)``: `LENGTH:channel:id|message`) with its
    /// user id shortened as ``user(_:)`` does; the message id, which names nobody, stays.
    /// A key of another shape is cut to a few characters.
    public static func dedupeKey(_ key: String) -> String {
        guard let colon = key.firstIndex(of: ":"), let length = Int(key[..<colon]), length >= 0,
              let end = key.utf8.index(key.utf8.index(after: colon), offsetBy: length, limitedBy: key.utf8.endIndex),
              end < key.utf8.endIndex, key.utf8[end] == UInt8(ascii: "|") else {
            return String(key.prefix(8)) + "…"
        }
        return Self.user(String(key[key.index(after: colon)..<end])) + String(key[end...])
    }

    /// `url` with the password of its user information (`//user:secret@host`) and any
    /// `password=` query parameter replaced by `***`.
    ///
    /// Works on the text rather than through `URLComponents`, so that a URL too malformed to
    /// parse (a misspelt scheme, a stray character) loses its password all the same.
    public static func databaseURL(_ url: String) -> String {
        var text = Substring(url)
        var result = ""
        if let separator = text.range(of: "://") {
            result += text[..<separator.upperBound]
            text = text[separator.upperBound...]
            // Up to the query rather than the path: a password may hold an unescaped `/`,
            // and cutting too much from a message costs nothing.
            let authorityEnd = text.firstIndex(of: "?") ?? text.endIndex
            let authority = text[..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                result += authority[...colon] + "***" + authority[at...]
                text = text[authorityEnd...]
            }
        }
        result += text
        return redactingPasswordParameter(result)
    }

    /// `url` with the value of a `password=` query parameter replaced by `***`.
    private static func redactingPasswordParameter(_ url: String) -> String {
        guard let query = url.firstIndex(of: "?") else { return url }
        let parameters = url[url.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false).map { parameter in
            parameter.lowercased().hasPrefix("password=") ? "password=***" : String(parameter)
        }
        return url[...query] + parameters.joined(separator: "&")
    }
}

extension Redaction {
    /// `query` as its filters, the resident shortened with `user(_:)`.
    public static func query(_ query: RequestQuery) -> String {
        var redacted = query
        redacted.resident = query.resident.map(user)
        return "\(redacted)"
    }
}
