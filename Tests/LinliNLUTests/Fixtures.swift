import Foundation
import LinliNLU

/// Paths and shared engines for the tests: the real `intents/`, trained once.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let intents = root.appendingPathComponent("intents")
    static let heldOut = root.appendingPathComponent("Tests/Data")

    static let catalog: IntentCatalog = try! IntentCatalog.load(from: intents)
    static let nlu: NLU = try! NLU(catalog: catalog)
    static let normalizer = Normalizer(lexicon: catalog.lexicon)

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("linli-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
