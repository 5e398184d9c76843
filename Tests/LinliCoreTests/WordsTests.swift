import Foundation
@testable import LinliCore
import Testing

/// The words linli reads replies by come from `responses/words.yaml`: a community that says
/// 得行 for "yes" changes the file, not the code.
@Suite("Words from data")
struct WordsTests {
    let resident = "repl:zhang"
    let worker = "repl:wang"

    /// Files a report up to its confirmation.
    private func upToConfirmation(_ chat: Chat) throws {
        try chat.say(resident, "有人在楼道给电瓶车充电", expect: "哪个小区")
        try chat.say(resident, "凤鸣小区", expect: "几号楼")
        try chat.say(resident, "3号楼", expect: "确认提交")
    }

    @Test("得行, a shipped yes word, confirms a form")
    func shippedDialectYes() throws {
        let chat = try Chat()
        try upToConfirmation(chat)
        try chat.say(resident, "得行", expect: "#1")
    }

    @Test("A yes word only in the data file confirms a form; without it nothing opens")
    func yesFromData() throws {
        let responses = try Chat.responses(changing: "words.yaml") { $0.replacingOccurrences(of: "yes_words: [", with: "yes_words: [巴适, ") }
        let chat = try Chat(responses: responses)
        try upToConfirmation(chat)
        try chat.say(resident, "巴适", expect: "#1")

        let shipped = try Chat()
        try upToConfirmation(shipped)
        try shipped.say(resident, "巴适")
        #expect(try shipped.requests().isEmpty)
    }

    @Test("A rating word only in the data file rates a resolved request")
    func ratingFromData() throws {
        #expect(Rating.parse("巴适得板", words: Chat.responses.words) == nil)
        let responses = try Chat.responses(changing: "words.yaml") { $0.replacingOccurrences(of: "  ratings:\n", with: "  ratings:\n    - 巴适得板: 5\n") }
        #expect(Rating.parse("巴适得板", words: responses.words) == 5)
        let chat = try Chat(responses: responses)
        try upToConfirmation(chat)
        try chat.say(resident, "是", expect: "#1")
        try chat.say(worker, "接单 1", expect: "已接单")
        try chat.say(worker, "办结 1", expect: "已办结")
        try chat.say(resident, "巴适得板", expect: "谢谢")
        #expect(try chat.request(1)?.rating == 5)
    }

    @Test("The shipped rating words read as before", arguments: [
        ("满意", 5), ("不太满意", 2), ("非常不满意", 1), ("一般", 3), ("五星", 5), ("4分", 4), ("三颗星", 3), ("⭐⭐⭐", 3), ("2", 2),
    ])
    func shippedRatings(text: String, score: Int) {
        #expect(Rating.parse(text, words: Chat.responses.words) == score)
    }

    @Test("A staff command word only in the data file works")
    func staffVerbFromData() throws {
        let responses = try Chat.responses(changing: "words.yaml") { $0.replacingOccurrences(of: "todo: [待办", with: "todo: [看单, 待办") }
        #expect(StaffCommand.parse("看单", words: Chat.responses.words) == nil)
        #expect(StaffCommand.parse("看单", words: responses.words) == .todo)
        let chat = try Chat(responses: responses)
        try chat.say(worker, "看单", expect: "暂无待办")
    }

    @Test("Numbered answers read spoken numerals from data", arguments: [("第二个", 2), ("选3", 3), ("两", 2), ("②", 2)])
    func choiceNumerals(text: String, number: Int) {
        #expect(ChoiceAnswer.parse(text, names: ["设施报修", "安全隐患", "环境卫生"], words: Chat.responses.words) == .number(number))
    }

    @Test("A bad words file is refused, naming the file and what is wrong", arguments: [
        ("yes_words: [", "yes_words: []\n  unused_words: [", "yes_words"),
        ("yes_words: [", "yes_words: [[", "line"),
        ("    help: [帮助, /help]", "    help: [帮助, /help]\n    fly: [起飞]", "fly"),
        ("yes_words: [", "yes_words: [不, ", "'不'"),
        ("    - 差评: 1", "    - 差评: 9", "score 1–5"),
        ("    show: [详情, /show]", "    show: [详情, /show, 待办]", "待办"),
    ])
    func badWords(find: String, replace: String, complaint: String) throws {
        let error = try #require(throws: CoreError.self) {
            try Chat.responses(changing: "words.yaml") { $0.replacingOccurrences(of: find, with: replace) }
        }
        #expect(error.code == .invalidData)
        #expect(error.message.contains("words.yaml") && error.message.contains(complaint), "\(error.message)")
    }

    @Test("Responses without words are refused")
    func noWords() throws {
        let error = try #require(throws: CoreError.self) {
            try Chat.withCopy(of: "responses", edit: { try FileManager.default.removeItem(at: $0.appendingPathComponent("words.yaml")) },
                              load: Responses.load(from:))
        }
        #expect(error.message.contains("words"))
    }
}
