import Foundation
import LinliCore
import Testing

/// Conversations written as scripts: who says what, what linli answers, and the state of
/// the requests afterwards.
@Suite("Conversations")
struct ConversationTests {
    let resident = "repl:zhang"
    let worker = "repl:wang"

    @Test("The whole flow: report, ask, confirm, claim, reply, resolve, rate, report")
    func wholeFlow() throws {
        let chat = try Chat()
        try chat.say(resident, "楼上天天从窗户吊根线下来给电瓶车充电", expect: "哪个小区")
        try chat.say(resident, "凤鸣小区3号楼", expect: "飞线充电", "凤鸣小区", "3号楼", "是")
        try chat.say(resident, "是", expect: "#1", "东关第一网格")
        var request = try #require(try chat.request(1))
        #expect(request.status == .assigned)
        #expect(request.grid == "g1")
        #expect(request.slots["community"] == "凤鸣小区" && request.slots["building"] == "3")
        #expect(chat.last(worker).contains("新工单 #1"))

        try chat.say(worker, "待办", expect: "#1", "飞线充电")
        chat.advance(minutes: 10)
        try chat.say(worker, "接单 1", expect: "已接单 #1")
        #expect(chat.last(resident).contains("王网格员"))
        try chat.say(worker, "回复 1 我们马上上门查看", expect: "已发送")
        #expect(chat.last(resident).contains("我们马上上门查看"))
        chat.advance(minutes: 50)
        try chat.say(worker, "办结 1 已拆除飞线，用时1小时", expect: "已办结")
        #expect(chat.last(resident).contains("已办结") && chat.last(resident).contains("满意"))
        try chat.say(resident, "满意", expect: "谢谢")

        request = try #require(try chat.request(1))
        #expect(request.status == .rated)
        #expect(request.rating == 5)
        #expect(request.serviceMinutes == 60)
        let report = try chat.engine.report()
        #expect(report.total.opened == 1 && report.total.resolved == 1)
        #expect(report.total.resolutionRate == 1)
        #expect(report.total.medianMinutesToClaim! > 9 && report.total.medianMinutesToClaim! < 12)
        #expect(report.total.medianMinutesToResolve! > 60 && report.total.medianMinutesToResolve! < 63)
        let kinds = try chat.store.read { try $0.events(request: 1) }.map(\.kind)
        #expect(kinds == [.opened, .assigned, .claimed, .replied, .resolved, .rated])
    }

    @Test("A clear message with everything needed opens at once")
    func directOpen() throws {
        let chat = try Chat()
        try chat.say(resident, "凤鸣小区5号楼2单元楼道里有人从家里拉电线给电动车充电，太危险了", expect: "#1")
        #expect(try chat.request(1)?.slots["unit"] == "2")
    }

    @Test("Slots in any order and turn, and a correction before confirming")
    func correction() throws {
        let chat = try Chat()
        try chat.say(resident, "有人在楼道给电瓶车充电", expect: "哪个小区")
        try chat.say(resident, "凤鸣小区", expect: "几号楼")
        try chat.say(resident, "3号楼", expect: "3号楼")
        try chat.say(resident, "不对，是4号楼", expect: "4号楼")
        try chat.say(resident, "对", expect: "#1")
        #expect(try chat.request(1)?.slots["building"] == "4")
    }

    @Test("Cancelling a form opens nothing")
    func cancelForm() throws {
        let chat = try Chat()
        try chat.say(resident, "我们楼下路灯坏了", expect: "哪个小区")
        try chat.say(resident, "算了", expect: "已取消")
        #expect(try chat.requests().isEmpty)
        try chat.say(resident, "凤鸣小区")  // no longer answers a question
        #expect(try chat.requests().isEmpty)
    }

    @Test("A status question mid-form is answered and the form kept")
    func statusMidForm() throws {
        let chat = try Chat()
        try chat.say(resident, "凤鸣小区2号楼后面的垃圾好几天没人收了", expect: "#1")
        try chat.say(resident, "楼道灯坏了", expect: "哪个小区")
        try chat.say(resident, "我之前报的那个事处理到哪一步了", expect: "#1", "还没提交")
        try chat.say(resident, "凤鸣小区", expect: "设施报修")
        try chat.say(resident, "是", expect: "#2")
    }

    @Test("A status answer quotes the latest staff reply, and nothing when there is none")
    func statusQuotesLatestReply() throws {
        let chat = try Chat()
        try chat.say(resident, "凤鸣小区2号楼后面的垃圾好几天没人收了", expect: "#1")
        let before = try chat.say(resident, "我报的事进度咋样了", expect: "#1")
        #expect(!before.contains("（）"), "an empty quote in: \(before)")
        try chat.say(worker, "接单 1", expect: "已接单 #1")
        try chat.say(worker, "回复 1 下午就派人清运", expect: "已发送")
        try chat.say(resident, "我报的事进度咋样了", expect: "#1", "（下午就派人清运）")
    }

    @Test("Switching topic mid-form drops the old form")
    func topicSwitch() throws {
        let chat = try Chat()
        try chat.say(resident, "有人在楼道给电瓶车充电", expect: "哪个小区")
        try chat.say(resident, "另外我想给我妈办高龄补贴年审，她走不动，能上门吗", expect: "先不说飞线充电")
        try chat.say(resident, "凤鸣小区，电话13900001234", expect: "高龄年审")
    }

    @Test("A form idle for over 30 minutes expires")
    func expiry() throws {
        let chat = try Chat()
        try chat.say(resident, "有人在楼道给电瓶车充电", expect: "哪个小区")
        chat.advance(minutes: 31)
        try chat.say(resident, "你好", expect: "作废")
        try chat.say(resident, "凤鸣小区3号楼")
        #expect(try chat.requests().isEmpty)
    }

    @Test("Two misunderstandings in a row offer a person; asking for one opens a request")
    func fallback() throws {
        let chat = try Chat()
        try chat.say(resident, "今天天气咋样", expect: "帮不上")
        try chat.say(resident, "给我讲个笑话", expect: "转人工")
        try chat.say(resident, "转人工", expect: "#1")
        #expect(try chat.request(1)?.intent == "human_handoff")
        #expect(chat.last("repl:admin").contains("#1"))
    }

    @Test("A second report of the same thing is linked, and its reporter told at resolution")
    func duplicateReport() throws {
        let chat = try Chat()
        try chat.say(resident, "凤鸣小区3号楼楼道里有人拉电线给电动车充电", expect: "#1")
        try chat.say("repl:liu", "凤鸣小区3号楼一楼有人飞线充电 赶紧管管", expect: "已经有人反映", "#1")
        #expect(try chat.requests().count == 1)
        #expect(try chat.request(1)?.followers == ["repl:liu"])
        try chat.say(worker, "办结 1 已处理")
        #expect(chat.last("repl:liu").contains("#1"))
    }

    @Test("Repeated reports join the oldest active request another resident opened, each reporter once")
    func repeatedReports() throws {
        let chat = try Chat()
        let report = "凤鸣小区3号楼一楼有人飞线充电 赶紧管管"
        try chat.say(resident, report, expect: "#1")
        try chat.say("repl:liu", report, expect: "已经有人反映", "#1")
        try chat.say("repl:chen", report, expect: "已经有人反映", "#1")
        try chat.say("repl:liu", report, expect: "已经有人反映", "#1")
        #expect(try chat.request(1)?.followers == ["repl:liu", "repl:chen"])
        let linked = try chat.store.read { try $0.events(request: 1) }.filter { $0.kind == .linked }.map(\.actor)
        #expect(linked == ["repl:liu", "repl:chen", "repl:liu"])
        // Its own opener is not linked to it: a report of theirs opens another request,
        // which later reports do not join while #1, the older one, is active.
        try chat.say(resident, report, expect: "#2")
        try chat.say("repl:sun", report, expect: "已经有人反映", "#1")
        try chat.say(worker, "办结 1 已处理")
        try chat.say("repl:zhou", report, expect: "已经有人反映", "#2")
        #expect(try chat.request(1)?.followers == ["repl:liu", "repl:chen", "repl:sun"])
        #expect(try chat.request(2)?.followers == ["repl:zhou"])
        #expect(try chat.requests().count == 2)
    }

    @Test("An unhappy rating reopens the request and tells the claimer")
    func unhappyRating() throws {
        let chat = try Chat()
        try chat.say(resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了", expect: "#1")
        try chat.say(worker, "接单1")
        try chat.say(worker, "办结 #1")
        try chat.say(resident, "不满意", expect: "重新打开")
        #expect(try chat.request(1)?.status == .reopened)
        #expect(chat.last(worker).contains("不满意"))
    }

    @Test("A resident withdraws a request")
    func cancelRequest() throws {
        let chat = try Chat()
        try chat.say(resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了", expect: "#1")
        try chat.say(resident, "不用了，取消刚才的报修", expect: "#1", "撤销")
        #expect(try chat.request(1)?.status == .cancelled)
        try chat.say(resident, "取消", expect: "没有正在办理")
    }

    @Test("A location fills the form's location and a picture joins the open request")
    func attachments() throws {
        let chat = try Chat()
        try chat.say(resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了", expect: "#1")
        let reply = try chat.send(resident, .image("https://example.invalid/p.jpg"))
        #expect(reply.contains("#1"))
        #expect(try chat.request(1)?.attachments.count == 1)
    }

    @Test("A retried message is handled once and answered the same")
    func retry() throws {
        let chat = try Chat()
        let first = try chat.say(resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了", id: "wechat:42")
        let second = try chat.say(resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了", id: "wechat:42")
        #expect(first == second)
        #expect(try chat.requests().count == 1)
    }

    @Test("A 2,000-character message gets an answer")
    func longMessage() throws {
        let chat = try Chat()
        let reply = try chat.say(resident, String(repeating: "楼道灯坏了", count: 400))
        #expect(!reply.isEmpty)
    }

    @Test("Policy questions get the FAQ answer and open nothing")
    func faq() throws {
        let chat = try Chat()
        try chat.say(resident, "社区服务中心周六上班吗", expect: "周六")
        #expect(try chat.requests().isEmpty)
    }
}

@Suite("Staff commands")
struct StaffCommandTests {
    let resident = "repl:zhang"
    let worker = "repl:wang"

    func opened() throws -> Chat {
        let chat = try Chat()
        try chat.say(resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了", expect: "#1")
        return chat
    }

    @Test("A resident typing staff commands gets no staff powers")
    func residentCannot() throws {
        let chat = try opened()
        try chat.say(resident, "接单 1")
        try chat.say(resident, "办结 1")
        #expect(try chat.request(1)?.status == .assigned)
        #expect(try chat.request(1)?.claimer == nil)
    }

    @Test("Unknown and closed numbers, missing arguments, and other people's requests", arguments: [
        ("repl:wang", "接单 99", "没有工单 #99"),
        ("repl:wang", "接单", "用法"),
        ("repl:wang", "回复 1", "用法"),
        ("repl:wang", "转派 1 西关第二网格", "不归您"),
        ("repl:admin", "转派 1 不存在的网格", "找不到"),
        ("repl:wang", "详情", "用法"),
    ])
    func errors(user: String, command: String, fragment: String) throws {
        let chat = try opened()
        try chat.say(user, command, expect: fragment)
        #expect(try chat.request(1)?.status == .assigned)
    }

    @Test("Closed requests cannot be worked on")
    func closed() throws {
        let chat = try opened()
        try chat.say(worker, "办结 1")
        try chat.say(worker, "接单 1", expect: "不能再操作")
    }

    @Test("Another grid's worker may not claim; an admin reassigns")
    func grids() throws {
        let chat = try opened()
        try chat.say("repl:zhao", "接单 1", expect: "不归您")
        try chat.say("repl:admin", "转派 1 西关第二网格", expect: "西关第二网格")
        #expect(try chat.request(1)?.grid == "g2")
        #expect(chat.last("repl:zhao").contains("#1"))
        try chat.say("repl:zhao", "/claim 1", expect: "已接单")
    }

    @Test("待办 lists unclaimed first, oldest first")
    func todoOrder() throws {
        let chat = try opened()
        try chat.say("repl:liu", "凤鸣小区2号楼后面的垃圾三天没人收了", expect: "#2")
        try chat.say(worker, "接单 1")
        let todo = try chat.say(worker, "待办")
        let one = try #require(todo.range(of: "#1"))
        let two = try #require(todo.range(of: "#2"))
        #expect(two.lowerBound < one.lowerBound)
    }

    @Test("详情 shows the history")
    func show() throws {
        let chat = try opened()
        try chat.say(worker, "接单 1")
        try chat.say(worker, "详情 1", expect: "受理", "接单 王网格员", "楼道灯")
    }

    @Test("帮助 lists the commands")
    func help() throws {
        let chat = try Chat()
        try chat.say(worker, "帮助", expect: "待办", "接单", "转派")
    }
}

/// 订阅通知 answers reach the engine as messages: kept, answered with nothing, and leaving
/// the conversation as it was.
@Suite("notice consents in the engine")
struct NoticeConsentChatTests {
    @Test("同意 adds a consent, 拒绝 withdraws them; nothing is said and a form in progress is untouched; a retry is not counted twice")
    func consents() throws {
        let chat = try Chat()
        let user = "repl:resident"
        try chat.say(user, "路灯坏了好几天了，晚上黑乎乎的", expect: "小区")
        let before = try chat.store.read { try $0.conversation(for: user) }
        let message = InboundMessage(userID: try UserID(user), messageID: "consent-1",
                                     content: .noticeConsents([.init(templateID: "TPL-A", accepted: true), .init(templateID: "TPL-B", accepted: true)]),
                                     receivedAt: chat.now.addingTimeInterval(60))
        #expect(try chat.engine.handle(message).replies == [])
        #expect(try chat.engine.handle(message).duplicate)
        #expect(try chat.store.read { try $0.noticeConsents(of: user) }.map(\.templateID) == ["TPL-A", "TPL-B"])
        #expect(try chat.store.read { try $0.conversation(for: user) } == before)
        try chat.send(user, .noticeConsents([.init(templateID: "TPL-A", accepted: false)]))
        #expect(try chat.store.read { try $0.noticeConsents(of: user) }.map(\.templateID) == ["TPL-B"])
        // The form still asks for the community.
        try chat.say(user, "凤鸣小区", expect: "凤鸣小区")
    }
}

/// Messages that tell a resident of a change to their request carry it as a notice, for a
/// 订阅通知 in their place; others carry none.
@Suite("request notices in the outbox")
struct RequestNoticeTests {
    @Test("接单, 回复 and 办结 carry claimed, replied and resolved notices with the template's words; staff notices carry none")
    func notices() throws {
        let chat = try Chat()
        try chat.say("repl:resident", "凤鸣小区3号楼楼道灯坏了", expect: "#1")
        var pending: [OutboxEntry] = []
        for (index, command) in ["接单 1", "回复 1 明天上午来修", "办结 1 换了灯泡"].enumerated() {
            _ = try chat.engine.handle(InboundMessage(userID: try UserID("repl:wang"), messageID: "staff-\(index)", content: .text(command),
                                                      receivedAt: chat.now.addingTimeInterval(Double(60 * (index + 1)))))
            pending += try chat.store.claimOutbox(limit: 100).filter { entry in !pending.contains { $0.id == entry.id } }
        }
        let toResident = pending.filter { $0.message.recipient == "repl:resident" }.compactMap(\.message.notice)
        #expect(toResident.map(\.kind) == [.claimed, .replied, .resolved])
        #expect(toResident.allSatisfy { $0.number == 1 && $0.values["intent_name"] == "设施报修" && $0.values["staff_name"] == "王网格员" })
        #expect(toResident[1].values["note"] == "明天上午来修" && toResident[2].values["note"] == "换了灯泡")
        #expect(toResident[2].values["status"] == chat.engine.statusName(.resolved))
        #expect(pending.filter { $0.message.recipient != "repl:resident" }.allSatisfy { $0.message.notice == nil })
    }
}

/// Where a WeChat resident is told to agree to 订阅通知.
@Suite("subscription hint")
struct SubscriptionHintTests {
    static let link = "https://mp.weixin.qq.com/s/subscribe-page"

    @Test("a WeChat resident without an unused consent is pointed to the page when a request opens; with one, or on another channel, or unset, not")
    func hint() throws {
        let chat = try Chat(configuration: .init(subscribeLink: Self.link))
        let resident = "wechat:o-resident-1"
        #expect(try chat.say(resident, "凤鸣小区3号楼楼道灯坏了", expect: "#1").contains(Self.link))
        try chat.send(resident, .noticeConsents([.init(templateID: "TPL", accepted: true)]))
        #expect(!(try chat.say(resident, "凤鸣小区5号楼门口垃圾好几天没人清了", expect: "#2")).contains(Self.link))
        #expect(!(try chat.say("repl:someone", "凤鸣小区7号楼楼道灯坏了", expect: "#3")).contains(Self.link))
        let unset = try Chat()
        #expect(!(try unset.say("wechat:o-resident-2", "凤鸣小区3号楼楼道灯坏了", expect: "#1")).contains("订阅"))
    }
}
