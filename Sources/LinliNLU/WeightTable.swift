/// The classifier's weights, found by feature hash in one memory access.
///
/// A parse is bound by memory, not arithmetic: for each of a message's hundred-odd features it
/// used to read a hash-table entry (the feature's row number) and then the row, two cache
/// misses in different places. Here the row *is* the table entry: open addressing over slots
/// of `slotBytes` (a power of two, so a slot never straddles a cache line), each holding
///
///     fingerprint: UInt32 | idf: Float | scale: Float | weight per intent: Int8 × classCount
///
/// A weight is its intent's weight rounded to 1/127 of the largest in its row (`scale`):
/// the rounding moves a score far less than the gaps between intents (`linli nlu eval` gives
/// the same predictions). The fingerprint is the hash's low 32 bits (0 is kept for empty
/// slots and written as 1); the slot comes from its high bits, so a feature never seen in
/// training matches a slot by chance about once in 4 × 10⁹ probes, and then adds one
/// small, wrong weight to one message's score. Two training features that would share a
/// probe chain and a fingerprint (about once in 10⁵ models) keep the first.
struct WeightTable: Sendable {
    private var bytes: [UInt8]
    let slotBytes: Int
    private let mask: Int
    private let shift: UInt64
    private(set) var count = 0

    /// A table for the features `hashes`, with their idf and each intent's weights
    /// (`weights[intent][feature]`, `feature` indexing `hashes`).
    init(hashes: [UInt64], idf: [Float], weights: [[Float]]) {
        let classCount = weights.count
        var slotBytes = 16
        while slotBytes < 12 + classCount { slotBytes <<= 1 }
        self.slotBytes = slotBytes
        var capacity = 16
        while capacity < hashes.count * 2 { capacity <<= 1 }
        let mask = capacity - 1, shift = UInt64(64 - capacity.trailingZeroBitCount)
        self.mask = mask
        self.shift = shift
        var bytes = [UInt8](repeating: 0, count: capacity * slotBytes)
        var stored = 0
        bytes.withUnsafeMutableBytes { raw in
            for (f, hash) in hashes.enumerated() {
                let (base, taken) = Self.probe(hash, in: UnsafeRawBufferPointer(raw), slotBytes: slotBytes, mask: mask, shift: shift)
                guard !taken else { continue }
                var largest: Float = 0
                for c in 0..<classCount { largest = max(largest, abs(weights[c][f])) }
                let scale = largest / 127
                raw.storeBytes(of: Self.fingerprint(hash), toByteOffset: base, as: UInt32.self)
                raw.storeBytes(of: idf[f], toByteOffset: base + 4, as: Float.self)
                raw.storeBytes(of: scale, toByteOffset: base + 8, as: Float.self)
                stored += 1
                guard scale > 0 else { continue }
                for c in 0..<classCount {
                    raw.storeBytes(of: Int8((weights[c][f] / scale).rounded()), toByteOffset: base + 12 + c, as: Int8.self)
                }
            }
        }
        self.bytes = bytes
        count = stored
    }

    @inline(__always)
    private static func fingerprint(_ hash: UInt64) -> UInt32 {
        max(UInt32(truncatingIfNeeded: hash), 1)
    }

    /// Walks `hash`'s probe chain: the byte offset of the slot holding its fingerprint
    /// (`found`), or of the empty slot that ends the chain.
    @inline(__always)
    private static func probe(_ hash: UInt64, in raw: UnsafeRawBufferPointer, slotBytes: Int, mask: Int,
                              shift: UInt64) -> (offset: Int, found: Bool) {
        let fingerprint = fingerprint(hash)
        var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let base = slot * slotBytes
            let stored = raw.load(fromByteOffset: base, as: UInt32.self)
            if stored == fingerprint { return (base, true) }
            if stored == 0 { return (base, false) }
            slot = (slot + 1) & mask
        }
    }

    /// Calls `body` with the table's bytes, for `offset(of:in:)` and the reads below.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes(body)
    }

    /// The byte offset of `hash`'s slot, or nil for a feature the model does not know.
    @inline(__always)
    func offset(of hash: UInt64, in raw: UnsafeRawBufferPointer) -> Int? {
        let (base, found) = Self.probe(hash, in: raw, slotBytes: slotBytes, mask: mask, shift: shift)
        return found ? base : nil
    }

    /// The idf stored in the slot at `base`.
    @inline(__always)
    static func idf(at base: Int, in raw: UnsafeRawBufferPointer) -> Float {
        raw.load(fromByteOffset: base + 4, as: Float.self)
    }

    /// The slot's scale: its Int8 weights times this are the intents' weights.
    @inline(__always)
    static func scale(at base: Int, in raw: UnsafeRawBufferPointer) -> Float {
        raw.load(fromByteOffset: base + 8, as: Float.self)
    }

    /// The slot's rounded weight for `intent`, before its scale.
    @inline(__always)
    static func weight(at base: Int, intent: Int, in raw: UnsafeRawBufferPointer) -> Float {
        Float(raw.load(fromByteOffset: base + 12 + intent, as: Int8.self))
    }
}
