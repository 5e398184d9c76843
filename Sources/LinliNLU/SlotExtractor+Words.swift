/// The slots that are words besides the community: location and person.
extension SlotExtractor {
    private static let directions = ScalarSet("东西南北".unicodeScalars)

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
            if surnames.contains(s[index]), index + 1 < s.count,
               let title = personTitles.longestMatch(in: s, at: index + 1),
               index == 0 || !s[index - 1].isHan || communityStopChars.contains(s[index - 1]) {
                return index..<(index + 1 + title.length)
            }
        }
        return nil
    }
}
