import Foundation
import LinliNLU
import Testing

/// `kind:` in an intent file: what the dialogue does with the intent.
@Suite("Intent kinds")
struct KindTests {
    /// Loads a catalog of one intent file `name` with `body`.
    private func load(_ name: String, _ body: String) throws -> IntentCatalog {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try body.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return try IntentCatalog.load(from: directory)
    }

    @Test("Every shipped intent declares its kind, and the kinds open requests as opens_request says")
    func shipped() throws {
        let kinds = Dictionary(uniqueKeysWithValues: Fixtures.catalog.intents.map { ($0.id, $0.kind) })
        #expect(kinds["status_query"] == .status && kinds["cancel_request"] == .cancel && kinds["human_handoff"] == .handoff)
        #expect(kinds["greeting"] == .smalltalk && kinds["thanks"] == .smalltalk && kinds["out_of_scope"] == .fallback)
        #expect(kinds["flying_wire_charging"] == .report && kinds["micro_wish"] == .service)
        #expect(Fixtures.catalog.intents.filter(\.opensRequest).allSatisfy { [.report, .service, .handoff].contains($0.kind) })
    }

    @Test("A kind read from the file decides, whatever the id")
    func kindFromFile() throws {
        let catalog = try load("where_is_it.yaml", "version: 1\nid: where_is_it\nname: 问进度\nkind: status\nexamples: [我的单子呢]\n")
        #expect(catalog.intent("where_is_it")?.kind == .status)
        #expect(catalog.intent("where_is_it")?.opensRequest == false)
    }

    @Test("A bad kind is refused, naming the file and what is wrong", arguments: [
        ("kind: chitchat\n", "unknown kind 'chitchat'; it is one of report, service, smalltalk"),
        ("", "kind"),
        ("kind: report\nopens_request: false\n", "opens_request: false contradicts kind: report"),
    ])
    func refused(kindLines: String, complaint: String) throws {
        let error = try #require(throws: NLUError.self) {
            try load("lamp.yaml", "version: 1\nid: lamp\nname: 路灯\n\(kindLines)examples: [路灯坏了]\n")
        }
        #expect(error.file?.hasSuffix("lamp.yaml") == true)
        #expect(error.message.contains(complaint), "\(error.message)")
    }
}
