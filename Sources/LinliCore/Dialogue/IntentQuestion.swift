extension Conversation {
    /// The question linli asks instead of guessing when a message could mean one of a few
    /// intents (您是想反映：1. … 2. … 3. 都不是). The message waits here, words and slots, until
    /// the resident picks: the pick is then handled as if the message had said it plainly.
    public struct IntentQuestion: Sendable, Codable, Equatable {
        /// The intent ids offered, in the order they were numbered (1, 2, …); 都不是 follows.
        public var choices: [String]
        /// The words of the message that raised the question.
        public var text: String
        /// The slots read from that message, kept for whichever intent is picked.
        public var slots: [String: String]

        /// Creates a question.
        public init(choices: [String], text: String, slots: [String: String]) {
            self.choices = choices
            self.text = text
            self.slots = slots
        }
    }
}
