import Foundation
import LinliCore
import LinliNLU
import LinliSQLite
import Testing

/// When the NLU offers choices instead of one confident intent, linli asks which was meant
/// and handles the pick as if the first message had been clear.
@Suite("Asking which intent was meant")
struct ClarificationTests {
    let resident = "repl:zhang"
    let place = ["community": "凤鸣小区", "building": "3", "unit": "2"]

    /// An understanding unsure between `choices`, most likely first, as the NLU reports one.
    func unsure(_ text: String, _ choices: [String], slots: [String: String] = [:]) -> Understanding {
        Understanding(text: text, intent: choices[0], confidence: 0.42, slots: slots,
                      alternatives: choices.dropFirst().map { .init(intent: $0, confidence: 0.3) }, choices: choices)
    }

    /// An understanding of `text` as nothing known, with the next best `intents` at these
    /// probabilities, as the NLU reports an answer it cannot place.
    func notUnderstood(_ text: String, _ intents: KeyValuePairs<String, Double>) -> Understanding {
        Understanding(text: text, intent: NLU.outOfScope, confidence: 0.5, slots: [:],
                      alternatives: intents.map { .init(intent: $0.key, confidence: $0.value) })
    }

    /// Sends the message the tests ask about: an unsure report between repair and hazard.
    @discardableResult
    func ask(_ chat: Chat, slots: [String: String]? = nil) throws -> String {
        let text = "凤鸣小区3号楼2单元楼道的电线盒子开了"
        return try chat.say(resident, text, understood: unsure(text, ["facility_repair", "safety_hazard"], slots: slots ?? place))
    }

    @Test("The question lists the offered intents by name, most likely first, then 都不是")
    func questionNamesChoicesInOrder() throws {
        let chat = try Chat()
        let text = "楼道那边有个东西不太对"
        let reply = try chat.say(resident, text, understood: unsure(text, ["safety_hazard", "facility_repair", "flying_wire_charging"]))
        #expect(reply == "您是想反映：\n1. 安全隐患\n2. 设施报修\n3. 飞线充电\n4. 都不是\n回复数字或直接说明即可")
        #expect(try chat.requests().isEmpty)
        #expect(try chat.conversation(resident)?.question?.choices == ["safety_hazard", "facility_repair", "flying_wire_charging"])
    }

    @Test("A number, a Chinese numeral, an ordinal or words of a name pick the intent",
          arguments: ["2", "２", "二", "第二个", "2号", "选2", "隐患", "是安全隐患"])
    func answerPicks(answer: String) throws {
        let chat = try Chat()
        try ask(chat)
        try chat.say(resident, answer, expect: "#1", "安全隐患", "东关第一网格")
        let request = try #require(try chat.request(1))
        #expect(request.intent == "safety_hazard")
        #expect(try chat.conversation(resident)?.question == nil)
    }

    @Test("The first choice by its number or by words of its name", arguments: ["1", "一", "第一个", "报修"])
    func answerPicksFirst(answer: String) throws {
        let chat = try Chat()
        try ask(chat)
        try chat.say(resident, answer, expect: "#1", "设施报修")
        #expect(try chat.request(1)?.intent == "facility_repair")
    }

    @Test("The first message's slots and words go into the request of the chosen intent")
    func slotsSurvive() throws {
        let chat = try Chat()
        try ask(chat)
        try chat.say(resident, "2", expect: "#1")
        let request = try #require(try chat.request(1))
        #expect(request.intent == "safety_hazard")
        #expect(request.slots == place)
        #expect(request.text == "凤鸣小区3号楼2单元楼道的电线盒子开了")
        #expect(request.grid == "g1")
        #expect(try chat.requests().count == 1)
    }

    @Test("A pick whose message lacks a required slot asks for it, and the form keeps the pick")
    func pickAsksMissingSlots() throws {
        let chat = try Chat()
        try ask(chat, slots: ["building": "3"])
        try chat.say(resident, "1", expect: "哪个小区")
        #expect(try chat.requests().isEmpty)
        #expect(try chat.conversation(resident)?.form?.intent == "facility_repair")
        try chat.say(resident, "凤鸣小区", expect: "设施报修", "凤鸣小区", "3号楼")
        try chat.say(resident, "是", expect: "#1")
        let request = try #require(try chat.request(1))
        #expect(request.intent == "facility_repair" && request.slots == ["community": "凤鸣小区", "building": "3"])
    }

    @Test("都不是 says what linli can do and offers a person, opening nothing",
          arguments: ["都不是", "不是", "0", "3", "都不是。"])
    func noneOfThese(answer: String) throws {
        let chat = try Chat()
        try ask(chat)
        let reply = try chat.say(resident, answer, expect: "转人工", "飞线充电", "高龄年审", "环境卫生")
        #expect(!reply.contains("您是想反映"))
        #expect(try chat.requests().isEmpty)
        #expect(try chat.conversation(resident)?.question == nil)
        try chat.say(resident, "转人工", expect: "工作人员", "#1")
        #expect(try chat.request(1)?.intent == "human_handoff")
    }

    @Test("A worded answer the NLU reads as an offered intent picks it, and its slots join the message's")
    func answerReadByNLU() throws {
        let chat = try Chat()
        try ask(chat, slots: ["building": "3"])
        let text = "凤鸣小区的，灯一直不亮"
        let reading = Understanding(text: text, intent: "facility_repair", confidence: 0.8, slots: ["community": "凤鸣小区"],
                                    alternatives: [.init(intent: "safety_hazard", confidence: 0.1)])
        try chat.say(resident, text, understood: reading, expect: "#1", "设施报修")
        let request = try #require(try chat.request(1))
        #expect(request.intent == "facility_repair" && request.slots == ["community": "凤鸣小区", "building": "3"])
        #expect(request.text.contains("电线盒子") && request.text.contains("灯一直不亮"))
    }

    @Test("An answer the NLU does not understand still picks the offered intent it clearly prefers among those offered")
    func answerRestrictedToChoices() throws {
        let chat = try Chat()
        try ask(chat)
        let text = "有点危险那种"
        let reading = notUnderstood(text, ["safety_hazard": 0.25, "greeting": 0.2, "facility_repair": 0.03])
        try chat.say(resident, text, understood: reading, expect: "#1", "安全隐患")
        #expect(try chat.request(1)?.intent == "safety_hazard")
    }

    @Test("An answer that names nothing offered gets the 都不是 reply")
    func answerNamingNothing() throws {
        let chat = try Chat()
        try ask(chat)
        let text = "今天天气咋样"
        let reading = notUnderstood(text, ["greeting": 0.2, "facility_repair": 0.05, "safety_hazard": 0.04])
        try chat.say(resident, text, understood: reading, expect: "转人工", "设施报修")
        #expect(try chat.requests().isEmpty)
        #expect(try chat.conversation(resident)?.question == nil)
    }

    @Test("A new unclear message while the question waits is asked about afresh")
    func newUnclearMessage() throws {
        let chat = try Chat()
        try ask(chat)
        let text = "东门口那堆东西"
        let reply = try chat.say(resident, text, understood: unsure(text, ["parking", "sanitation"]))
        #expect(reply.hasPrefix("您是想反映：\n1. 停车秩序与车位\n2. 环境卫生\n3. 都不是"))
        #expect(try chat.conversation(resident)?.question?.choices == ["parking", "sanitation"])
        try chat.say(resident, "2", expect: "哪个小区")
        #expect(try chat.conversation(resident)?.form?.intent == "sanitation")
    }

    @Test("A confident message is handled at once, without a question")
    func confidentNoQuestion() throws {
        let chat = try Chat()
        let text = "凤鸣小区3号楼2单元楼道灯坏了"
        let sure = Understanding(text: text, intent: "facility_repair", confidence: 0.9, slots: place,
                                 alternatives: [.init(intent: "safety_hazard", confidence: 0.05)])
        let reply = try chat.say(resident, text, understood: sure, expect: "#1")
        #expect(!reply.contains("您是想反映"))
        #expect(try chat.conversation(resident)?.question == nil)
    }

    @Test("A new clear report while the question waits is handled as new, and the question dropped")
    func newMessageWhilePending() throws {
        let chat = try Chat()
        try ask(chat)
        try chat.say(resident, "凤鸣小区2号楼后面的垃圾好几天没人收了", expect: "#1", "环境卫生")
        #expect(try chat.request(1)?.intent == "sanitation")
        #expect(try chat.conversation(resident)?.question == nil)
        // The numbers offered before mean nothing any more.
        try chat.say(resident, "2")
        #expect(try chat.requests().count == 1)
    }

    @Test("算了 while the question waits drops it and withdraws nothing")
    func cancelWhilePending() throws {
        let chat = try Chat()
        try chat.say(resident, "凤鸣小区2号楼后面的垃圾好几天没人收了", expect: "#1")
        try ask(chat)
        try chat.say(resident, "算了", expect: "已取消")
        #expect(try chat.request(1)?.status == .assigned)
        #expect(try chat.conversation(resident)?.question == nil)
        try chat.say(resident, "1")
        #expect(try chat.requests().count == 1)
    }

    @Test("The question survives a restart and is answered after it")
    func survivesRestart() throws {
        try Chat.withDatabaseFile { path in
            var now: Date
            do {
                let chat = try Chat(store: try SQLiteStore(path: path))
                try ask(chat)
                now = chat.now
            }
            let chat = try Chat(store: try SQLiteStore(path: path), now: now)
            let question = try #require(try chat.conversation(resident)?.question)
            #expect(question == .init(choices: ["facility_repair", "safety_hazard"], text: "凤鸣小区3号楼2单元楼道的电线盒子开了", slots: place))
            // A fresh message id: the new Chat counts messages from 1 again.
            try chat.say(resident, "第二个", expect: "#1", id: "after-restart")
            #expect(try chat.request(1)?.intent == "safety_hazard")
            #expect(try chat.request(1)?.slots == place)
        }
    }

    @Test("A question left longer than the conversation timeout is forgotten")
    func questionExpires() throws {
        let chat = try Chat()
        try ask(chat)
        chat.advance(minutes: 31)
        let reply = try chat.say(resident, "1")
        #expect(!reply.contains("已受理"))
        #expect(try chat.requests().isEmpty)
        #expect(try chat.conversation(resident)?.question == nil)
    }

    @Test("A rating owed is still taken while a question waits, when the reply is no answer to it")
    func ratingWhilePending() throws {
        let chat = try Chat()
        try chat.say(resident, "凤鸣小区2号楼后面的垃圾好几天没人收了", expect: "#1")
        try chat.say("repl:wang", "接单 1")
        try chat.say("repl:wang", "办结 1", expect: "已办结")
        try ask(chat)
        try chat.say(resident, "满意", expect: "谢谢")
        #expect(try chat.request(1)?.rating == 5)
        #expect(try chat.requests().count == 1)
    }

    @Test("A staff command is still a command while the staff member's question waits")
    func staffCommandWhilePending() throws {
        let chat = try Chat()
        try chat.say(resident, "凤鸣小区2号楼后面的垃圾好几天没人收了", expect: "#1")
        let text = "楼道那边有个东西不太对"
        try chat.say("repl:wang", text, understood: unsure(text, ["facility_repair", "safety_hazard"]), expect: "您是想反映")
        try chat.say("repl:wang", "接单 1", expect: "已接单 #1")
        #expect(try chat.request(1)?.status == .claimed)
    }
}
