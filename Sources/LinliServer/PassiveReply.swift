/// Fits an engine's replies into the one passive reply a WeChat or WeCom push may get.
enum PassiveReply {
    /// The platforms truncate a text reply's `Content` beyond this many bytes.
    static let contentLimit = 2048

    /// The separator between replies: a blank line, so each still reads as its own message.
    static let separator = "\n\n"

    /// Joins as many leading `replies` as fit in `limit` bytes; the rest, in order, must go
    /// through the outbox so that a long answer (a staff member's to-do list) is not cut.
    ///
    /// The first reply always goes in the passive reply, even when longer than the limit:
    /// a later message has the same limit, so holding it back would gain nothing.
    static func pack(_ replies: [String], limit: Int = contentLimit) -> (passive: String, rest: [String]) {
        guard let first = replies.first else { return ("", []) }
        var passive = first
        var bytes = first.utf8.count
        var index = 1
        while index < replies.count {
            let added = separator.utf8.count + replies[index].utf8.count
            guard bytes + added <= limit else { break }
            passive += separator + replies[index]
            bytes += added
            index += 1
        }
        return (passive, Array(replies[index...]))
    }
}
