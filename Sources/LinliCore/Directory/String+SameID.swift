extension String {
    /// Whether `other` is the same user id: the same UTF-8 bytes.
    ///
    /// Swift's `==` on strings is canonical equivalence, under which `webhook:Kate` spelt with
    /// a KELVIN SIGN (U+212A) equals the staff id `webhook:Kate`; a platform that passes
    /// such ids through would let a resident act as staff. Stores compare ids as bytes too.
    public func isSameID(_ other: String) -> Bool {
        utf8.elementsEqual(other.utf8)
    }
}

extension Sequence<String> {
    /// Whether one of these user ids is `id`, byte for byte (see `String.isSameID`).
    public func containsID(_ id: String) -> Bool {
        contains { $0.isSameID(id) }
    }

    /// These user ids without repeats, byte for byte, in first-seen order.
    public func uniqueIDs() -> [String] {
        var seen = Set<[UInt8]>()
        return filter { seen.insert(Array($0.utf8)).inserted }
    }
}
