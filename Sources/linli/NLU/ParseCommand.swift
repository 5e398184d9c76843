import ArgumentParser
import Foundation
import LinliNLU

/// `linli nlu parse [TEXT…]`: one JSON object per message.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print intent, confidence, slots and alternatives of each message as one JSON line.",
        discussion: "With no TEXT, reads one message per line from standard input and answers each line at once."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Messages to parse.")
    var texts: [String] = []

    func run() throws {
        let nlu = try options.settings().makeNLU()
        if !texts.isEmpty {
            for text in texts { emit(nlu.parse(text)) }
            return
        }
        while let line = readLine(strippingNewline: true) {
            emit(nlu.parse(line))
        }
    }

    private func emit(_ understanding: Understanding) {
        print(JSONLine.understanding(understanding))
        fflush(nil)  // nil flushes every stream; stdout itself is not concurrency-safe to name
    }
}

/// JSON text in the field order interface.md shows, with Chinese written as is.
enum JSONLine {
    static func understanding(_ u: Understanding) -> String {
        let slots = u.slots.keys.sorted().map { "\(string($0)):\(string(u.slots[$0]!))" }.joined(separator: ",")
        let alternatives = u.alternatives.map {
            "{\"intent\":\(string($0.intent)),\"confidence\":\(number($0.confidence))}"
        }.joined(separator: ",")
        // `choices` only when linli would ask which intent was meant, so that lines of sure
        // messages keep the field set interface.md shows.
        let choices = u.choices.isEmpty ? "" : ",\"choices\":[" + u.choices.map(string).joined(separator: ",") + "]"
        return "{\"text\":\(string(u.text)),\"intent\":\(string(u.intent)),\"confidence\":\(number(u.confidence)),"
            + "\"slots\":{\(slots)},\"alternatives\":[\(alternatives)]\(choices)}"
    }

    static func string(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func number(_ value: Double) -> String {
        String(format: "%.4f", value)
    }
}
