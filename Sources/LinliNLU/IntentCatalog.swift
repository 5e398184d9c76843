import Dispatch
import Foundation
import Synchronization

/// The intents linli knows, read from an intents directory, with the lexicon beside them.
public struct IntentCatalog: Sendable {
    /// The intents, sorted by id so that training is deterministic.
    public let intents: [IntentDefinition]
    /// Normalisation and slot word lists.
    public let lexicon: Lexicon
    /// Thresholds and the clarifying-question rule.
    public let settings: UnderstandingSettings

    /// The slot names of the taxonomy; `required_slots` may name only these.
    public static let slotNames: Set<String> = ["community", "building", "unit", "room", "location", "phone", "person", "age", "plate"]

    /// Creates a catalog from definitions, checking ids, slots and examples.
    public init(intents: [IntentDefinition], lexicon: Lexicon = Lexicon(), settings: UnderstandingSettings = .init()) throws {
        var ids = Set<String>()
        var exampleOwner: [String: String] = [:]
        for intent in intents {
            guard !intent.id.isEmpty, ids.insert(intent.id).inserted else {
                throw NLUError(.invalidCatalog, "intent id '\(intent.id)' is empty or used twice")
            }
            guard !intent.examples.isEmpty else {
                throw NLUError(.invalidCatalog, "intent '\(intent.id)' has no examples")
            }
            for slot in intent.requiredSlots where !Self.slotNames.contains(slot) {
                throw NLUError(.invalidCatalog, "intent '\(intent.id)' requires unknown slot '\(slot)'")
            }
            for example in intent.examples {
                let key = example.trimmingCharacters(in: .whitespaces)
                if let owner = exampleOwner[key], owner != intent.id {
                    throw NLUError(.invalidCatalog, "example '\(key)' is in both '\(owner)' and '\(intent.id)'")
                }
                exampleOwner[key] = intent.id
            }
        }
        guard !intents.isEmpty else { throw NLUError(.invalidCatalog, "no intents") }
        self.intents = intents.sorted { $0.id < $1.id }
        self.lexicon = lexicon
        self.settings = settings
    }

    /// Reads every `*.yaml` file of `directory` as an intent and `directory/lexicon/` as the
    /// lexicon (an empty lexicon when that folder is absent).
    public static func load(from directory: URL) throws -> IntentCatalog {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw NLUError(.unreadableFile, "cannot list the intents directory", file: directory.path)
        }
        guard !files.isEmpty else {
            throw NLUError(.invalidCatalog, "no intent files (*.yaml) found", file: directory.path)
        }
        // The files are read on all cores; the first error in file order is the one reported.
        let unread = NLUError(.unreadableFile, "not read", file: directory.path)
        let decoded = Mutex([Result<IntentDefinition, any Error>](repeating: .failure(unread), count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let result = Result { () throws -> IntentDefinition in try decodeYAML(files[i]) }
            decoded.withLock { $0[i] = result }
        }
        var intents: [IntentDefinition] = []
        for (file, result) in zip(files, decoded.withLock { $0 }) {
            let intent = try result.get()
            let expected = file.deletingPathExtension().lastPathComponent
            guard intent.id == expected else {
                throw NLUError(.invalidCatalog, "the file declares id '\(intent.id)' but is named '\(expected)'", file: file.path)
            }
            intents.append(intent)
        }
        let lexiconDirectory = directory.appendingPathComponent("lexicon")
        var isDirectory: ObjCBool = false
        let hasLexicon = FileManager.default.fileExists(atPath: lexiconDirectory.path, isDirectory: &isDirectory) && isDirectory.boolValue
        let lexicon = hasLexicon ? try Lexicon.load(from: lexiconDirectory) : Lexicon()
        let settings = hasLexicon ? try UnderstandingSettings.load(from: lexiconDirectory) : UnderstandingSettings()
        return try IntentCatalog(intents: intents, lexicon: lexicon, settings: settings)
    }

    /// The definition with `id`, if any.
    public func intent(_ id: String) -> IntentDefinition? {
        intents.first { $0.id == id }
    }
}
