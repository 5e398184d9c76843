/// An open-addressing hash map from `UInt64` to `Int32`, for integer-keyed lookups:
/// training's feature index, and on the parse path trie transitions and character maps.
///
/// `Dictionary` hashes every key with SipHash, which is built to resist flooding by
/// untrusted keys; these keys are our own hashes and code points, so a multiply-shift hash
/// is enough and several times faster.
struct IntegerTable: Sendable {
    /// Key and value side by side, so that a lookup touches one cache line; `stored` is the
    /// value plus one, and 0 marks an empty slot.
    private struct Entry {
        var key: UInt64 = 0
        var stored: Int64 = 0
    }

    private var entries: [Entry]
    private var mask: Int
    private var shift: UInt64
    private(set) var count = 0

    init(minimumCapacity: Int = 16) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        entries = [Entry](repeating: Entry(), count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The value for `key`, if any.
    @inline(__always)
    subscript(key: UInt64) -> Int32? {
        entries.withUnsafeBufferPointer { entries in
            var index = slot(key)
            while entries[index].stored != 0 {
                if entries[index].key == key { return Int32(truncatingIfNeeded: entries[index].stored - 1) }
                index = (index + 1) & mask
            }
            return nil
        }
    }

    /// Sets the value for `key`.
    mutating func set(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > entries.count { grow() }
        var index = slot(key)
        while entries[index].stored != 0 {
            if entries[index].key == key {
                entries[index].stored = Int64(value) + 1
                return
            }
            index = (index + 1) & mask
        }
        entries[index] = Entry(key: key, stored: Int64(value) + 1)
        count += 1
    }

    private mutating func grow() {
        var bigger = IntegerTable(minimumCapacity: entries.count)
        for entry in entries where entry.stored != 0 { bigger.set(entry.key, Int32(truncatingIfNeeded: entry.stored - 1)) }
        self = bigger
    }
}
