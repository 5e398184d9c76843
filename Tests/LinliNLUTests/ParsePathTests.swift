@testable import LinliNLU
import Testing

/// The data structures that keep a parse fast must give the answers of the plain ones.
@Suite("Parse-path structures")
struct ParsePathTests {
    @Test("ScalarSet holds exactly its scalars, inside and outside the Basic Multilingual Plane")
    func scalarSet() {
        let members: [Unicode.Scalar] = ["张", "a", "\u{FFFF}", "\u{10000}", "\u{1F600}", "\u{0}"]
        let set = ScalarSet(members)
        for scalar in members { #expect(set.contains(scalar), "\(scalar.value)") }
        let strangers: [Unicode.Scalar] = ["王", "b", "\u{FFFE}", "\u{10001}", "\u{1F601}", "\u{1}", "\u{10FFFF}"]
        for scalar in strangers { #expect(!set.contains(scalar), "\(scalar.value)") }
        #expect(!ScalarSet([Unicode.Scalar]()).contains("张"))
    }

    @Test("sortHashes orders like the standard sort, duplicates and crowded buckets included")
    func sortHashes() {
        var rng = SplitMix64(seed: 42)
        for size in [0, 1, 2, 64, 65, 300, 2_000] {
            var spread = (0..<size).map { _ in rng.next() }
            if size > 4 { spread[3] = spread[1]; spread[4] = spread[1] }
            // Every hash in one top-byte bucket: the insertion sort does all the work.
            let crowded = (0..<size).map { _ in rng.next() >> 8 }
            for var hashes in [spread, crowded] {
                let expected = hashes.sorted()
                FeatureExtractor.sortHashes(&hashes)
                #expect(hashes == expected, "size \(size)")
            }
        }
    }

    @Test("WeightTable finds every trained feature's idf and weights, and nothing for the rest")
    func weightTable() {
        var rng = SplitMix64(seed: 7)
        // A hash whose low 32 bits are zero still gets a fingerprint.
        let hashes = (0..<5_000).map { _ in rng.next() } + [0xABCD_0000_0000]
        let idf = hashes.indices.map { Float($0 % 7) + 1 }
        let weights = (0..<3).map { c in hashes.indices.map { f in c == f % 3 ? 2 : -Float(f % 5) / 4 } }
        let table = WeightTable(hashes: hashes, idf: idf, weights: weights)
        #expect(table.count == hashes.count)
        #expect(table.slotBytes == 16)
        table.withBytes { raw in
            for (f, hash) in hashes.enumerated() {
                guard let base = table.offset(of: hash, in: raw) else {
                    Issue.record("feature \(f) lost")
                    continue
                }
                #expect(WeightTable.idf(at: base, in: raw) == idf[f])
                let scale = WeightTable.scale(at: base, in: raw)
                for c in 0..<3 {
                    let weight = WeightTable.weight(at: base, intent: c, in: raw) * scale
                    #expect(abs(weight - weights[c][f]) <= scale / 2 + 1e-6, "feature \(f) intent \(c)")
                }
            }
            var misses = 0
            for _ in 0..<5_000 where table.offset(of: rng.next(), in: raw) != nil { misses += 1 }
            #expect(misses == 0)
        }
        // Rows grow by powers of two: 12 bytes of header, then a byte per intent.
        #expect(WeightTable(hashes: [1], idf: [1], weights: Array(repeating: [1], count: 20)).slotBytes == 32)
        #expect(WeightTable(hashes: [1], idf: [1], weights: Array(repeating: [1], count: 30)).slotBytes == 64)
    }

    @Test("With more intents than one 32-byte row holds, each is still told apart by its own features")
    func manyIntents() {
        let classes = 30
        var examples: [IntentClassifier.Example] = []
        for c in 0..<classes {
            let own = UInt64(1_000 + c * 10)
            for i in 0..<8 {
                examples.append(.init(features: [own, own + 1, 5, own + 2 + UInt64(i % 3)].sorted(), label: c))
            }
        }
        let classifier = IntentClassifier(examples: examples, classCount: classes)
        for c in 0..<classes {
            let own = UInt64(1_000 + c * 10)
            let scores = classifier.scores(features: [5, own, own + 1])
            #expect(scores.indices.max { scores[$0] < scores[$1] } == c, "intent \(c)")
        }
    }
}
