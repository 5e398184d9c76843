import Foundation
import LinliCore
import Testing

/// What residents read about linli and their own requests: the menu, 我的工单 with closed
/// requests and their closing notes, one request by number, and only their own.
@Suite("Resident help and status")
struct ResidentStatusTests {
    let resident = "repl:zhang"
    let worker = "repl:wang"
    let report = "凤鸣小区4号楼3单元的楼道灯坏了一个多月了"

    @Test("帮助, 菜单, 你能做什么 and 怎么用 get the menu with an example message per service")
    func help() throws {
        let chat = try Chat()
        for question in ["帮助", "菜单", "你能做什么？", "怎么用"] {
            let menu = try chat.say(resident, question, expect: "可以帮您", "楼道灯坏了", "我的工单", "转人工")
            #expect(!menu.contains("帮不上忙"), "\(question): \(menu)")
        }
        #expect(try chat.requests().isEmpty)
    }

    @Test("帮助 mid-form shows the menu and asks the form's question again")
    func helpMidForm() throws {
        let chat = try Chat()
        try chat.say(resident, "楼道灯坏了", expect: "哪个小区")
        try chat.say(resident, "帮助", expect: "可以帮您", "还没提交", "哪个小区")
        try chat.say(resident, "凤鸣小区3号楼", expect: "是")
    }

    @Test("我的工单 lists open requests first, then rated ones with the result and closing note")
    func resolvedAndRatedStayVisible() throws {
        let chat = try Chat()
        try chat.say(resident, report, expect: "#1")
        try chat.say(worker, "接单 1")
        try chat.say(worker, "办结 1 已更换灯泡")
        try chat.say(resident, "满意", expect: "谢谢")
        try chat.say(resident, "西关社区2号楼门口垃圾好几天没人收了", expect: "#2")
        for question in ["我的工单", "进度", "状态"] {
            let list = try chat.say(resident, question, expect: "近30天", "#1", "已评价", "5分", "已更换灯泡", "#2")
            let first = try #require(list.firstRange(of: "#2")), second = try #require(list.firstRange(of: "#1"))
            #expect(first.lowerBound < second.lowerBound, "open requests come first: \(list)")
            #expect(!list.contains("没有"))
        }
    }

    @Test("Requests closed more than 30 days ago drop out; active ones stay")
    func thirtyDays() throws {
        let chat = try Chat()
        try chat.say(resident, report, expect: "#1")
        try chat.say(worker, "办结 1 已修好")
        try chat.say(resident, "西关社区2号楼门口垃圾好几天没人收了", expect: "#2")
        chat.advance(minutes: 31 * 24 * 60)
        let list = try chat.say(resident, "我的工单", expect: "#2")
        #expect(!list.contains("#1"))
    }

    @Test("工单N怎么样了 answers about that request, and only about the resident's own")
    func oneByNumber() throws {
        let chat = try Chat()
        try chat.say(resident, report, expect: "#1")
        try chat.say("repl:li4", "西关社区2号楼门口垃圾好几天没人收了", expect: "#2")
        try chat.say(worker, "办结 1 已更换灯泡")
        let one = try chat.say(resident, "工单1怎么样了", expect: "#1", "已办结", "已更换灯泡")
        #expect(!one.contains("#2"))
        let other = try chat.say(resident, "工单2怎么样了", expect: "没有找到您的工单 #2")
        #expect(!other.contains("垃圾") && !other.contains("西关"))
        try chat.say(resident, "#1", expect: "已更换灯泡")
    }

    @Test("A follower sees the status of a closed request but not its closing note")
    func followerSeesStatusOnly() throws {
        let chat = try Chat()
        try chat.say(resident, report, expect: "#1")
        try chat.say("repl:liu", report, expect: "已经有人反映", "#1")
        try chat.say(worker, "办结 1 给报告人的说明")
        try chat.say(resident, "满意")
        let seen = try chat.say("repl:liu", "我的工单", expect: "#1", "已评价")
        #expect(!seen.contains("给报告人的说明") && !seen.contains("5分"))
    }

    @Test("Help and status words come from responses/words.yaml: a community's own word works")
    func wordsFromData() throws {
        let responses = try Chat.responses(changing: "words.yaml") {
            $0.replacingOccurrences(of: "help_words: [", with: "help_words: [咋个用, ")
                .replacingOccurrences(of: "status_words: [", with: "status_words: [我报的单子, ")
        }
        let chat = try Chat(responses: responses)
        try chat.say(resident, "咋个用", expect: "可以帮您")
        try chat.say(resident, report, expect: "#1")
        try chat.say(resident, "我报的单子", expect: "近30天", "#1")
    }
}
