/// The slots that are words: community, location and person.
extension SlotExtractor {
    private static let directions = Set("东西南北".unicodeScalars)

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
        guard !communitySuffixes.isEmpty else { return nil }
        var found: [Range<Int>] = []
        var index = 0
        while index < s.count {
            var suffixLength = 0
            communitySuffixes.matches(in: s, at: index) { length, _ in suffixLength = max(suffixLength, length) }
            guard suffixLength > 0 else { index += 1; continue }
            let suffixEnd = index + suffixLength
            let floor = found.last?.upperBound ?? 0
            var start = index
            if s.has("号院", at: index) {
                while start > floor, s[start - 1].isASCIIDigit { start -= 1 }
                if start == index { index = suffixEnd; continue }
                // 文化巷2号院: a name may stand before the number.
                if start > floor { start = nameStart(in: s, before: start, floor: floor) }
            } else {
                start = nameStart(in: s, before: index, floor: floor)
                let name = s.string(start..<index)
                let adjoins = !found.isEmpty && start == floor
                if !adjoins && (name.unicodeScalars.count < 2 || genericCommunityNames.contains(name)) {
                    index = suffixEnd
                    continue
                }
                if adjoins && !name.isEmpty && genericCommunityNames.contains(name) {
                    index = suffixEnd
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

    /// Where a community name that ends at `end` starts: back over name characters, at most
    /// six, then forward past the last cut word inside (建议华庭苑 → 华庭苑).
    private func nameStart(in s: [Unicode.Scalar], before end: Int, floor: Int) -> Int {
        var start = end
        while start > floor, end - start < 6, isNameCharacter(s[start - 1]) { start -= 1 }
        var cut = start
        for position in start..<end {
            if let match = communityCutWords.longestMatch(in: s, at: position), position + match.length <= end {
                cut = max(cut, position + match.length)
            }
        }
        return cut
    }

    private func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.isHan || scalar.isASCIILetter) && !lexicon.communityStopChars.contains(scalar)
    }

    /// A place that is not an address (东门口, 菜市场旁边, 地下车库), as written.
    func location(in s: [Unicode.Scalar], skipping taken: [Range<Int>]) -> Range<Int>? {
        var index = 0
        while index < s.count {
            guard !taken.contains(where: { $0.contains(index) }),
                  let match = places.longestMatch(in: s, at: index) else { index += 1; continue }
            var start = index
            if start > 0, Self.directions.contains(s[start - 1]), !taken.contains(where: { $0.contains(start - 1) }) {
                start -= 1
            }
            var end = index + match.length
            if let suffix = placeSuffixes.longestMatch(in: s, at: end) { end += suffix.length }
            return start..<end
        }
        return nil
    }

    /// Who the service is for: 我妈, 俺爸, 我家老爷子, 张大爷, 留守儿童, as written.
    func person(in s: [Unicode.Scalar]) -> Range<Int>? {
        for index in s.indices {
            if let prefix = personPrefixes.longestMatch(in: s, at: index) {
                let after = index + prefix.length
                let kin = personKin.longestMatch(in: s, at: after)?.length ?? 0
                let word = personWords.longestMatch(in: s, at: after)?.length ?? 0
                if max(kin, word) > 0 { return index..<(after + max(kin, word)) }
            }
            if let word = personWords.longestMatch(in: s, at: index) {
                return index..<(index + word.length)
            }
            if lexicon.surnames.contains(s[index]), index + 1 < s.count,
               let title = personTitles.longestMatch(in: s, at: index + 1),
               index == 0 || !s[index - 1].isHan || lexicon.communityStopChars.contains(s[index - 1]) {
                return index..<(index + 1 + title.length)
            }
        }
        return nil
    }
}
