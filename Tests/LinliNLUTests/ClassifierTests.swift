import Foundation
@testable import LinliNLU
import Testing

@Suite("Classification")
struct ClassifierTests {
    @Test("Cross-validated over intents/: accuracy at least 0.93, and the shipped temperature is calibrated")
    func crossValidation() throws {
        let scored = try NLU.heldOutScores(catalog: Fixtures.catalog, folds: 5)
        #expect(scored.count == Fixtures.catalog.intents.map(\.examples.count).reduce(0, +))
        let temperature = Fixtures.catalog.settings.temperature
        let outcomes = Calibration.outcomes(scored, temperature: temperature)
        let accuracy = Double(outcomes.filter(\.right).count) / Double(outcomes.count)
        #expect(accuracy >= 0.93, "5-fold accuracy \(accuracy)")
        // A stale temperature (intents/ changed, `linli nlu calibrate` not re-run) shows here.
        let calibration = Calibration(outcomes)
        #expect(calibration.expectedCalibrationError <= 0.03, "ECE \(calibration.expectedCalibrationError) at temperature \(temperature)")
    }

    @Test("Every intent has at least a third of its examples over 40 characters (real messages are long)")
    func longExamples() {
        for intent in Fixtures.catalog.intents {
            let long = intent.examples.filter { $0.count > 40 }.count
            #expect(3 * long >= intent.examples.count, "\(intent.id): \(long) of \(intent.examples.count)")
        }
    }

    @Test("Held-out messages written by people who did not write those intents")
    func heldOut() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Fixtures.heldOut, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("heldout-") }
        let messages = try files.flatMap { try LabelledMessage.readLines(from: $0) }
        #expect(messages.count >= 300)
        let evaluation = Evaluation.run(Fixtures.nlu, on: messages)
        #expect(evaluation.accuracy >= 0.93, "held-out accuracy \(evaluation.accuracy)")
    }

    @Test("Chit-chat and requests outside the service do not open a request", arguments: [
        "今天天气咋样", "帮我买张火车票", "哈哈哈", "给我讲个笑话", "😂😂😂", "asdfgh", "。。。", "",
    ])
    func outOfScope(text: String) throws {
        let understanding = Fixtures.nlu.parse(text)
        let intent = try #require(Fixtures.catalog.intent(understanding.intent))
        #expect(!intent.opensRequest, "\(text) → \(understanding.intent)")
    }

    @Test("A report without its usual keyword is still understood", arguments: [
        ("楼上天天从窗户吊根线下来给电瓶车充电", "flying_wire_charging"),
        ("我想问问高龄补贴咋申请，要带啥", "policy_consult"),
        ("俺妈九十了走不动，高龄补贴年审能来家里弄不", "elderly_annual_review"),
        ("我前几天报的路灯修了没", "status_query"),
    ])
    func understood(text: String, intent: String) {
        #expect(Fixtures.nlu.parse(text).intent == intent)
    }

    @Test("Alternatives are the next best intents, in order, without the chosen one")
    func alternatives() {
        let understanding = Fixtures.nlu.parse("凤鸣小区3号楼楼道灯坏了")
        #expect(understanding.alternatives.count == 3)
        #expect(!understanding.alternatives.contains { $0.intent == understanding.intent })
        let confidences = understanding.alternatives.map(\.confidence)
        #expect(confidences == confidences.sorted(by: >))
        #expect(understanding.confidence >= confidences[0])
    }
}

@Suite("Bad input")
struct BadInputTests {
    @Test("Odd messages get an answer, not a crash")
    func oddMessages() {
        let invalidUTF8 = String(decoding: [0xE6, 0xA5, 0xFF, 0xFE, 0x41], as: UTF8.self)
        let inputs = ["", "   ", String(repeating: "楼道灯坏了", count: 20_000), invalidUTF8, "\u{0}\u{1}\u{7}\u{1B}[31m", "🙏🙏🙏", "\u{FEFF}\u{200B}"]
        for input in inputs {
            let understanding = Fixtures.nlu.parse(input)
            #expect(!understanding.intent.isEmpty)
            #expect(understanding.confidence >= 0 && understanding.confidence <= 1)
        }
    }

    @Test("An empty message is out of scope with no slots")
    func empty() {
        let understanding = Fixtures.nlu.parse("")
        #expect(understanding.intent == NLU.outOfScope)
        #expect(understanding.slots.isEmpty)
    }

    @Test("A malformed evaluation file names the line and the problem", arguments: [
        ("{\"text\":\"a\",\"intent\":\"greeting\"}\nnot json\n", 2, "not valid JSON"),
        ("{\"text\":\"a\"}\n", 1, "missing field 'intent'"),
        ("\n\n{\"text\":1,\"intent\":\"greeting\"}\n", 3, "wrong type"),
        ("{\"text\":\"a\",\"intent\":\"no_such\"}\n", 1, "unknown intent 'no_such'"),
    ])
    func malformedEvaluationFile(content: String, line: Int, fragment: String) throws {
        let directory = try Fixtures.temporaryDirectory()
        let file = directory.appendingPathComponent("bad.jsonl")
        try content.write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: NLUError.self) {
            try LabelledMessage.readLines(from: file, knownIntents: ["greeting"])
        }
        #expect(error.line == line)
        #expect(error.description.contains(fragment), "\(error)")
    }

    @Test("An intent file with a YAML error names the file and line")
    func yamlError() throws {
        let directory = try Fixtures.temporaryDirectory()
        try "id: greeting\nname: 问候\nexamples:\n  - 你好\n  - [unclosed\n".write(
            to: directory.appendingPathComponent("greeting.yaml"), atomically: true, encoding: .utf8)
        let error = try #require(throws: NLUError.self) { try IntentCatalog.load(from: directory) }
        #expect(error.file?.hasSuffix("greeting.yaml") == true)
        #expect(error.line != nil)
    }

    @Test("With several bad intent files, read in parallel, the error is the first file's in name order")
    func firstBadFileReported() throws {
        let directory = try Fixtures.temporaryDirectory()
        for name in ["a", "b", "c", "d"] {
            try "id: \(name)\nname: 问候\nkind: smalltalk\nexamples:\n  - 你好\(name)\n".write(
                to: directory.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        try "id: b\nexamples: [unclosed\n".write(to: directory.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        try "id: c\nexamples: [unclosed\n".write(to: directory.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        for _ in 0..<5 {
            let error = try #require(throws: NLUError.self) { try IntentCatalog.load(from: directory) }
            #expect(error.file?.hasSuffix("/b.yaml") == true, "\(error)")
        }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("b.yaml"))
        try FileManager.default.removeItem(at: directory.appendingPathComponent("c.yaml"))
        #expect(try IntentCatalog.load(from: directory).intents.map(\.id) == ["a", "d"])
    }

    @Test("The same example in two intents is refused")
    func duplicateExample() {
        let intents = [
            IntentDefinition(id: "a", name: "甲", examples: ["你好"]),
            IntentDefinition(id: "b", name: "乙", examples: ["你好"]),
        ]
        #expect(throws: NLUError.self) { try IntentCatalog(intents: intents) }
    }

    @Test("A required slot outside the taxonomy is refused")
    func unknownSlot() {
        let intents = [IntentDefinition(id: "a", name: "甲", examples: ["你好"], requiredSlots: ["colour"])]
        #expect(throws: NLUError.self) { try IntentCatalog(intents: intents) }
    }

    @Test("A file named differently from its id is refused")
    func fileNameMismatch() throws {
        let directory = try Fixtures.temporaryDirectory()
        try "id: thanks\nname: 感谢\nexamples: [谢谢]\n".write(
            to: directory.appendingPathComponent("greeting.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: NLUError.self) { try IntentCatalog.load(from: directory) }
    }
}

@Suite("Shipped data")
struct DataTests {
    @Test("Every intent of the taxonomy ships, with at least 60 examples")
    func taxonomy() {
        let ids = Set(Fixtures.catalog.intents.map(\.id))
        let expected: Set<String> = [
            "flying_wire_charging", "safety_hazard", "sanitation", "facility_repair", "charging_facility_request", "parking",
            "insurance_certification", "elderly_annual_review", "micro_wish", "dispute_mediation", "assisted_service",
            "volunteer_signup", "policy_consult", "status_query", "cancel_request", "feedback", "human_handoff", "greeting",
            "thanks", "out_of_scope",
        ]
        #expect(ids == expected)
        for intent in Fixtures.catalog.intents {
            #expect(intent.examples.count >= 60, "\(intent.id)")
            #expect(!intent.name.isEmpty && !intent.description.isEmpty, "\(intent.id)")
        }
    }
}
