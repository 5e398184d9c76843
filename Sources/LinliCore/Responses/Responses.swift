import Foundation
import LinliNLU
import Mustache
import Yams

/// The bot's words: templates keyed by name, read from `responses/`, so that a community
/// can change what linli says without touching code.
public struct Responses: Sendable {
    /// One FAQ answer for `policy_consult`, chosen by keywords.
    public struct FAQEntry: Sendable, Codable, Equatable {
        /// Stable id.
        public var id: String
        /// Words that select this answer; the entry with most matches wins.
        public var keywords: [String]
        /// The answer.
        public var answer: String
    }

    private let templates: [String: MustacheTemplate]
    /// The FAQ entries.
    public let faq: [FAQEntry]
    /// The FAQ answer when no entry matches.
    public let faqDefault: String
    /// The words replies are read by.
    public let words: Words
    /// What 双报到 reads a registration by: the words that start one, the service types.
    public let enrolment: EnrolmentWords
    /// What the three lists read needs by: their intents, 小困难 words, service type words.
    public let lists: ListWords

    /// Every key the engine renders; start-up fails if one is missing.
    public static let requiredKeys: [String] = ResponseKey.allCases.map(\.rawValue)
        + RequestColumn.allCases.map(\.template) + ReportColumn.allCases.map(\.template)

    /// Creates responses from template strings, checking that every required key exists.
    /// Without `words` linli reads no reply as yes, a rating or a staff command.
    public init(templates: [String: String], faq: [FAQEntry] = [], faqDefault: String = "", words: Words = Words(),
                enrolment: EnrolmentWords = EnrolmentWords(), lists: ListWords = ListWords()) throws {
        var compiled: [String: MustacheTemplate] = [:]
        for (key, text) in templates {
            do {
                // Chat text, not HTML: nothing is escaped.
                compiled[key] = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
            } catch {
                throw CoreError(.invalidData, "response '\(key)' is not a valid template: \(error)")
            }
        }
        let missing = Self.requiredKeys.filter { compiled[$0] == nil }
        guard missing.isEmpty else {
            throw CoreError(.missingResponse, "responses are missing: \(missing.joined(separator: ", "))")
        }
        self.templates = compiled
        self.faq = faq
        self.faqDefault = faqDefault
        self.words = words
        self.enrolment = enrolment
        self.lists = lists
    }

    /// Reads every `*.yaml` of `directory`: files with `templates:` add templates, files
    /// with `faq:` add FAQ entries, and one file has the `words:`.
    public static func load(from directory: URL) throws -> Responses {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "yaml" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw CoreError(.invalidData, "cannot read the responses directory \(directory.path)")
        }
        var templates: [String: String] = [:]
        var faq: [FAQEntry] = []
        var faqDefault = ""
        var words: (Words, URL)?
        var enrolment = EnrolmentWords()
        var lists = ListWords()
        for file in files {
            struct File: Decodable {
                var templates: [String: String]?
                var faq: [FAQEntry]?
                var faq_default: String?
                var words: Words?
                var enrolment: EnrolmentWords?
                var lists: ListWords?
            }
            let parsed: File
            do {
                parsed = try YAMLDecoder().decode(File.self, from: String(contentsOf: file, encoding: .utf8))
            } catch let DecodingError.dataCorrupted(context) {
                throw CoreError(.invalidData, "\(file.path): \(Self.describe(context))")
            } catch let DecodingError.keyNotFound(key, context) {
                throw CoreError(.invalidData, "\(file.path): \(Self.describe(context)) lacks '\(key.stringValue)'")
            } catch let DecodingError.typeMismatch(_, context) {
                throw CoreError(.invalidData, "\(file.path): \(Self.describe(context))")
            } catch {
                throw CoreError(.invalidData, "\(file.path): \(error)")
            }
            if let found = parsed.words {
                if let (_, first) = words { throw CoreError(.invalidData, "\(file.path): words are given in \(first.lastPathComponent) already") }
                words = (found, file)
            }
            for (key, value) in parsed.templates ?? [:] {
                if templates[key] != nil { throw CoreError(.invalidData, "\(file.path): response '\(key)' is defined twice") }
                templates[key] = value
            }
            if let found = parsed.enrolment { enrolment = found }
            if let found = parsed.lists { lists = found }
            faq += parsed.faq ?? []
            if let value = parsed.faq_default { faqDefault = value }
        }
        guard let (words, _) = words else {
            throw CoreError(.invalidData, "\(directory.path): no file gives the words: (yes_words, ratings, staff_commands…)")
        }
        return try Responses(templates: templates, faq: faq, faqDefault: faqDefault, words: words, enrolment: enrolment, lists: lists)
    }

    /// Where in a file a decoding error is, and what is wrong there.
    private static func describe(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        // A YAML syntax error carries its line and column underneath.
        let cause = context.underlyingError.map { " \($0)" } ?? ""
        return (path.isEmpty ? "" : path + ": ") + context.debugDescription + cause
    }

    /// Renders the template `key` with `values`.
    public func render(_ key: ResponseKey, _ values: [String: Any] = [:]) -> String {
        templates[key.rawValue]!.render(Self.present(values)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `values` without empty strings: Mustache counts "" as set, and `{{#note}}：{{note}}{{/note}}`
    /// would print a bare colon for an event or a resolution without a note.
    private static func present(_ values: [String: Any]) -> [String: Any] {
        values.filter { ($0.value as? String)?.isEmpty != true }
    }

    /// Renders the template called `name`, or nil when there is none: for templates that
    /// data names, such as a small-talk intent's answer.
    public func render(template name: String, _ values: [String: Any] = [:]) -> String? {
        templates[name].map { $0.render(Self.present(values)).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Checks that the responses hold what `catalog`'s intents need: a template named like
    /// each small-talk intent, which is its answer.
    public func check(against catalog: IntentCatalog) throws {
        let missing = catalog.intents.filter { $0.kind == .smalltalk && templates[$0.id] == nil }.map(\.id)
        guard missing.isEmpty else {
            throw CoreError(.missingResponse, "small-talk intents without a response of their name: \(missing.joined(separator: ", "))")
        }
        // A misspelt intent in lists.yaml would silently leave its needs out of the 需求清单.
        let unknown = lists.intents.filter { catalog.intent($0) == nil }
        guard unknown.isEmpty else {
            throw CoreError(.invalidData, "lists names intents that do not exist: \(unknown.joined(separator: ", "))")
        }
    }

    /// The FAQ answer for a question: the entry whose keywords occur most often.
    public func answer(question: String) -> String {
        var best: (score: Int, answer: String)?
        for entry in faq {
            // firstRange(of:) is the standard library's search; contains(_:) with Foundation
            // imported goes through NSString, several times slower on every question.
            let score = entry.keywords.count { question.firstRange(of: $0) != nil }
            if score > 0, score > (best?.score ?? 0) { best = (score, entry.answer) }
        }
        return best?.answer ?? faqDefault
    }
}
