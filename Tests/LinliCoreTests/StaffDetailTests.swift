import Foundation
import LinliCore
import Testing

/// What staff read: 详情 N as one message with a Chinese history, local times and names,
/// 待办 with waiting times, and 帮助 with an example per command.
@Suite("Staff detail, to-do and help")
struct StaffDetailTests {
    let resident = "repl:zhang"
    let worker = "repl:wang"

    @Test("详情 N is one message: Chinese events, local short times, grid and staff names, 居民")
    func detail() throws {
        let chat = try Chat()
        try chat.say(resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了", expect: "#1")
        try chat.say(worker, "接单 1")
        try chat.say(worker, "回复 1 明天上午上门")
        try chat.say("repl:admin", "转派 1 西关第二网格")
        try chat.say("repl:zhao", "办结 1 已更换灯泡")
        try chat.say(resident, "满意")
        let before = chat.all("repl:admin").count
        let replies = try chat.engine.handle(InboundMessage(userID: try UserID("repl:admin"), messageID: "show", content: .text("详情 1"),
                                                            receivedAt: chat.now)).replies
        #expect(chat.all("repl:admin").count == before)
        #expect(replies.count == 1)
        let detail = try #require(replies.first)
        for fragment in ["记录：", "9月21日 22:13 受理 居民", "派单 系统：东关第一网格", "接单 王网格员", "回复 王网格员：明天上午上门",
                         "转派 社区办公室：西关第二网格", "办结 赵网格员：已更换灯泡", "评价 居民：5分"] {
            #expect(detail.contains(fragment), "详情 lacks '\(fragment)': \(detail)")
        }
        #expect(detail.contains("受理 居民\n") && !detail.contains("关联居民："), "an empty note or list shows: \(detail)")
        for english in ["opened", "assigned", "claimed", "system", "repl:wang", "g1", "T22"] {
            #expect(!detail.contains(english), "详情 shows '\(english)': \(detail)")
        }
    }

    @Test("办结 without a note tells the resident without a bare colon")
    func resolvedWithoutNote() throws {
        let chat = try Chat()
        try chat.say(resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了", expect: "#1")
        try chat.say(worker, "办结 1")
        #expect(chat.last(resident).contains("#1 已办结。"), "\(chat.last(resident))")
        let list = try chat.say(resident, "我的工单", expect: "已办结")
        #expect(!list.contains("办结说明"))
    }

    @Test("Times follow the configured time zone")
    func timeZone() throws {
        let chat = try Chat()
        let utc = Engine(nlu: Chat.nlu, responses: Chat.responses, directory: Chat.directory, store: chat.store,
                         configuration: .init(timeZone: TimeZone(identifier: "UTC")!), logger: .init(label: "test"))
        #expect(utc.shortTime(chat.now) == "9月21日 14:13")
        #expect(chat.engine.shortTime(chat.now) == "9月21日 22:13")
        #expect(chat.engine.officeTime(chat.now) == "2026-09-21 22:13")
    }

    @Test("待办 shows how long each request has waited")
    func todoWaited() throws {
        let chat = try Chat()
        try chat.say(resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了", expect: "#1")
        chat.advance(minutes: 180)
        try chat.say(worker, "待办", expect: "#1", "已等3小时")
        chat.advance(minutes: 3 * 24 * 60)
        try chat.say(worker, "待办", expect: "已等3天")
    }

    @Test("帮助 for staff lists every command with an example")
    func staffHelp() throws {
        let chat = try Chat()
        try chat.say(worker, "帮助", expect: "待办", "接单 3", "回复 3 ", "回复 3@1", "办结 3 ", "转派 3 ", "详情 3")
    }
}
