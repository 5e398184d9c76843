/// An open-addressing hash map from `UInt64` to `Int32`, for the lookups on the parse path
/// (feature index, trie transitions, character maps).
///
/// `Dictionary` hashes every key with SipHash, which is built to resist flooding by
/// untrusted keys; these keys are our own hashes and code points, so a multiply-shift hash
/// is enough and several times faster.
struct IntegerTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var occupied: [Bool]
    private var mask: Int
    private var shift: UInt64
    private(set) var count = 0

    init(minimumCapacity: Int = 16) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: 0, count: capacity)
        values = [Int32](repeating: 0, count: capacity)
        occupied = [Bool](repeating: false, count: capacity)
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
        var index = slot(key)
        while occupied[index] {
            if keys[index] == key { return values[index] }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Sets the value for `key`.
    mutating func set(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        var index = slot(key)
        while occupied[index] {
            if keys[index] == key {
                values[index] = value
                return
            }
            index = (index + 1) & mask
        }
        occupied[index] = true
        keys[index] = key
        values[index] = value
        count += 1
    }

    private mutating func grow() {
        var bigger = IntegerTable(minimumCapacity: keys.count)
        for index in keys.indices where occupied[index] { bigger.set(keys[index], values[index]) }
        self = bigger
    }
}
