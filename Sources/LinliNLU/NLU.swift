import Dispatch
import Foundation
import Synchronization

/// The intent engine: normalises a message, classifies it and reads its slots.
///
/// Built once at start-up from an `IntentCatalog` (training takes a fraction of a second);
/// `parse` is then pure and safe to call from any thread.
public struct NLU: Sendable {
    /// Settings of the engine.
    public struct Configuration: Sendable {
        /// Below this confidence the message is not understood and reported as `out_of_scope`;
        /// nil takes `fallback_threshold` of the catalog's `understanding.yaml`.
        public var fallbackThreshold: Double?
        /// Community names of the configured grids; they win over the suffix patterns.
        public var communities: [String]
        /// How many alternatives `parse` lists.
        public var alternativeCount: Int

        /// Creates a configuration.
        public init(fallbackThreshold: Double? = nil, communities: [String] = [], alternativeCount: Int = 3) {
            self.fallbackThreshold = fallbackThreshold
            self.communities = communities
            self.alternativeCount = alternativeCount
        }
    }

    /// The id reported for messages outside what linli handles or does not understand.
    public static let outOfScope = "out_of_scope"

    /// The intents the engine was built from.
    public let catalog: IntentCatalog
    /// The engine's settings.
    public let configuration: Configuration
    /// The normaliser, shared with callers that need the normalised text.
    public let normalizer: Normalizer
    let features: FeatureExtractor
    let classifier: IntentClassifier
    let slots: SlotExtractor
    private let intentIDs: [String]

    /// Builds the engine, training the classifier on every example of `catalog`.
    public init(catalog: IntentCatalog, configuration: Configuration = .init()) throws {
        try self.init(catalog: catalog, configuration: configuration, training: catalog.intents)
    }

    /// Builds the engine but trains only on `training` (the same intents, a subset of their
    /// examples): cross-validation scores the rest.
    init(catalog: IntentCatalog, configuration: Configuration, training: [IntentDefinition],
         classifierConfiguration: IntentClassifier.Configuration = .init()) throws {
        self.catalog = catalog
        self.configuration = configuration
        let normalizer = Normalizer(lexicon: catalog.lexicon)
        let features = try FeatureExtractor(intents: catalog.intents, normalizer: normalizer)
        self.normalizer = normalizer
        self.features = features
        slots = SlotExtractor(lexicon: catalog.lexicon, normalizer: normalizer, communities: configuration.communities)
        intentIDs = catalog.intents.map(\.id)
        let labels = Dictionary(uniqueKeysWithValues: intentIDs.enumerated().map { ($1, $0) })
        let texts = training.flatMap { intent in labels[intent.id].map { label in intent.examples.map { (text: $0, label: label) } } ?? [] }
        let clauses = classifierConfiguration.clauses
        // Reading the examples is independent per example: on all cores, in slices whose
        // results join in the examples' order, so the model is the same on any machine.
        let sliceCount = min(texts.count, 64)
        let slices = Mutex([[IntentClassifier.Example]](repeating: [], count: sliceCount))
        DispatchQueue.concurrentPerform(iterations: sliceCount) { k in
            var slice: [IntentClassifier.Example] = []
            for (text, label) in texts[(texts.count * k / sliceCount)..<(texts.count * (k + 1) / sliceCount)] {
                let normalized = normalizer.normalize(text)
                slice.append(.init(features: features.features(of: normalized), label: label))
                guard clauses.weight > 0, normalized.scalars.count > clauses.fromExamplesLongerThan else { continue }
                for clause in Clauses.split(normalized, minimumLength: clauses.minimumLength) {
                    slice.append(.init(features: features.features(of: clause), label: label, weight: clauses.weight))
                }
            }
            slices.withLock { $0[k] = slice }
        }
        let examples = slices.withLock { $0 }.flatMap { $0 }
        classifier = IntentClassifier(examples: examples, classCount: intentIDs.count, configuration: classifierConfiguration)
    }

    /// Understands one message.
    public func parse(_ text: String) -> Understanding {
        let normalized = normalizer.normalize(text)
        let featureHashes = features.features(of: normalized)
        let (probabilities, knownFeatures) = classifier.probabilities(features: featureHashes, temperature: Float(catalog.settings.temperature))
        var ranked = Array(probabilities.indices)
        ranked.sort { probabilities[$0] > probabilities[$1] }
        let best = ranked[0]
        var intent = intentIDs[best]
        var confidence = Double(probabilities[best])
        if knownFeatures == 0 {
            // Nothing in the message was ever seen in training: emoji only, random letters, blank.
            intent = Self.outOfScope
            confidence = 1
        } else if confidence < (configuration.fallbackThreshold ?? catalog.settings.fallbackThreshold) {
            intent = Self.outOfScope
        }
        // Only the few best matter below; local copies keep the closures from copying `self`.
        let ids = intentIDs
        let clarification = catalog.settings.clarification
        let top = ranked.prefix(clarification.maxChoices + 2).map { (intent: ids[$0], probability: Double(probabilities[$0])) }
        let choices = knownFeatures == 0 ? [] : clarification.choices(ranked: top, excluded: Self.excludedFromChoices,
                                                                               length: normalized.scalars.count)
        var alternatives: [Understanding.Alternative] = []
        alternatives.reserveCapacity(configuration.alternativeCount)
        for index in ranked where ids[index] != intent {
            guard alternatives.count < configuration.alternativeCount else { break }
            alternatives.append(.init(intent: ids[index], confidence: Self.rounded(probabilities[index])))
        }
        return Understanding(
            text: text,
            intent: intent,
            confidence: Self.rounded(Float(confidence)),
            slots: slots.extract(normalized),
            alternatives: alternatives,
            choices: choices
        )
    }

    /// The classifier's raw score per intent (catalog order), before the softmax.
    func scores(_ text: String) -> [Float] {
        classifier.scores(features: features.features(of: normalizer.normalize(text)))
    }

    /// The slots of `text` without classifying it (for answers to a form's question).
    public func slots(of text: String) -> [String: String] {
        slots.extract(normalizer.normalize(text))
    }

    private static let excludedFromChoices: Set<String> = [outOfScope]

    private static func rounded(_ value: Float) -> Double {
        (Double(value) * 10_000).rounded() / 10_000
    }
}
