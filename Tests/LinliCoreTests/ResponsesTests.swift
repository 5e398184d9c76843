import Foundation
import LinliCore
import Testing

@Suite("Responses and directory")
struct ResponsesTests {
    @Test("A missing response key fails at start-up and names the key")
    func missingKey() throws {
        let error = try #require(throws: CoreError.self) { try Responses(templates: ["greeting": "你好"]) }
        #expect(error.code == .missingResponse)
        #expect(error.message.contains("welcome"))
    }

    @Test("The shipped responses define every key and render variables without escaping")
    func shipped() throws {
        let responses = Chat.responses
        #expect(responses.render(.opened, ["number": 7, "intent_name": "飞线充电", "grid_name": "A&B<网格>"]).contains("#7（飞线充电），已派给A&B<网格>"))
    }

    @Test("A grid naming an unknown worker is refused")
    func badDirectory() {
        #expect(throws: CoreError.self) {
            try Directory(staff: [], grids: [.init(id: "g", name: "网格", communities: ["甲小区"], workers: ["repl:nobody"])])
        }
    }

    @Test("Communities route to their grid, also when the resident adds a courtyard")
    func routing() {
        #expect(Chat.directory.grid(forCommunity: "东关社区七号院")?.id == "g1")
        #expect(Chat.directory.grid(forCommunity: "雍城小区")?.id == "g2")
        #expect(Chat.directory.grid(forCommunity: "月亮湾") == nil)
        #expect(Chat.directory.recipients(route: "grid_worker", grid: nil) == ["repl:admin"])
        #expect(Chat.directory.recipients(route: "party_member", grid: "g1") == ["repl:li"])
    }
}
