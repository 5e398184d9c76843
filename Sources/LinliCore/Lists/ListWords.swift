import Foundation

/// What the three lists read residents' requests by, from `lists:` of `responses/lists.yaml`:
/// which intents are needs (需求清单), the words that make any other request a 小困难, and
/// the words residents use for each service type beside the type's own name.
public struct ListWords: Sendable, Equatable, Decodable {
    /// Intents whose requests are needs (微心愿, 帮办代办).
    public var needIntents: [String]
    /// Words that make a request of another intent a need (小困难).
    public var difficultyWords: [String]
    /// Service type → the words that name it in a resident's message (剪头 → 理发).
    public var typeWords: [String: [String]]

    enum CodingKeys: String, CodingKey {
        case needIntents = "need_intents", difficultyWords = "difficulty_words", typeWords = "type_words"
    }

    /// No words: no request is a need, and a type is named only by itself.
    public init(needIntents: [String] = [], difficultyWords: [String] = [], typeWords: [String: [String]] = [:]) {
        self.needIntents = needIntents
        self.difficultyWords = difficultyWords
        self.typeWords = typeWords
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        needIntents = try c.decode([String].self, forKey: .needIntents)
        difficultyWords = try c.decodeIfPresent([String].self, forKey: .difficultyWords) ?? []
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

    /// Whether `request` is a need: of a need intent, or a 小困难 by its words. Registrations
    /// (双报到) and other requests opened for staff are not.
    public func isNeed(_ request: ServiceRequest) -> Bool {
        if needIntents.contains(request.intent) { return true }
        return !request.isRegistration && difficultyWords.contains { request.text.contains($0) }
    }
}
