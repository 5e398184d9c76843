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

    /// Creates settings.
    public init(askBelow: Double = 0.6, cover: Double = 0.7, maxChoices: Int = 3, minChoice: Double = 0.05) {
        self.askBelow = askBelow
        self.cover = cover
        self.maxChoices = maxChoices
        self.minChoice = minChoice
    }

    enum CodingKeys: String, CodingKey {
        case askBelow = "ask_below", cover, maxChoices = "max_choices", minChoice = "min_choice"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Clarification()
        askBelow = try c.decodeIfPresent(Double.self, forKey: .askBelow) ?? defaults.askBelow
        cover = try c.decodeIfPresent(Double.self, forKey: .cover) ?? defaults.cover
        maxChoices = try c.decodeIfPresent(Int.self, forKey: .maxChoices) ?? defaults.maxChoices
        minChoice = try c.decodeIfPresent(Double.self, forKey: .minChoice) ?? defaults.minChoice
        guard (0...1).contains(askBelow), (0...1).contains(cover), (0...1).contains(minChoice), (2...5).contains(maxChoices) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "clarification: ask_below, cover and min_choice lie in 0…1, max_choices in 2…5"))
        }
    }

    /// The intents to offer for ranked (intent, probability) pairs, most likely first, or
    /// none when the best is confident enough or the few best do not hold enough probability.
    /// `excluded` intents (out of scope) are never offered: "none of these" stands for them.
    public func choices(ranked: [(intent: String, probability: Double)], excluded: Set<String>) -> [String] {
        guard let best = ranked.first, best.probability < askBelow else { return [] }
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
