import Foundation

/// What 双报到 reads registrations by, from `enrolment:` of `responses/enrolment.yaml`: the
/// words that start one whatever the NLU makes of the message, the words that make it a
/// unit's, a member's answer for having no unit, and the service types offered.
public struct EnrolmentWords: Sendable, Equatable, Decodable {
    /// Words that start a registration on their own (双报到, 党员报到).
    public var startWords: [String]
    /// Words that make a registration a unit's (我们单位, 结对, 共建).
    public var unitWords: [String]
    /// Whole answers meaning "no unit" (无, 没有, 退休了).
    public var noUnit: Set<String>
    /// How a registration records "no unit": the first of those words.
    public var noUnitAnswer: String?
    /// The service types a community lists (理发, 义诊 …); an offer may also be free text.
    public var serviceTypes: [String]

    enum CodingKeys: String, CodingKey {
        case startWords = "start_words", unitWords = "unit_words", noUnit = "no_unit_words", serviceTypes = "service_types"
    }

    /// No words: nothing starts a registration but the `volunteer_signup` intent, every
    /// registration is a member's, and offers are free text.
    public init() {
        startWords = []
        unitWords = []
        noUnit = []
        noUnitAnswer = nil
        serviceTypes = []
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func list(_ key: CodingKeys) throws -> [String] {
            let words = try c.decode([String].self, forKey: key).map(Words.bare)
            guard !words.contains(where: \.isEmpty) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.stringValue) has an empty word")
            }
            return words
        }
        startWords = try list(.startWords)
        unitWords = try list(.unitWords)
        let none = try list(.noUnit)
        noUnit = Set(none)
        noUnitAnswer = none.first
        serviceTypes = try list(.serviceTypes)
    }

    /// Whether `text` starts a registration by its words alone.
    func starts(_ text: String) -> Bool {
        startWords.contains { text.firstRange(of: $0) != nil }
    }

    /// Whether a registration starting with `text` is a unit's.
    func isUnit(_ text: String) -> Bool {
        unitWords.contains { text.firstRange(of: $0) != nil }
    }

    /// Whether `text`, as a whole answer, says the member has no unit.
    func saysNoUnit(_ text: String) -> Bool {
        noUnit.contains(Words.bare(text))
    }
}
