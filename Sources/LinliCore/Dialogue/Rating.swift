/// A resident's rating of a resolved request, read from what they type: 满意/一般/不满意,
/// 1–5 分, 五星, or a lone digit.
enum Rating {
    /// The rating 1–5, or nil when `text` is not a rating.
    static func parse(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        if t.isEmpty || t.count > 30 { return nil }
        for (word, value) in [("非常不满意", 1), ("很不满意", 1), ("不满意", 1), ("不太满意", 2), ("不咋样", 2), ("差评", 1),
                              ("非常满意", 5), ("很满意", 5), ("满意", 5), ("好评", 5), ("一般", 3), ("还行", 4), ("凑合", 3)]
        where t.contains(word) {
            return value
        }
        let stars: [Character: Int] = ["1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5]
        for suffix in ["星", "分", "颗星"] where t.hasSuffix(suffix) {
            let head = t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            if let last = head.last, let value = stars[last] { return value }
        }
        if t.count == 1, let value = stars[t.first!], t.first!.isNumber { return value }
        if t.allSatisfy({ $0 == "⭐" || $0 == "★" }) { return min(5, t.count) }
        return nil
    }
}

import Foundation
