import Foundation

/// When linli is unsure of a message, it may ask which of a few intents the resident meant
/// instead of guessing. These settings decide when, and are data: `intents/lexicon/understanding.yaml`.
public struct Clarification: Sendable, Equatable, Decodable {
    /// Ask only when the best intent's confidence is below this.
    public var askBelow: Double
    /// Ask only when the offered intents together hold at least this much probability.
    public var cover: Double
    /// At most this many intents are offered (the "none of these" answer comes on top).
    public var maxChoices: Int
    /// An intent is offered only when its own confidence is at least this.
    public var minChoice: Double
    /// Messages shorter than this many characters get no question: a bare 对 or 嗯 after
    /// something else is not a report whose kind is in doubt.
    public var minLength: Int

    /// Creates settings.
    public init(askBelow: Double = 0.6, cover: Double = 0.7, maxChoices: Int = 3, minChoice: Double = 0.05, minLength: Int = 4) {
        self.askBelow = askBelow
        self.cover = cover
        self.maxChoices = maxChoices
        self.minChoice = minChoice
        self.minLength = minLength
    }

    enum CodingKeys: String, CodingKey {
        case askBelow = "ask_below", cover, maxChoices = "max_choices", minChoice = "min_choice", minLength = "min_length"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Clarification()
        askBelow = try c.decodeIfPresent(Double.self, forKey: .askBelow) ?? defaults.askBelow
        cover = try c.decodeIfPresent(Double.self, forKey: .cover) ?? defaults.cover
        maxChoices = try c.decodeIfPresent(Int.self, forKey: .maxChoices) ?? defaults.maxChoices
        minChoice = try c.decodeIfPresent(Double.self, forKey: .minChoice) ?? defaults.minChoice
        minLength = try c.decodeIfPresent(Int.self, forKey: .minLength) ?? defaults.minLength
        guard (0...1).contains(askBelow), (0...1).contains(cover), (0...1).contains(minChoice), (2...5).contains(maxChoices), (0...100).contains(minLength) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "clarification: ask_below, cover and min_choice lie in 0…1, max_choices in 2…5, min_length in 0…100"))
        }
    }

    /// The intents to offer for ranked (intent, probability) pairs, most likely first, or
    /// none when the best is confident enough or the few best do not hold enough probability.
    /// `excluded` intents (out of scope) are never offered: "none of these" stands for them.
    public func choices(ranked: [(intent: String, probability: Double)], excluded: Set<String>, length: Int = .max) -> [String] {
        guard length >= minLength, let best = ranked.first, best.probability < askBelow else { return [] }
        var chosen: [String] = []
        var held = 0.0
        for (intent, probability) in ranked where !excluded.contains(intent) {
            guard chosen.count < maxChoices, probability >= minChoice else { break }
            chosen.append(intent)
            held += probability
            // Two at least: a question with one real choice is a confirmation, not a choice.
            if held >= cover && chosen.count >= 2 { break }
        }
        return held >= cover && chosen.count >= 2 ? chosen : []
    }
}
