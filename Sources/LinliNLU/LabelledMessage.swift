import Foundation

/// One line of a labelled evaluation file: `{"id": …, "text": …, "intent": …, "slots": {…}}`.
public struct LabelledMessage: Sendable, Codable, Equatable {
    /// The line's id.
    public var id: String?
    /// The message.
    public var text: String
    /// The expected intent id.
    public var intent: String
    /// The expected slots.
    public var slots: [String: String]

    /// Creates a labelled message.
    public init(id: String? = nil, text: String, intent: String, slots: [String: String] = [:]) {
        self.id = id
        self.text = text
        self.intent = intent
        self.slots = slots
    }

    enum CodingKeys: String, CodingKey { case id, text, intent, slots }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        text = try container.decode(String.self, forKey: .text)
        intent = try container.decode(String.self, forKey: .intent)
        slots = try container.decodeIfPresent([String: String].self, forKey: .slots) ?? [:]
    }

    /// Reads a JSONL file: one object a line, blank lines skipped. A bad line is an error
    /// naming the file, the line and the problem.
    public static func readLines(from url: URL, knownIntents: Set<String>? = nil) throws -> [LabelledMessage] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NLUError(.unreadableFile, "cannot read file", file: url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw NLUError(.invalidEvaluationLine, "the file is not valid UTF-8", file: url.path)
        }
        var messages: [LabelledMessage] = []
        let decoder = JSONDecoder()
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let message: LabelledMessage
            do {
                message = try decoder.decode(LabelledMessage.self, from: Data(trimmed.utf8))
            } catch let error as DecodingError {
                throw NLUError(.invalidEvaluationLine, Self.explain(error), file: url.path, line: offset + 1)
            } catch {
                throw NLUError(.invalidEvaluationLine, "not a JSON object", file: url.path, line: offset + 1)
            }
            if let knownIntents, !knownIntents.contains(message.intent) {
                throw NLUError(.invalidEvaluationLine, "unknown intent '\(message.intent)'", file: url.path, line: offset + 1)
            }
            messages.append(message)
        }
        return messages
    }

    private static func explain(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _):
            return "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context):
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return field.isEmpty ? "not a JSON object" : "field '\(field)' has the wrong type"
        case .valueNotFound(_, let context):
            return "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' is null"
        case .dataCorrupted:
            return "not valid JSON"
        @unknown default:
            return "not valid JSON"
        }
    }
}
