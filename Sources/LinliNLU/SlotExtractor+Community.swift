/// The community slot: a configured name, or a name read back from a suffix such as 小区.
extension SlotExtractor {
    /// How many characters before a suffix may belong to a name.
    private static let maxNameLength = 6

    /// The community: a configured name when one appears, else a name before a suffix such
    /// as 小区 or 社区, joined with what directly follows it (东关社区 + 7号院).
    /// `value` is set when a configured name matched; otherwise the caller takes the
    /// original text of `range`.
    func community(in s: [Unicode.Scalar]) -> (value: String?, range: Range<Int>)? {
        if !knownCommunities.isEmpty {
            for index in s.indices {
                if let match = knownCommunities.longestMatch(in: s, at: index) {
                    return (match.value, index..<(index + match.length))
                }
            }
        }
        guard !communitySuffixes.isEmpty || !communityWeakSuffixes.isEmpty else { return nil }
        var found: [Range<Int>] = []
        var index = 0
        while index < s.count {
            guard let suffix = suffix(in: s, at: index) else { index += 1; continue }
            let suffixEnd = index + suffix.length
            let floor = found.last?.upperBound ?? 0
            var start = index
            if s.has("号院", at: index) {
                while start > floor, s[start - 1].isASCIIDigit { start -= 1 }
                if start == index { index = suffixEnd; continue }
                // 文化巷2号院, 景华路35号院: a name of two or more characters may stand
                // before the number, and then the road's number belongs to the community.
                if start > floor {
                    let nameFrom = nameStart(in: s, before: start, floor: floor)
                    if start - nameFrom >= 2 { start = nameFrom }
                }
            } else {
                start = nameStart(in: s, before: index, floor: floor)
                let name = s.string(start..<index)
                // 东关社区居委会 reads 东关社区社区 after normalisation: a suffix repeated
                // with nothing between is the same community's office, not more of its name.
                let repeats = start == index && index >= suffix.length
                    && s[(index - suffix.length)..<index].elementsEqual(s[index..<suffixEnd])
                let adjoins = !found.isEmpty && start == floor && !suffix.weak && !repeats
                let tooShort = name.unicodeScalars.count < 2 && !adjoins
                if tooShort || (!name.isEmpty && isGeneric(name)) || endsWithPreposition(s, name: start..<index) {
                    // A weak suffix inside the rejected one may still end a name (御景园 after 景园).
                    index += 1
                    continue
                }
            }
            if let last = found.last, last.upperBound == start {
                found[found.count - 1] = last.lowerBound..<suffixEnd
            } else if found.isEmpty {
                found.append(start..<suffixEnd)
            } else {
                // Only the first community of a message is reported.
                break
            }
            index = suffixEnd
        }
        guard var first = found.first else { return nil }
        // 金桂苑2期, 阳光小区3区: a phase or section number belongs to the name.
        let digitsEnd = s.digitRunEnd(from: first.upperBound)
        if digitsEnd > first.upperBound, s.has("期", at: digitsEnd) {
            first = first.lowerBound..<(digitsEnd + 1)
        }
        return (nil, first)
    }

    /// The suffix that ends a name at `index`: the longest strong one (小区, 花园), else a
    /// weak one (里, 园, 府) when an address part or a resident word follows it and no
    /// strong suffix does (和平里小区 is read at 小区).
    private func suffix(in s: [Unicode.Scalar], at index: Int) -> (length: Int, weak: Bool)? {
        var strong = 0
        communitySuffixes.matches(in: s, at: index) { length, _ in strong = max(strong, length) }
        if strong > 0 { return (strong, false) }
        guard let weak = communityWeakSuffixes.longestMatch(in: s, at: index) else { return nil }
        let end = index + weak.length
        guard communitySuffixes.longestMatch(in: s, at: end) == nil,
              communityWeakSuffixes.longestMatch(in: s, at: end) == nil else { return nil }
        if communityWeakFollowers.longestMatch(in: s, at: end) != nil { return (weak.length, true) }
        // 幸福里3号楼, 桂园2单元, 御景园2期.
        let digitsEnd = s.digitRunEnd(from: end)
        guard digitsEnd > end, digitsEnd - end <= 3 else { return nil }
        if buildingMarkerEnd(s, at: digitsEnd) != nil || s.has("单元", at: digitsEnd) || s.has("期", at: digitsEnd) {
            return (weak.length, true)
        }
        return nil
    }

    /// Where a community name that ends at `end` starts: back over name characters, at most
    /// six; then forward past the last cut word (建议华庭苑 → 华庭苑), district or road end
    /// (雁塔区凤鸣小区 → 凤鸣小区), preposition or adverb (住在都市花园 → 都市花园) inside,
    /// the last two only while two name characters remain. Name words (在水一方, 和平里) are
    /// never cut into.
    private func nameStart(in s: [Unicode.Scalar], before end: Int, floor: Int) -> Int {
        var start = end
        while start > floor, end - start < Self.maxNameLength, isNameCharacter(s[start - 1]) { start -= 1 }
        guard start < end else { return start }
        var nameWords: [Range<Int>] = []
        for position in start..<end {
            if let match = communityNameWords.longestMatch(in: s, at: position) {
                nameWords.append(position..<(position + match.length))
            }
        }
        func breaksName(_ range: Range<Int>) -> Bool { nameWords.contains { $0.overlaps(range) } }
        var cut = start
        for position in start..<end {
            if let match = communityCutWords.longestMatch(in: s, at: position), position + match.length <= end,
               !breaksName(position..<(position + match.length)) {
                cut = max(cut, position + match.length)
            }
            // A district, a road, a preposition or an adverb leaves two name characters after
            // it: 都市花园, 向阳小区 and 中山路小区 keep their 都, 向 and 路; 停在凤鸣小区 and
            // 我市凤鸣小区 lose 停在 and 我市.
            for words in [communityPlaceEnds, communityLeadWords] {
                if let match = words.longestMatch(in: s, at: position), end - (position + match.length) >= 2,
                   !breaksName(position..<(position + match.length)) {
                    cut = max(cut, position + match.length)
                }
            }
        }
        return cut
    }

    /// Whether `name` is a generic word (老旧), or ends with one of two or more characters
    /// (去年老旧 after a stop character cut off 去).
    private func isGeneric(_ name: String) -> Bool {
        if genericCommunityNames.contains(name) { return true }
        let scalars = Array(name.unicodeScalars)
        guard scalars.count > 2 else { return false }
        for from in 1...(scalars.count - 2) where genericCommunityNames.contains(scalars.string(from..<scalars.count)) {
            return true
        }
        return false
    }

    /// Whether the name in `range` ends with a preposition such as 在 or 到 that is not
    /// part of a name word: 停在小区 names no community.
    private func endsWithPreposition(_ s: [Unicode.Scalar], name range: Range<Int>) -> Bool {
        guard let last = range.last, communityNeverLastChars.contains(s[last]) else { return false }
        for position in range {
            if let match = communityNameWords.longestMatch(in: s, at: position), position + match.length > last {
                return false
            }
        }
        return true
    }

    private func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.isHan || scalar.isASCIILetter) && !communityStopChars.contains(scalar)
    }
}
