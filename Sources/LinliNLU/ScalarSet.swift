/// A set of Unicode scalars whose membership test is one bit read: the slot extractor asks
/// it for every character of a message (is this a surname, a character that cannot end a
/// community name, a province's abbreviation), where `Set<Unicode.Scalar>` hashed each one with
/// SipHash. Scalars of the Basic Multilingual Plane, where every Chinese character in the
/// lexicon lies, are bits of an 8 KiB map; any other scalar falls back to a sorted array.
struct ScalarSet: Sendable {
    private var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
    private var others: [UInt32] = []

    init<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
        for scalar in scalars {
            let value = scalar.value
            if value < 0x10000 {
                bits[Int(value >> 6)] |= 1 << UInt64(value & 63)
            } else {
                others.append(value)
            }
        }
        others = Array(Set(others)).sorted()
    }

    @inline(__always)
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x10000 { return bits[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0 }
        var low = 0, high = others.count
        while low < high {
            let middle = (low + high) / 2
            if others[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < others.count && others[low] == value
    }
}
