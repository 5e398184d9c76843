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
    let classCount: Int
    private let mask: Int
    private let shift: UInt64
    private(set) var count = 0

    /// A table for the features `hashes`, with their idf and each intent's weights
    /// (`weights[intent][feature]`, `feature` indexing `hashes`).
    init(hashes: [UInt64], idf: [Float], weights: [[Float]]) {
        classCount = weights.count
        var slotBytes = 16
        while slotBytes < 12 + classCount { slotBytes <<= 1 }
        self.slotBytes = slotBytes
        var capacity = 16
        while capacity < hashes.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        bytes = [UInt8](repeating: 0, count: capacity * slotBytes)
        var row = [Float](repeating: 0, count: classCount)
        for (f, hash) in hashes.enumerated() {
            guard let slot = emptySlot(for: hash) else { continue }
            var largest: Float = 0
            for c in 0..<classCount {
                row[c] = weights[c][f]
                largest = max(largest, abs(row[c]))
            }
            let scale = largest / 127
            let base = slot * slotBytes
            bytes.withUnsafeMutableBytes { raw in
                raw.storeBytes(of: Self.fingerprint(hash), toByteOffset: base, as: UInt32.self)
                raw.storeBytes(of: idf[f], toByteOffset: base + 4, as: Float.self)
                raw.storeBytes(of: scale, toByteOffset: base + 8, as: Float.self)
                guard scale > 0 else { return }
                for c in 0..<row.count {
                    raw.storeBytes(of: Int8((row[c] / scale).rounded()), toByteOffset: base + 12 + c, as: Int8.self)
                }
            }
            count += 1
        }
    }

    @inline(__always)
    private static func fingerprint(_ hash: UInt64) -> UInt32 {
        max(UInt32(truncatingIfNeeded: hash), 1)
    }

    @inline(__always)
    private func home(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The first empty slot of `hash`'s probe chain, or nil when the chain already holds its
    /// fingerprint.
    private func emptySlot(for hash: UInt64) -> Int? {
        let fingerprint = Self.fingerprint(hash)
        return bytes.withUnsafeBytes { raw in
            var slot = home(hash)
            while true {
                let stored = raw.load(fromByteOffset: slot * slotBytes, as: UInt32.self)
                if stored == 0 { return slot }
                if stored == fingerprint { return nil }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Calls `body` with the table's bytes, for `offset(of:in:)` and the reads below.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes(body)
    }

    /// The byte offset of `hash`'s slot, or nil for a feature the model does not know.
    @inline(__always)
    func offset(of hash: UInt64, in raw: UnsafeRawBufferPointer) -> Int? {
        let fingerprint = Self.fingerprint(hash)
        var slot = home(hash)
        while true {
            let base = slot * slotBytes
            let stored = raw.load(fromByteOffset: base, as: UInt32.self)
            if stored == fingerprint { return base }
            if stored == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}
