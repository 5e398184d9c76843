/// Cross-validation over the catalog's own examples: the honest score of the classifier,
/// since every message is scored by a model that never saw it.
extension NLU {
    /// Splits every intent's examples into `folds` parts, trains on all but one part and
    /// scores that part, for each part in turn.
    public static func crossValidate(catalog: IntentCatalog, folds: Int = 5, configuration: Configuration = .init()) throws -> Evaluation {
        precondition(folds >= 2, "cross-validation needs at least two folds")
        var predictions: [(expected: String, predicted: String)] = []
        var misses: [Evaluation.Miss] = []
        for fold in 0..<folds {
            var training: [IntentDefinition] = []
            var held: [LabelledMessage] = []
            for intent in catalog.intents {
                var kept = intent
                kept.examples = []
                // Interleaved assignment keeps each intent's share equal across folds.
                for (index, example) in intent.examples.enumerated() {
                    if index % folds == fold {
                        held.append(LabelledMessage(text: example, intent: intent.id))
                    } else {
                        kept.examples.append(example)
                    }
                }
                training.append(kept)
            }
            let nlu = try NLU(catalog: catalog, configuration: configuration, training: training)
            for message in held {
                let understanding = nlu.parse(message.text)
                predictions.append((message.intent, understanding.intent))
                if understanding.intent != message.intent {
                    misses.append(.init(id: nil, text: message.text, expected: message.intent,
                                        predicted: understanding.intent, confidence: understanding.confidence))
                }
            }
        }
        return Evaluation.summarize(predictions, misses: misses, slotCounts: [:])
    }
}
