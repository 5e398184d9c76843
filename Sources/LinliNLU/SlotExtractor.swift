/// Reads the slots of the taxonomy from a normalised message, each in its normal form:
/// `building`, `unit`, `room`, `phone` and `age` as digits, `plate` upper-case, and
/// `community`, `location` and `person` as the resident wrote them.
public struct SlotExtractor: Sendable {
    let lexicon: Lexicon
    /// Community names from the configured grids, normalised, with their configured form.
    let knownCommunities: ScalarTrie<String>
    let communitySuffixes: ScalarTrie<Int>
    let communityCutWords: ScalarTrie<Int>
    let communityLeadWords: ScalarTrie<Int>
    let communityNameWords: ScalarTrie<Int>
    let communityPlaceEnds: ScalarTrie<Int>
    let communityWeakSuffixes: ScalarTrie<Int>
    let communityWeakFollowers: ScalarTrie<Int>
    let places: ScalarTrie<Int>
    let placeSuffixes: ScalarTrie<Int>
    let personKin: ScalarTrie<Int>
    let personPrefixes: ScalarTrie<Int>
    let personWords: ScalarTrie<Int>
    let personTitles: ScalarTrie<Int>
    let genericCommunityNames: Set<String>
    /// The lexicon's character lists, for one-bit look-ups on every character.
    let surnames: ScalarSet
    let communityStopChars: ScalarSet
    let communityNeverLastChars: ScalarSet

    /// Creates an extractor. `communities` are the configured grids' community names; when
    /// any is found in a message it wins over the suffix patterns.
    public init(lexicon: Lexicon, normalizer: Normalizer, communities: [String] = []) {
        self.lexicon = lexicon
        func trie(_ words: [String]) -> ScalarTrie<Int> {
            var trie = ScalarTrie<Int>()
            for word in words { trie.insert(normalizer.normalize(word).scalars, value: 0) }
            return trie
        }
        var known = ScalarTrie<String>()
        for name in communities { known.insert(normalizer.normalize(name).scalars, value: name) }
        knownCommunities = known
        communitySuffixes = trie(lexicon.communitySuffixes)
        communityCutWords = trie(lexicon.communityCutWords)
        communityLeadWords = trie(lexicon.communityLeadWords)
        communityNameWords = trie(lexicon.communityNameWords)
        communityPlaceEnds = trie(lexicon.communityPlaceEnds)
        communityWeakSuffixes = trie(lexicon.communityWeakSuffixes)
        communityWeakFollowers = trie(lexicon.communityWeakFollowers)
        places = trie(lexicon.places)
        placeSuffixes = trie(lexicon.placeSuffixes)
        personKin = trie(lexicon.personKin)
        personPrefixes = trie(lexicon.personPrefixes)
        personWords = trie(lexicon.personWords)
        personTitles = trie(lexicon.personTitles)
        genericCommunityNames = Set(lexicon.communityGenericNames.map { normalizer.normalize($0).text })
        surnames = ScalarSet(lexicon.surnames)
        communityStopChars = ScalarSet(lexicon.communityStopChars)
        communityNeverLastChars = ScalarSet(lexicon.communityNeverLastChars)
    }

    /// Every slot found in `text`.
    public func extract(_ text: NormalizedText) -> [String: String] {
        var slots: [String: String] = [:]
        let limit = min(text.scalars.count, 2000)
        let scalars = Array(text.scalars[0..<limit])
        var taken: [Range<Int>] = []
        if let phone = phone(in: scalars) {
            slots["phone"] = phone.value
            taken.append(phone.range)
        }
        if let plate = plate(in: scalars) {
            slots["plate"] = plate.value
            taken.append(plate.range)
        }
        let community = self.community(in: scalars)
        if let community {
            slots["community"] = community.value ?? text.originalText(community.range)
            taken.append(community.range)
        }
        address(in: scalars, skipping: taken, into: &slots)
        if let age = age(in: scalars, skipping: taken) { slots["age"] = age }
        if let location = location(in: scalars, skipping: taken) {
            slots["location"] = text.originalText(location)
        }
        if let person = person(in: scalars) {
            slots["person"] = text.originalText(person)
        }
        return slots
    }
}

// MARK: Scalar classes shared by the extractors

extension Unicode.Scalar {
    var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }
    var isASCIILetter: Bool { (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) }
    var isHan: Bool { (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF) }
}

extension Array where Element == Unicode.Scalar {
    /// Whether `word` stands at `index`.
    func has(_ word: String, at index: Int) -> Bool {
        var i = index
        for scalar in word.unicodeScalars {
            guard i < count, self[i] == scalar else { return false }
            i += 1
        }
        return true
    }

    /// The end of the run of ASCII digits starting at `index`.
    func digitRunEnd(from index: Int) -> Int {
        var end = index
        while end < count, self[end].isASCIIDigit { end += 1 }
        return end
    }

    /// The digits in `range` as a string.
    func string(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: self[range])
        return String(view)
    }
}
