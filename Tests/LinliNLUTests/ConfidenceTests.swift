import Foundation
@testable import LinliNLU
import Testing

@Suite("Confidence, calibration and clarifying choices")
struct ConfidenceTests {
    private let rule = Clarification(askBelow: 0.6, cover: 0.7, maxChoices: 3, minChoice: 0.05)

    @Test("Unsure between two intents that hold most of the probability: both are offered, most likely first")
    func offersTheFewBest() {
        let ranked = [("facility_repair", 0.45), ("safety_hazard", 0.35), ("sanitation", 0.1), ("parking", 0.1)]
        #expect(rule.choices(ranked: ranked, excluded: []) == ["facility_repair", "safety_hazard"])
        // The best alone may hold the cover; a question still offers two.
        let low = Clarification(askBelow: 0.7, cover: 0.5, maxChoices: 3, minChoice: 0.05)
        #expect(low.choices(ranked: [("a", 0.55), ("b", 0.3), ("c", 0.15)], excluded: []) == ["a", "b"])
    }

    @Test("A third intent is added when two do not reach the cover; never more than max_choices")
    func addsAThird() {
        let ranked = [("a", 0.3), ("b", 0.25), ("c", 0.2), ("d", 0.15), ("e", 0.1)]
        #expect(rule.choices(ranked: ranked, excluded: []) == ["a", "b", "c"])
        let four = Clarification(askBelow: 0.6, cover: 0.85, maxChoices: 4, minChoice: 0.05)
        #expect(four.choices(ranked: ranked, excluded: []) == ["a", "b", "c", "d"])
    }

    @Test("No question when linli is sure, when the best few hold too little, or when only one is left")
    func noQuestion() {
        #expect(rule.choices(ranked: [("a", 0.65), ("b", 0.3)], excluded: []).isEmpty)
        #expect(rule.choices(ranked: [("a", 0.2), ("b", 0.2), ("c", 0.2), ("d", 0.2), ("e", 0.2)], excluded: []).isEmpty)
        #expect(rule.choices(ranked: [("a", 0.55), ("b", 0.04), ("c", 0.41)], excluded: []).isEmpty)
    }

    @Test("A message shorter than min_length gets no question")
    func shortMessages() {
        let ranked = [("feedback", 0.45), ("dispute_mediation", 0.35), ("sanitation", 0.2)]
        #expect(rule.choices(ranked: ranked, excluded: [], length: 1).isEmpty)
        #expect(rule.choices(ranked: ranked, excluded: [], length: 4) == ["feedback", "dispute_mediation"])
        #expect(Fixtures.nlu.parse("对").choices.isEmpty)
    }

    @Test("Out of scope is never offered: 都不是 stands for it")
    func outOfScopeIsNotAChoice() {
        let ranked = [("out_of_scope", 0.5), ("a", 0.25), ("b", 0.2), ("c", 0.05)]
        #expect(rule.choices(ranked: ranked, excluded: [NLU.outOfScope]).isEmpty)
        let wider = Clarification(askBelow: 0.6, cover: 0.4, maxChoices: 3, minChoice: 0.05)
        #expect(wider.choices(ranked: ranked, excluded: [NLU.outOfScope]) == ["a", "b"])
    }

    @Test("understanding.yaml is read, and values out of range are refused with the file named")
    func settingsFile() throws {
        let directory = try Fixtures.temporaryDirectory()
        let file = directory.appendingPathComponent("understanding.yaml")
        try "fallback_threshold: 0.25\ntemperature: 0.5\nclarification:\n  ask_below: 0.7\n  max_choices: 2\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let settings = try UnderstandingSettings.load(from: directory)
        #expect(settings.fallbackThreshold == 0.25 && settings.temperature == 0.5)
        #expect(settings.clarification.askBelow == 0.7 && settings.clarification.maxChoices == 2)
        #expect(settings.clarification.cover == Clarification().cover)
        #expect(settings.directOpenThreshold == UnderstandingSettings().directOpenThreshold)
        for bad in ["fallback_threshold: 1.5\n", "temperature: 0\n", "clarification:\n  max_choices: 9\n"] {
            try bad.write(to: file, atomically: true, encoding: .utf8)
            let error = try #require(throws: NLUError.self) { try UnderstandingSettings.load(from: directory) }
            #expect(error.file?.hasSuffix("understanding.yaml") == true, "\(bad)")
        }
        try FileManager.default.removeItem(at: file)
        #expect(try UnderstandingSettings.load(from: directory) == UnderstandingSettings())
    }

    @Test("The reliability table bins confidences by tenths and weighs the gaps by count")
    func reliabilityBins() {
        let outcomes: [(confidence: Double, right: Bool)] = [(0.95, true), (0.92, true), (0.91, false), (0.35, false), (0.31, true), (1.0, true)]
        let c = Calibration(outcomes)
        #expect(c.bins.count == 10)
        #expect(c.bins[9].count == 4 && abs(c.bins[9].accuracy - 0.75) < 1e-9)
        #expect(c.bins[3].count == 2 && abs(c.bins[3].accuracy - 0.5) < 1e-9)
        let expected = 4.0 / 6 * abs((0.95 + 0.92 + 0.91 + 1.0) / 4 - 0.75) + 2.0 / 6 * abs(0.33 - 0.5)
        #expect(abs(c.expectedCalibrationError - expected) < 1e-9)
    }

    @Test("The fitted temperature recovers the one that generated the labels")
    func temperatureFit() {
        var rng = SplitMix64(seed: 7)
        var scored: [(scores: [Float], label: Int)] = []
        for _ in 0..<4000 {
            let scores = (0..<4).map { _ in Float.random(in: -1...1, using: &rng) }
            let p = IntentClassifier.softmax(scores, temperature: 0.4)
            var u = Float.random(in: 0..<1, using: &rng)
            var label = 3
            for (i, q) in p.enumerated() { if u < q { label = i; break }; u -= q }
            scored.append((scores, label))
        }
        let fitted = Calibration.fitTemperature(scored)
        #expect(abs(fitted - 0.4) < 0.05, "fitted \(fitted)")
    }

    @Test("The SVM separates what its features separate, and a repeated word weighs more than a single one")
    func svmLearns() {
        // Features 1…3 mean class 0, 11…13 class 1; 100 occurs in both.
        var examples: [IntentClassifier.Example] = []
        for i in 0..<30 {
            examples.append(.init(features: [1, 2, 100] + (i % 2 == 0 ? [3] : []), label: 0))
            examples.append(.init(features: [11, 12, 100] + (i % 2 == 0 ? [13] : []), label: 1))
        }
        let classifier = IntentClassifier(examples: examples, classCount: 2)
        let zero = classifier.probabilities(features: [2, 100], temperature: 1).probabilities
        let one = classifier.probabilities(features: [12, 100], temperature: 1).probabilities
        #expect(zero[0] > 0.5 && one[1] > 0.5)
        let mixed = classifier.scores(features: [1, 11])
        let leaning = classifier.scores(features: [1, 1, 1, 11])
        #expect(leaning[0] - leaning[1] > mixed[0] - mixed[1])
        #expect(classifier.scored([1, 999]).known == 1)
    }

    @Test("Counting clarifying questions: right when the truth is among the choices or is out of scope")
    func withChoices() {
        func u(_ intent: String, _ choices: [String]) -> Understanding {
            Understanding(text: "", intent: intent, confidence: 0.5, slots: [:], alternatives: [], choices: choices)
        }
        let messages = ["a", "b", "c", NLU.outOfScope, "a"].map { LabelledMessage(text: "", intent: $0) }
        let understandings = [u("a", []), u("a", ["a", "b"]), u("a", ["a", "b"]), u("a", ["a", "b"]), u("b", [])]
        let e = Evaluation.summarize(messages, understandings, slotNames: [])
        #expect(abs(e.accuracy - 0.2) < 1e-9)
        #expect(abs((e.accuracyWithChoices ?? 0) - 0.6) < 1e-9)
        #expect(e.clarified == 3)
    }
}
