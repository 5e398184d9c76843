/// What linli understood of one message: the intent, how sure it is, the slots, and the
/// next best intents.
public struct Understanding: Sendable, Codable, Equatable {
    /// An intent with its confidence.
    public struct Alternative: Sendable, Codable, Equatable {
        /// The intent id.
        public var intent: String
        /// The classifier's probability for it, 0…1.
        public var confidence: Double

        /// Creates an alternative.
        public init(intent: String, confidence: Double) {
            self.intent = intent
            self.confidence = confidence
        }
    }

    /// The message as received.
    public var text: String
    /// The intent id; `out_of_scope` when nothing known was recognised with enough confidence.
    public var intent: String
    /// How sure the classifier is of `intent`, 0…1.
    public var confidence: Double
    /// Slots by name, in the taxonomy's normal form.
    public var slots: [String: String]
    /// The next best intents, most likely first.
    public var alternatives: [Alternative]
    /// When linli is unsure: the intents to offer the resident in a clarifying question,
    /// most likely first (two or three). Empty when linli is sure enough or has no good guess.
    public var choices: [String]

    /// Creates an understanding.
    public init(text: String, intent: String, confidence: Double, slots: [String: String], alternatives: [Alternative], choices: [String] = []) {
        self.text = text
        self.intent = intent
        self.confidence = confidence
        self.slots = slots
        self.alternatives = alternatives
        self.choices = choices
    }

    enum CodingKeys: String, CodingKey { case text, intent, confidence, slots, alternatives, choices }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        text = try c.decode(String.self, forKey: .text)
        intent = try c.decode(String.self, forKey: .intent)
        confidence = try c.decode(Double.self, forKey: .confidence)
        slots = try c.decode([String: String].self, forKey: .slots)
        alternatives = try c.decode([Alternative].self, forKey: .alternatives)
        choices = try c.decodeIfPresent([String].self, forKey: .choices) ?? []
    }
}
