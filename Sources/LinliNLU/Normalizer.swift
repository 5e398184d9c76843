/// Turns a resident's message into a canonical form that the classifier and slot
/// extractors read: half-width, lower-case ASCII, simplified characters, synonyms and typos
/// replaced from the lexicon, and Chinese numerals written as digits where they count
/// something (三号楼 → 3号楼, 八十二岁 → 82岁, 三零二 → 302).
public struct Normalizer: Sendable {
    private let traditional: CharacterMap
    private let replacements: ScalarTrie<[Unicode.Scalar]>

    /// Creates a normaliser from the lexicon's replacement and character tables.
    public init(lexicon: Lexicon) {
        traditional = CharacterMap(lexicon.traditional)
        var trie = ScalarTrie<[Unicode.Scalar]>()
        let charMap = CharacterMap(lexicon.traditional)
        // Keys go through the same character stage as messages, so 'Thank You' matches 'thank you'.
        for (phrase, replacement) in lexicon.replacements {
            let key = phrase.unicodeScalars.compactMap { Normalizer.mapCharacter($0, traditional: charMap) }
            let value = replacement.unicodeScalars.compactMap { Normalizer.mapCharacter($0, traditional: charMap) }
            guard !key.isEmpty else { continue }
            trie.insert(key, value: value)
        }
        replacements = trie
    }

    /// Normalises `text`.
    public func normalize(_ text: String) -> NormalizedText {
        let original = Array(text.unicodeScalars)
        var stage = Buffer(capacity: original.count)
        for (index, scalar) in original.enumerated() {
            if let mapped = Normalizer.mapCharacter(scalar, traditional: traditional) {
                stage.append(mapped, Int32(index), Int32(index + 1))
            }
        }
        let replaced = applyReplacements(stage)
        let numbered = Normalizer.convertNumerals(replaced)
        return NormalizedText(original: original, scalars: numbered.scalars, starts: numbered.starts, ends: numbered.ends)
    }

    /// One character in, at most one out: width, case, traditional form, and invisible or
    /// control characters (dropped, or turned into a space where they separate words).
    static func mapCharacter(_ scalar: Unicode.Scalar, traditional: CharacterMap) -> Unicode.Scalar? {
        let value = scalar.value
        switch value {
        case 0xFF01...0xFF5E:
            return mapCharacter(Unicode.Scalar(value - 0xFEE0)!, traditional: traditional)
        case 0x3000, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0:
            return " "
        case 0x41...0x5A:
            return Unicode.Scalar(value + 0x20)!
        case 0x00...0x1F, 0x7F...0x9F:
            return " "
        case 0x200B...0x200F, 0xFEFF, 0xFE00...0xFE0F, 0x2060...0x2064:
            return nil
        case 0x3002, 0xFF61:
            return "."
        case 0x3001:
            return ","
        default:
            if value < 0x3400 { return scalar }
            return traditional.map(scalar)
        }
    }

    private func applyReplacements(_ input: Buffer) -> Buffer {
        guard !replacements.isEmpty else { return input }
        var output = Buffer(capacity: input.scalars.count)
        var index = 0
        while index < input.scalars.count {
            if let match = replacements.longestMatch(in: input.scalars, at: index) {
                let start = input.starts[index]
                let end = input.ends[index + match.length - 1]
                for scalar in match.value { output.append(scalar, start, end) }
                index += match.length
            } else {
                output.append(input.scalars[index], input.starts[index], input.ends[index])
                index += 1
            }
        }
        return output
    }

    // MARK: Chinese numerals

    @inline(__always)
    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "零", "〇": return 0
        case "一", "幺": return 1
        case "二", "两": return 2
        case "三": return 3
        case "四": return 4
        case "五": return 5
        case "六": return 6
        case "七": return 7
        case "八": return 8
        case "九": return 9
        default: return nil
        }
    }

    @inline(__always)
    private static func unitValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "十": return 10
        case "百": return 100
        case "千": return 1000
        default: return nil
        }
    }

    /// Particles that end an age (八十了, 九十啦); the slot extractor reads ages with them too.
    static let ageEndings = ScalarSet("了咧啦喽嘞".unicodeScalars)

    /// Words after a numeral that make it a count or a label worth writing as digits.
    private static let measures: [[Unicode.Scalar]] = [
        "号", "栋", "幢", "单元", "室", "户", "岁", "周岁", "多岁", "楼", "层", "#", "座", "期", "排", "组",
    ].map { Array($0.unicodeScalars) }

    static func convertNumerals(_ input: Buffer) -> Buffer {
        let scalars = input.scalars
        var output = Buffer(capacity: scalars.count)
        var index = 0
        while index < scalars.count {
            let runStart = index
            var hasUnit = false
            while index < scalars.count {
                let scalar = scalars[index]
                if digitValue(scalar) != nil {
                    index += 1
                } else if unitValue(scalar) != nil {
                    hasUnit = true
                    index += 1
                } else {
                    break
                }
            }
            if index == runStart {
                output.append(scalars[index], input.starts[index], input.ends[index])
                index += 1
                continue
            }
            let run = Array(scalars[runStart..<index])
            if shouldConvert(run, hasUnit: hasUnit, in: scalars, start: runStart, end: index),
               let digits = numeralDigits(run, hasUnit: hasUnit) {
                let start = input.starts[runStart]
                let end = input.ends[index - 1]
                for digit in digits { output.append(digit, start, end) }
            } else {
                for position in runStart..<index {
                    output.append(scalars[position], input.starts[position], input.ends[position])
                }
            }
        }
        return output
    }

    private static func shouldConvert(_ run: [Unicode.Scalar], hasUnit: Bool, in scalars: [Unicode.Scalar], start: Int, end: Int) -> Bool {
        // A lone 两 or 十 is far more often a word (两个, 十分) than a number, and 百岁 or
        // 千户 is a phrase.
        if run.count == 1, run[0] == "两" || run[0] == "十" || run[0] == "幺" {
            return end < scalars.count && (scalars[end] == "号" || scalars[end] == "岁")
        }
        if run.count == 1, run[0] == "百" || run[0] == "千" { return false }
        // 八十六了: a spoken age.
        if hasUnit, end < scalars.count, ageEndings.contains(scalars[end]) { return true }
        if !hasUnit && run.count >= 3 { return true }
        if start > 0 && scalars[start - 1] == "第" { return true }
        for measure in measures where end + measure.count <= scalars.count {
            if scalars[end..<(end + measure.count)].elementsEqual(measure) { return true }
        }
        return false
    }

    /// Digits for a numeral run: positional (三零二 → 302) or with units (八十二 → 82).
    private static func numeralDigits(_ run: [Unicode.Scalar], hasUnit: Bool) -> [Unicode.Scalar]? {
        if !hasUnit {
            return run.map { Unicode.Scalar(UInt8(48 + digitValue($0)!)) }
        }
        var total = 0
        var current = 0
        var sawDigit = false
        for scalar in run {
            if let digit = digitValue(scalar) {
                current = digit
                sawDigit = true
            } else if let unit = unitValue(scalar) {
                // 十一 has no digit before 十: it means one ten.
                total += (sawDigit ? current : 1) * unit
                current = 0
                sawDigit = false
            }
        }
        total += current
        guard total > 0 else { return nil }
        return Array(String(total).unicodeScalars)
    }

    /// Traditional → simplified, as a table lookup instead of a hashed dictionary.
    struct CharacterMap: Sendable {
        private var table = IntegerTable()
        init(_ pairs: [Unicode.Scalar: Unicode.Scalar]) {
            for (from, to) in pairs { table.set(UInt64(from.value), Int32(to.value)) }
        }
        @inline(__always)
        func map(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
            guard let value = table[UInt64(scalar.value)] else { return scalar }
            return Unicode.Scalar(UInt32(value)) ?? scalar
        }
    }

    /// Scalars with their source ranges, built up stage by stage.
    struct Buffer {
        var scalars: [Unicode.Scalar] = []
        var starts: [Int32] = []
        var ends: [Int32] = []

        init(capacity: Int) {
            scalars.reserveCapacity(capacity)
            starts.reserveCapacity(capacity)
            ends.reserveCapacity(capacity)
        }

        mutating func append(_ scalar: Unicode.Scalar, _ start: Int32, _ end: Int32) {
            scalars.append(scalar)
            starts.append(start)
            ends.append(end)
        }
    }
}
