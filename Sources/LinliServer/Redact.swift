/// Shortened identifiers for logs at info level and above.
enum Redact {
    /// The channel and the first few characters of the channel's id: enough to follow one
    /// user through a log, not enough to contact them.
    static func user(_ userID: String) -> String {
        let parts = userID.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { return String(userID.prefix(4)) + "…" }
        return "\(parts[0]):\(parts[1].prefix(4))…"
    }
}
