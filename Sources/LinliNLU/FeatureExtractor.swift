import Foundation

/// Turns a normalised message into hashed sparse features: character n-grams (1–3) inside
/// runs of word characters, punctuation and emoji, edge n-grams, a length bucket, the words of
/// the intents' keyword lexicon found in the message (word pieces), and one feature per intent
/// whose patterns match.
///
/// Character n-grams need no word segmentation, which Chinese lacks, and survive typos: a
/// misspelt word still shares most of its bigrams with the right one. The keyword lexicon adds
/// whole words on top. Each keyword is its own feature rather than a vote for the intent that
/// lists it: as votes, keywords cost accuracy on real residents' messages (a 积水 in a story
/// about rubbish is not a repair), while as words the model learns how much each one counts.
struct FeatureExtractor: Sendable {
    /// Normalised keyword → its word id.
    private let keywords: ScalarTrie<Int32>
    private let patterns: [(intent: Int32, regex: NSRegularExpressionBox)]

    /// At most this many scalars are read; a longer message is classified by its start.
    static let maxScalars = 400

    init(intents: [IntentDefinition], normalizer: Normalizer) throws {
        var trie = ScalarTrie<Int32>()
        let words = Set(intents.flatMap(\.keywords).map { normalizer.normalize($0).text }.filter { !$0.isEmpty })
        for (id, word) in words.sorted().enumerated() { trie.insert(word.unicodeScalars, value: Int32(id)) }
        keywords = trie
        var compiled: [(Int32, NSRegularExpressionBox)] = []
        for (index, intent) in intents.enumerated() {
            for pattern in intent.patterns {
                do {
                    compiled.append((Int32(index), NSRegularExpressionBox(try NSRegularExpression(pattern: pattern))))
                } catch {
                    throw NLUError(.invalidDataFile, "intent '\(intent.id)' has an invalid pattern '\(pattern)'")
                }
            }
        }
        patterns = compiled
    }

    /// The feature hashes of `text`, sorted; a feature repeats as often as it occurs (its
    /// term frequency).
    func features(of text: NormalizedText) -> [UInt64] {
        let limit = min(text.scalars.count, Self.maxScalars)
        // Digits become one symbol, so 3号楼 and 12号楼 share features.
        var symbols: [UInt32] = []
        symbols.reserveCapacity(limit + 2)
        var lastWasDigit = false
        var wordCount = 0
        var result: [UInt64] = []
        result.reserveCapacity(limit * 4 + 8)
        for index in 0..<limit {
            let value = text.scalars[index].value
            if value >= 0x30 && value <= 0x39 {
                if !lastWasDigit { symbols.append(0x30); wordCount += 1 }
                lastWasDigit = true
                continue
            }
            lastWasDigit = false
            if Self.isWordCharacter(value) {
                symbols.append(value)
                wordCount += 1
            } else {
                // Punctuation and emoji say something about the kind of message (a question,
                // an outburst, a list, a quote); spaces do not.
                if value != 0x20 { result.append(hash(1, value, 0, 0)) }
                if symbols.last != 0x20 { symbols.append(0x20) }
            }
        }
        while symbols.last == 0x20 { symbols.removeLast() }
        if symbols.first == 0x20 { symbols.removeFirst() }

        // Unigrams, bigrams and trigrams inside runs; edges of the whole message.
        let count = symbols.count
        for i in 0..<count where symbols[i] != 0x20 {
            result.append(hash(1, symbols[i], 0, 0))
            if i + 1 < count, symbols[i + 1] != 0x20 {
                result.append(hash(2, symbols[i], symbols[i + 1], 0))
                if i + 2 < count, symbols[i + 2] != 0x20 {
                    result.append(hash(3, symbols[i], symbols[i + 1], symbols[i + 2]))
                }
            }
        }
        if count > 0 {
            result.append(hash(4, symbols[0], 0, 0))
            result.append(hash(5, symbols[count - 1], 0, 0))
            if count > 1 {
                result.append(hash(6, symbols[0], symbols[1], 0))
                result.append(hash(7, symbols[count - 2], symbols[count - 1], 0))
            }
        }
        let bucket: UInt32 = wordCount <= 2 ? 1 : wordCount <= 4 ? 2 : wordCount <= 8 ? 3 : wordCount <= 16 ? 4 : 5
        result.append(hash(8, bucket, 0, 0))

        if !keywords.isEmpty {
            let scalars = text.scalars
            for start in 0..<limit {
                keywords.matches(in: scalars, at: start) { _, word in result.append(hash(9, UInt32(word), 0, 0)) }
            }
        }
        if !patterns.isEmpty {
            let string = text.text
            let range = NSRange(string.startIndex..., in: string)
            for (intent, box) in patterns where box.regex.firstMatch(in: string, range: range) != nil {
                result.append(hash(10, UInt32(intent), 0, 0))
            }
        }
        Self.sortHashes(&result)
        return result
    }

    /// Sorts feature hashes, which FNV-1a spreads evenly over `UInt64`: scattered into 256
    /// buckets by their top byte, then one insertion sort, which only has to order the few
    /// hashes that share a bucket. A parse sorts every message's features, and the standard
    /// library's stable sort was a tenth of its time.
    static func sortHashes(_ hashes: inout [UInt64]) {
        let n = hashes.count
        guard n > 64 else { hashes.sort(); return }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { next in
            next.initialize(repeating: 0)
            for hash in hashes { next[Int(hash >> 56)] += 1 }
            var position = 0
            for bucket in 0..<256 {
                let size = next[bucket]
                next[bucket] = position
                position += size
            }
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n) { sorted in
                for hash in hashes {
                    let bucket = Int(hash >> 56)
                    sorted.initializeElement(at: next[bucket], to: hash)
                    next[bucket] += 1
                }
                for i in 1..<n {
                    let hash = sorted[i]
                    var j = i
                    while j > 0 && sorted[j - 1] > hash {
                        sorted[j] = sorted[j - 1]
                        j -= 1
                    }
                    sorted[j] = hash
                }
                hashes.withUnsafeMutableBufferPointer { target in
                    _ = target.update(fromContentsOf: sorted)
                }
            }
        }
    }

    static func isWordCharacter(_ value: UInt32) -> Bool {
        (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF)
            || (value >= 0x61 && value <= 0x7A) || value == 0x23
    }

    static func isEmoji(_ value: UInt32) -> Bool {
        (value >= 0x1F300 && value <= 0x1FAFF) || (value >= 0x2600 && value <= 0x27BF) || (value >= 0x2B00 && value <= 0x2BFF)
    }

    /// FNV-1a over the feature kind and up to three symbols.
    @inline(__always)
    private func hash(_ kind: UInt32, _ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        h = (h ^ UInt64(kind)) &* prime
        h = (h ^ UInt64(a)) &* prime
        h = (h ^ UInt64(b)) &* prime
        h = (h ^ UInt64(c)) &* prime
        return h
    }
}

/// `NSRegularExpression` is immutable once built and safe to share; the box says so.
struct NSRegularExpressionBox: @unchecked Sendable {
    let regex: NSRegularExpression
    init(_ regex: NSRegularExpression) { self.regex = regex }
}
