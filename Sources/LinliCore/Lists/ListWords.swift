import Foundation

/// What the three lists read residents' requests by, from `lists:` of `responses/lists.yaml`:
/// which intents are needs (需求清单), the words that make a request of a few other intents a
/// 小困难, and the words residents use for each service type beside the type's own name.
public struct ListWords: Sendable, Equatable, Decodable {
    /// Intents whose requests are needs (微心愿, 帮办代办).
    public var needIntents: [String]
    /// Words that make a request of a `difficultyIntents` intent a need (小困难).
    public var difficultyWords: [String]
    /// The intents whose requests the `difficultyWords` are looked for in: those where a
    /// resident describes a hardship (转人工, 意见建议) rather than a broken thing. Only these
    /// are read, so that the lists and the report never decode every request of a year.
    public var difficultyIntents: [String]
    /// Service type → the words that name it in a resident's message (剪头 → 理发).
    public var typeWords: [String: [String]]

    enum CodingKeys: String, CodingKey {
        case needIntents = "need_intents", difficultyWords = "difficulty_words", difficultyIntents = "difficulty_intents"
        case typeWords = "type_words"
    }

    /// No words: no request is a need, and a type is named only by itself.
    public init(needIntents: [String] = [], difficultyWords: [String] = [], difficultyIntents: [String] = [],
                typeWords: [String: [String]] = [:]) {
        self.needIntents = needIntents
        self.difficultyWords = difficultyWords
        self.difficultyIntents = difficultyIntents
        self.typeWords = typeWords
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        needIntents = try c.decode([String].self, forKey: .needIntents)
        difficultyWords = try c.decodeIfPresent([String].self, forKey: .difficultyWords) ?? []
        difficultyIntents = try c.decodeIfPresent([String].self, forKey: .difficultyIntents) ?? []
        typeWords = try c.decodeIfPresent([String: [String]].self, forKey: .typeWords) ?? [:]
        // An empty word is in every text: every request would be a need of that type.
        guard !(difficultyWords + typeWords.values.joined()).contains(where: { Words.bare($0).isEmpty }) else {
            throw DecodingError.dataCorruptedError(forKey: .typeWords, in: c, debugDescription: "lists has an empty word")
        }
    }

    /// The service type of `types` that `text` names: the one whose name or word is the
    /// longest found in it (陪他下象棋 → 陪伴老人 when 陪他 is one of its words); nil when none.
    public func serviceType(of text: String, types: [String]) -> String? {
        var best: (type: String, length: Int)?
        for type in types {
            for word in [type] + (typeWords[type] ?? []) where text.contains(word) {
                if word.count > best?.length ?? 0 { best = (type, word.count) }
            }
        }
        return best?.type
    }

    /// Whether `request` is a need: of a need intent, or of a difficulty intent and a 小困难 by
    /// its words.
    public func isNeed(_ request: ServiceRequest) -> Bool {
        if needIntents.contains(request.intent) { return true }
        return difficultyIntents.contains(request.intent) && difficultyWords.contains { request.text.contains($0) }
    }

    /// The intents a need may be of, each once, in order.
    var intents: [String] {
        var seen = Set<String>()
        return (needIntents + difficultyIntents).filter { seen.insert($0).inserted }
    }
}
