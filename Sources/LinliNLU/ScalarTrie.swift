/// A trie over Unicode scalars for longest-match look-up of phrases in a message.
///
/// Used for replacements during normalisation and for keyword and word-list matching, where
/// scanning every phrase at every position would be too slow for the parse budget.
struct ScalarTrie<Value: Sendable>: Sendable {
    /// Transitions keyed by (node << 32 | scalar).
    private var edges = IntegerTable()
    private var values: [Value?] = [nil]

    /// Whether the trie holds no phrase.
    var isEmpty: Bool { values.count == 1 }

    @inline(__always)
    private func child(_ node: Int, _ scalar: Unicode.Scalar) -> Int32? {
        edges[UInt64(node) << 32 | UInt64(scalar.value)]
    }

    /// Adds `phrase` with `value`; a later insert of the same phrase wins.
    mutating func insert<S: Sequence>(_ phrase: S, value: Value) where S.Element == Unicode.Scalar {
        var node = 0
        for scalar in phrase {
            if let next = child(node, scalar) {
                node = Int(next)
            } else {
                values.append(nil)
                let next = values.count - 1
                edges.set(UInt64(node) << 32 | UInt64(scalar.value), Int32(next))
                node = next
            }
        }
        if node != 0 { values[node] = value }
    }

    /// The longest phrase that starts at `start` in `scalars`: its length and value.
    func longestMatch(in scalars: [Unicode.Scalar], at start: Int) -> (length: Int, value: Value)? {
        var node = 0
        var best: (Int, Value)?
        var index = start
        while index < scalars.count, let next = child(node, scalars[index]) {
            node = Int(next)
            index += 1
            if let value = values[node] { best = (index - start, value) }
        }
        return best
    }

    /// Every phrase that starts at `start`, shortest first.
    func matches(in scalars: [Unicode.Scalar], at start: Int, _ body: (Int, Value) -> Void) {
        var node = 0
        var index = start
        while index < scalars.count, let next = child(node, scalars[index]) {
            node = Int(next)
            index += 1
            if let value = values[node] { body(index - start, value) }
        }
    }
}
