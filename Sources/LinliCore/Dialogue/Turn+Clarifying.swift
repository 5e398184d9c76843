import Foundation
import LinliNLU

/// When linli cannot tell which of a few intents a message meant, it asks rather than
/// guesses, and the resident's pick is handled as if the message had been clear.
extension Turn {
    /// Asks which of `u.choices` the message meant, keeping its words and slots for the answer.
    mutating func askWhichIntent(_ u: Understanding, _ text: String) {
        let question = Conversation.IntentQuestion(choices: u.choices, text: text, slots: u.slots)
        conversation.question = question
        let choices = question.choices.enumerated().map { index, intent -> [String: Any] in
            ["number": index + 1, "name": engine.intentName(intent)]
        }
        say(.clarifyAsk, ["choices": choices, "none_number": choices.count + 1])
    }

    /// Handles `text` as the answer to `question`, and says whether it was one. It was not
    /// when it is a new clear message of its own, or a rating the resident owes: the question
    /// is dropped and the message goes its ordinary way. Any answer settles the question.
    mutating func answer(_ question: Conversation.IntentQuestion, _ u: Understanding, _ text: String) throws -> Bool {
        conversation.question = nil
        let names = question.choices.map(engine.intentName)
        switch ChoiceAnswer.parse(text, names: names, words: words) {
        case .number(let number)?:
            try choose(question.choices[number - 1], for: question, answer: nil)
            return true
        case .named(let index)?:
            try choose(question.choices[index], for: question, answer: u)
            return true
        case .none?:
            sayCapabilities()
            return true
        case nil:
            break
        }
        if engine.kind(of: u.intent) == .cancel && confident(u) && u.slots.isEmpty {
            // 算了 drops the question as it drops a form, rather than withdrawing an earlier request.
            say(.formCancelled)
            return true
        }
        if confident(u) && u.choices.isEmpty && !question.choices.contains(u.intent) {
            return false
        }
        if let intent = pick(among: question.choices, u) {
            try choose(intent, for: question, answer: u)
            return true
        }
        if conversation.awaitingRating != nil && Rating.parse(text, words: words) != nil {
            return false
        }
        if !u.choices.isEmpty {
            // Unclear in its own way: a new message rather than an answer, asked about afresh.
            return false
        }
        sayCapabilities()
        return true
    }

    /// The offered intent the NLU prefers for the answer when it is clear among those
    /// offered: its own best intent when it is sure of it, or one holding `cover` of what the
    /// offered intents hold together (the share that let the NLU offer them at all).
    private func pick(among offered: [String], _ u: Understanding) -> String? {
        if confident(u) && u.choices.isEmpty && offered.contains(u.intent) { return u.intent }
        var probability: [String: Double] = [:]
        for alternative in u.alternatives { probability[alternative.intent] = alternative.confidence }
        if engine.kind(of: u.intent) != .fallback { probability[u.intent] = u.confidence }
        let ranked = offered.map { ($0, probability[$0] ?? 0) }.sorted { $0.1 > $1.1 }
        let total = ranked.reduce(0) { $0 + $1.1 }
        let rule = engine.nlu.catalog.settings.clarification
        guard let best = ranked.first, best.1 >= rule.minChoice, best.1 >= rule.cover * total else { return nil }
        return best.0
    }

    /// Handles the question's message as if it had been understood as `intent` at once: its
    /// slots (and those of a worded answer) fill the form, so a report with every slot opens.
    private mutating func choose(_ intent: String, for question: Conversation.IntentQuestion, answer: Understanding?) throws {
        var slots = question.slots
        var text = question.text
        if let answer, !answer.slots.isEmpty {
            // 是报修，在3号楼 adds to the report: keep its words with the message's.
            slots.merge(answer.slots) { _, new in new }
            text += "；" + answer.text
        }
        let understood = Understanding(text: text, intent: intent, confidence: 1, slots: slots, alternatives: [])
        try fresh(understood, text)
    }

    /// Says that linli could not tell, what it can do, and how to reach a person.
    private mutating func sayCapabilities() {
        let names = engine.nlu.catalog.intents
            .filter { $0.kind == .report || $0.kind == .service }
            .map(\.name)
        say(.clarifyNone, ["capabilities": names.joined(separator: "、")])
    }
}
