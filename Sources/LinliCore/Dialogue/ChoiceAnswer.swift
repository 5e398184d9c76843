import Foundation

/// A resident's reply to 您是想反映：1. 设施报修 2. 安全隐患 3. 都不是, read from what they
/// type: a number (2, ２, 二, 第二个, 2号, 选2), 都不是/不是/0, or words of an offered name
/// (报修, 隐患).
enum ChoiceAnswer: Equatable {
    /// The offered choice with this number, counted from 1.
    case number(Int)
    /// The offered choice at this index, counted from 0, picked by words of its name.
    case named(Int)
    /// None of those offered.
    case none

    /// What `text` picks among `names`, the offered choices in the order they were numbered
    /// (the "none" line numbered after them), or nil when it does not read as an answer.
    static func parse(_ text: String, names: [String], words: Words) -> ChoiceAnswer? {
        let t = Words.bare(text)
        if t.isEmpty || t.count > 30 { return nil }
        if words.noneOfThese.contains(t) || words.noneOfTheseStarts.contains(where: t.hasPrefix) { return ChoiceAnswer.none }
        if let number = number(t, words) {
            if (1...names.count).contains(number) { return .number(number) }
            // The "none" line is numbered after the choices; 0 reads as none too.
            return number == 0 || number == names.count + 1 ? ChoiceAnswer.none : nil
        }
        return named(t, names: names).map { .named($0) }
    }

    /// The number `t` names once the words around it are taken off (第…个, 选…, …号), or nil.
    private static func number(_ t: String, _ words: Words) -> Int? {
        var rest = Substring(t)
        for prefix in words.choicePrefixes where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
        }
        while let last = rest.last, words.choiceSuffixes.contains(last) { rest = rest.dropLast() }
        guard rest.count == 1, let digit = rest.first else { return nil }
        return words.digit(digit)
    }

    /// The one name sharing the longest run of at least two characters with `t` (报修 in
    /// 设施报修), or nil when no name does or two share as much.
    private static func named(_ t: String, names: [String]) -> Int? {
        let runs = names.map { commonRun(Array(t), Array($0)) }
        guard let best = runs.max(), best >= 2, runs.count(where: { $0 == best }) == 1 else { return nil }
        return runs.firstIndex(of: best)
    }

    /// The length of the longest run of characters that `a` and `b` share.
    private static func commonRun(_ a: [Character], _ b: [Character]) -> Int {
        var best = 0
        var previous = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var current = [Int](repeating: 0, count: b.count + 1)
            for (j, y) in b.enumerated() where x == y {
                current[j + 1] = previous[j] + 1
                best = max(best, current[j + 1])
            }
            previous = current
        }
        return best
    }
}
