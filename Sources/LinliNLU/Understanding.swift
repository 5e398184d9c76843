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

    /// Creates an understanding.
    public init(text: String, intent: String, confidence: Double, slots: [String: String], alternatives: [Alternative]) {
        self.text = text
        self.intent = intent
        self.confidence = confidence
        self.slots = slots
        self.alternatives = alternatives
    }
}
