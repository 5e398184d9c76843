/// Scores of the classifier and slot extractor on labelled messages.
public struct Evaluation: Sendable, Codable {
    /// Precision, recall and F1 of one intent or slot.
    public struct Score: Sendable, Codable, Equatable {
        /// Correct predictions of this label over all predictions of it.
        public var precision: Double
        /// Correct predictions of this label over all messages that have it.
        public var recall: Double
        /// The harmonic mean of precision and recall.
        public var f1: Double
        /// How many messages carry this label.
        public var support: Int
        /// Right predictions.
        public var truePositives: Int
        /// Predictions of this label that were wrong.
        public var falsePositives: Int
        /// Labels this prediction missed.
        public var falseNegatives: Int
    }

    /// A pair of intents the classifier mixed up, and how often.
    public struct Confusion: Sendable, Codable, Equatable {
        /// The labelled intent.
        public var expected: String
        /// The intent the classifier gave.
        public var predicted: String
        /// How many messages.
        public var count: Int
    }

    /// A message the classifier got wrong.
    public struct Miss: Sendable, Codable, Equatable {
        /// The line's id, if it had one.
        public var id: String?
        /// The message.
        public var text: String
        /// The labelled intent.
        public var expected: String
        /// The intent the classifier gave.
        public var predicted: String
        /// Its confidence.
        public var confidence: Double
    }

    /// How many messages were scored.
    public var count: Int
    /// Share of messages whose intent was right.
    public var accuracy: Double
    /// The mean F1 over intents that occur in the labels.
    public var macroF1: Double
    /// Scores per intent.
    public var intents: [String: Score]
    /// The most frequent confusions, most frequent first.
    public var confusions: [Confusion]
    /// Scores per slot, over the slots the labels use.
    public var slots: [String: Score]
    /// Micro-averaged slot scores over all labelled slots.
    public var slotsOverall: Score
    /// The misclassified messages.
    public var misses: [Miss]
    /// Confidence against accuracy, in bins.
    public var calibration: Calibration?
    /// Share of messages that reach the right intent when a clarifying question counts as
    /// one extra turn: right when no question is asked and the intent is right, or when the
    /// truth is among the offered choices (or is out of scope, answered by "none of these").
    public var accuracyWithChoices: Double?
    /// How many messages got a clarifying question.
    public var clarified: Int?

    /// Scores `nlu` on `messages`. Slots are scored only for the names in `slotNames`, so
    /// that unlabelled slots (location, person) do not count as false positives.
    public static func run(_ nlu: NLU, on messages: [LabelledMessage],
                           slotNames: Set<String> = ["community", "building", "unit", "room", "phone", "age", "plate"]) -> Evaluation {
        summarize(messages, messages.map { nlu.parse($0.text) }, slotNames: slotNames)
    }

    /// Scores understandings against their labelled messages (the same order).
    static func summarize(_ messages: [LabelledMessage], _ understandings: [Understanding], slotNames: Set<String>) -> Evaluation {
        var predictions: [(expected: String, predicted: String)] = []
        var misses: [Miss] = []
        var slotCounts: [String: (tp: Int, fp: Int, fn: Int)] = [:]
        var outcomes: [(confidence: Double, right: Bool)] = []
        var rightWithChoices = 0
        var asked = 0
        for (message, understanding) in zip(messages, understandings) {
            predictions.append((message.intent, understanding.intent))
            outcomes.append((understanding.confidence, understanding.intent == message.intent))
            if understanding.choices.isEmpty {
                if understanding.intent == message.intent { rightWithChoices += 1 }
            } else {
                // The resident picks the truth among the choices, or 都不是 for out of scope.
                asked += 1
                if understanding.choices.contains(message.intent) || message.intent == NLU.outOfScope { rightWithChoices += 1 }
            }
            if understanding.intent != message.intent {
                misses.append(Miss(id: message.id, text: message.text, expected: message.intent,
                                   predicted: understanding.intent, confidence: understanding.confidence))
            }
            for name in slotNames {
                let expected = message.slots[name]
                let predicted = understanding.slots[name]
                var counts = slotCounts[name] ?? (0, 0, 0)
                switch (expected, predicted) {
                case let (e?, p?) where e == p: counts.tp += 1
                case let (e?, p?) where e != p: counts.fp += 1; counts.fn += 1
                case (_?, nil): counts.fn += 1
                case (nil, _?): counts.fp += 1
                default: break
                }
                slotCounts[name] = counts
            }
        }
        var evaluation = summarize(predictions, misses: misses, slotCounts: slotCounts)
        evaluation.calibration = Calibration(outcomes)
        evaluation.accuracyWithChoices = messages.isEmpty ? 0 : Double(rightWithChoices) / Double(messages.count)
        evaluation.clarified = asked
        return evaluation
    }

    /// Builds the scores from (expected, predicted) pairs and per-slot counts.
    static func summarize(_ predictions: [(expected: String, predicted: String)], misses: [Miss],
                          slotCounts: [String: (tp: Int, fp: Int, fn: Int)]) -> Evaluation {
        var labels = Set<String>()
        var confusion: [String: [String: Int]] = [:]
        var correct = 0
        for (expected, predicted) in predictions {
            labels.insert(expected)
            confusion[expected, default: [:]][predicted, default: 0] += 1
            if expected == predicted { correct += 1 }
        }
        var intents: [String: Score] = [:]
        for label in labels {
            let tp = confusion[label]?[label] ?? 0
            let support = confusion[label]?.values.reduce(0, +) ?? 0
            let predictedCount = confusion.values.reduce(0) { $0 + ($1[label] ?? 0) }
            intents[label] = score(tp: tp, fp: predictedCount - tp, fn: support - tp, support: support)
        }
        var pairs: [Confusion] = []
        for (expected, row) in confusion {
            for (predicted, count) in row where predicted != expected {
                pairs.append(Confusion(expected: expected, predicted: predicted, count: count))
            }
        }
        pairs.sort { ($0.count, $1.expected, $1.predicted) > ($1.count, $0.expected, $0.predicted) }
        var slots: [String: Score] = [:]
        var total = (tp: 0, fp: 0, fn: 0)
        for (name, counts) in slotCounts where counts.tp + counts.fn > 0 {
            slots[name] = score(tp: counts.tp, fp: counts.fp, fn: counts.fn, support: counts.tp + counts.fn)
            total.tp += counts.tp
            total.fp += counts.fp
            total.fn += counts.fn
        }
        let macro = labels.isEmpty ? 0 : intents.values.map(\.f1).reduce(0, +) / Double(labels.count)
        return Evaluation(
            count: predictions.count,
            accuracy: predictions.isEmpty ? 0 : Double(correct) / Double(predictions.count),
            macroF1: macro,
            intents: intents,
            confusions: Array(pairs.prefix(10)),
            slots: slots,
            slotsOverall: score(tp: total.tp, fp: total.fp, fn: total.fn, support: total.tp + total.fn),
            misses: misses
        )
    }

    /// The micro-averaged score over the named slots only.
    public func slotScore(over names: Set<String>) -> Score {
        let chosen = slots.filter { names.contains($0.key) }.values
        return Self.score(tp: chosen.map(\.truePositives).reduce(0, +),
                          fp: chosen.map(\.falsePositives).reduce(0, +),
                          fn: chosen.map(\.falseNegatives).reduce(0, +),
                          support: chosen.map(\.support).reduce(0, +))
    }

    private static func score(tp: Int, fp: Int, fn: Int, support: Int) -> Score {
        let precision = tp + fp == 0 ? 0 : Double(tp) / Double(tp + fp)
        let recall = tp + fn == 0 ? 0 : Double(tp) / Double(tp + fn)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return Score(precision: precision, recall: recall, f1: f1, support: support,
                     truePositives: tp, falsePositives: fp, falseNegatives: fn)
    }
}
