import Foundation

/// A resident's rating of a resolved request, read from what they type with the words of
/// `responses/words.yaml`: 满意/一般/不满意, 1–5 分, 五星, or a lone digit.
enum Rating {
    /// The rating 1–5, or nil when `text` is not a rating.
    static func parse(_ text: String, words: Words) -> Int? {
        let t = Words.bare(text)
        if t.isEmpty || t.count > 30 { return nil }
        for (phrase, score) in words.ratings where t.firstRange(of: phrase) != nil {
            return score
        }
        for unit in words.ratingUnits where t.hasSuffix(unit) {
            let head = t.dropLast(unit.count).trimmingCharacters(in: .whitespaces)
            if let last = head.last, let value = words.digit(last), (1...5).contains(value) { return value }
        }
        if t.count == 1, let only = t.first, only.isNumber, let value = words.digit(only), (1...5).contains(value) { return value }
        if t.allSatisfy(words.ratingStars.contains) { return min(5, t.count) }
        return nil
    }
}
