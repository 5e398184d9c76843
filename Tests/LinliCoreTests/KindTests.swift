import Foundation
import LinliCore
import LinliNLU
import Testing

/// The dialogue follows what an intent's `kind:` says, not its id, and reads its thresholds
/// and address format from data.
@Suite("Dialogue by kind and data")
struct KindTests {
    let resident = "repl:zhang"

    @Test("An intent with a new id but kind: status answers with the resident's requests")
    func renamedStatus() throws {
        let nlu = try Chat.nlu(editingIntents: { intents in
            let old = intents.appendingPathComponent("status_query.yaml")
            let text = try String(contentsOf: old, encoding: .utf8).replacingOccurrences(of: "id: status_query", with: "id: where_is_my_case")
            try text.write(to: intents.appendingPathComponent("where_is_my_case.yaml"), atomically: true, encoding: .utf8)
            try FileManager.default.removeItem(at: old)
        })
        let question = "我之前报的那个事处理到哪一步了"
        #expect(nlu.parse(question).intent == "where_is_my_case")
        let chat = try Chat(nlu: nlu)
        try chat.say(resident, "凤鸣小区2号楼后面的垃圾好几天没人收了", expect: "#1")
        try chat.say(resident, question, expect: "的工单：", "#1 环境卫生")
    }

    @Test("A small-talk intent needs a response of its name; the shipped data has them")
    func smalltalkTemplates() throws {
        try Chat.responses.check(against: Chat.catalog)
        let catalog = try IntentCatalog(intents: [IntentDefinition(id: "weather_chat", name: "聊天气", examples: ["今天天气真好"], kind: .smalltalk)])
        let error = try #require(throws: CoreError.self) { try Chat.responses.check(against: catalog) }
        #expect(error.message.contains("weather_chat"))
    }

    @Test("The direct-open threshold comes from understanding.yaml")
    func directOpenFromData() throws {
        let report = "凤鸣小区5号楼2单元楼道里有人从家里拉电线给电动车充电，太危险了"
        let sure = Understanding(text: report, intent: "flying_wire_charging", confidence: 0.8,
                                 slots: ["community": "凤鸣小区", "building": "5", "unit": "2"], alternatives: [])
        let nlu = try Chat.nlu(editingIntents: { intents in
            let file = intents.appendingPathComponent("lexicon/understanding.yaml")
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.contains("direct_open_threshold: 0.6"))
            try text.replacingOccurrences(of: "direct_open_threshold: 0.6", with: "direct_open_threshold: 0.9")
                .write(to: file, atomically: true, encoding: .utf8)
        })
        let chat = try Chat(nlu: nlu)
        try chat.say(resident, report, understood: sure, expect: "确认提交")
        #expect(try chat.requests().isEmpty)
        try Chat().say(resident, report, understood: sure, expect: "#1")
    }

    @Test("Addresses are written by the address templates of responses/")
    func addressTemplate() throws {
        let slots = ["community": "凤鸣小区", "building": "3", "unit": "2", "room": "302"]
        #expect(try Chat().engine.summary(slots) == "凤鸣小区 3号楼 2单元 302室")
        let unspaced = try Chat.responses(changing: "address.yaml") { $0.replacingOccurrences(of: " {{/", with: "{{/") }
        let chat = try Chat(responses: unspaced)
        #expect(chat.engine.summary(slots) == "凤鸣小区3号楼2单元302室")
        try chat.say(resident, "有人在楼道给电瓶车充电", expect: "哪个小区")
        try chat.say(resident, "凤鸣小区3号楼", expect: "飞线充电，凤鸣小区3号楼")
    }
}
