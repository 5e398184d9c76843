import ArgumentParser
import Foundation
import LinliNLU

/// `linli nlu eval FILE.jsonl… [--json]`: scores on labelled files, taken together.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score the intent classifier and slot extractor on labelled JSONL files, taken together."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp(
        "Labelled files, one JSON object per line: {\"text\": …, \"intent\": …, \"slots\": {…}}.",
        valueName: "file.jsonl"))
    var files: [String]

    @Flag(help: "Print one JSON object instead of the readable report.")
    var json = false

    @Flag(help: "List every misclassified message.")
    var misses = false

    @Flag(help: "Count a message right when linli would ask a clarifying question and the truth is among its choices (one extra turn).")
    var withChoices = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Name at least one labelled file.") }
    }

    func run() throws {
        let nlu = try options.settings().makeNLU()
        let known = Set(nlu.catalog.intents.map(\.id))
        let messages = try files.flatMap { try LabelledMessage.readLines(from: URL(fileURLWithPath: $0), knownIntents: known) }
        let evaluation = Evaluation.run(nlu, on: messages)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(evaluation), as: UTF8.self))
        } else {
            print(EvaluationReport.text(evaluation, title: "\(files.joined(separator: " ")): \(messages.count) messages", listMisses: misses, withChoices: withChoices))
        }
    }
}

/// The readable form of an `Evaluation`.
enum EvaluationReport {
    /// Slots whose normal form is a number or code: the ones the bar is measured on.
    static let numericSlots: Set<String> = ["building", "unit", "room", "phone", "age"]

    static func text(_ e: Evaluation, title: String, listMisses: Bool, withChoices: Bool = false) -> String {
        var lines: [String] = [title, ""]
        lines.append(String(format: "intent accuracy  %.4f", e.accuracy))
        lines.append(String(format: "intent macro-F1  %.4f", e.macroF1))
        if withChoices, let reached = e.accuracyWithChoices {
            lines.append(String(format: "with choices     %.4f  (a clarifying question asked for %d of %d messages counts as one extra turn)",
                                reached, e.clarified ?? 0, e.count))
        }
        if !e.slots.isEmpty {
            let numeric = e.slotScore(over: numericSlots)
            lines.append(String(format: "slot F1          %.4f  (building, unit, room, phone, age)", numeric.f1))
            lines.append(String(format: "slot F1, all     %.4f", e.slotsOverall.f1))
        }
        lines.append("")
        lines.append(pad("intent", 28) + pad("precision", 11) + pad("recall", 9) + pad("F1", 8) + "n")
        for (name, score) in e.intents.sorted(by: { $0.key < $1.key }) {
            lines.append(row(name, score))
        }
        if !e.confusions.isEmpty {
            lines.append("")
            lines.append("most confused (expected → predicted)")
            for c in e.confusions { lines.append("  \(c.count)  \(c.expected) → \(c.predicted)") }
        }
        if !e.slots.isEmpty {
            lines.append("")
            lines.append(pad("slot", 28) + pad("precision", 11) + pad("recall", 9) + pad("F1", 8) + "n")
            for (name, score) in e.slots.sorted(by: { $0.key < $1.key }) { lines.append(row(name, score)) }
        }
        if let calibration = e.calibration {
            lines.append("")
            lines.append(contentsOf: reliability(calibration))
        }
        if listMisses && !e.misses.isEmpty {
            lines.append("")
            lines.append("misclassified")
            for m in e.misses {
                lines.append("  \(m.id ?? "-")  \(m.expected) → \(m.predicted) (\(String(format: "%.2f", m.confidence)))  \(m.text)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The reliability table: per confidence bin, how many messages and how often right.
    static func reliability(_ c: Calibration) -> [String] {
        var lines = [String(format: "reliability (expected calibration error %.3f)", c.expectedCalibrationError),
                     pad("confidence", 14) + pad("n", 7) + pad("mean conf", 11) + "accuracy"]
        for bin in c.bins where bin.count > 0 {
            lines.append(pad(String(format: "%.1f–%.1f", bin.lower, bin.lower + 0.1), 14) + pad(String(bin.count), 7)
                         + pad(String(format: "%.3f", bin.meanConfidence), 11) + String(format: "%.3f", bin.accuracy))
        }
        return lines
    }

    private static func row(_ name: String, _ s: Evaluation.Score) -> String {
        pad(name, 28) + pad(String(format: "%.3f", s.precision), 11) + pad(String(format: "%.3f", s.recall), 9)
            + pad(String(format: "%.3f", s.f1), 8) + String(s.support)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
