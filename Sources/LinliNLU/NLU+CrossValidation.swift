/// Cross-validation over the catalog's own examples: the honest score of the classifier,
/// since every message is scored by a model that never saw it.
extension NLU {
    /// Splits every intent's examples into `folds` parts, trains on all but one part and
    /// scores that part, for each part in turn.
    public static func crossValidate(catalog: IntentCatalog, folds: Int = 5, configuration: Configuration = .init()) throws -> Evaluation {
        var held: [LabelledMessage] = []
        var understandings: [Understanding] = []
        try forEachFold(catalog: catalog, folds: folds, configuration: configuration) { nlu, messages in
            held += messages
            understandings += messages.map { nlu.parse($0.text) }
        }
        return Evaluation.summarize(held, understandings, slotNames: [])
    }

    /// The classifier's raw scores for every example, each from the fold that held it out,
    /// with the index of its true intent: what a temperature is fitted on.
    public static func heldOutScores(catalog: IntentCatalog, folds: Int = 5) throws -> [(scores: [Float], label: Int)] {
        let labels = Dictionary(uniqueKeysWithValues: catalog.intents.enumerated().map { ($1.id, $0) })
        var result: [(scores: [Float], label: Int)] = []
        try forEachFold(catalog: catalog, folds: folds, configuration: .init()) { nlu, messages in
            for message in messages {
                guard let label = labels[message.intent] else { continue }
                result.append((nlu.scores(message.text), label))
            }
        }
        return result
    }

    private static func forEachFold(catalog: IntentCatalog, folds: Int, configuration: Configuration,
                                    _ body: (NLU, [LabelledMessage]) throws -> Void) throws {
        precondition(folds >= 2, "cross-validation needs at least two folds")
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
            try body(try NLU(catalog: catalog, configuration: configuration, training: training), held)
        }
    }
}
