import Foundation
@testable import LinliCore
import Testing

/// Residents linked to a request that another resident opened (audit M2): they hear every
/// public change, and nothing meant for someone else.
@Suite("Followers")
struct FollowerTests {
    let reporter = "repl:zhang"
    let follower = "repl:liu"
    let worker = "repl:wang"
    let status = "我反映的问题处理得怎么样了"

    /// #1 opened by the reporter, the follower linked to it.
    func linked() throws -> Chat {
        let chat = try Chat()
        try chat.say(reporter, "凤鸣小区3号楼楼道里有人拉电线给电动车充电", expect: "#1")
        try chat.say(follower, "凤鸣小区3号楼一楼有人飞线充电 赶紧管管", expect: "已经有人反映", "#1")
        #expect(try chat.request(1)?.followers == [follower])
        return chat
    }

    @Test("A claim is told to the reporter and to every follower")
    func claimTold() throws {
        let chat = try linked()
        try chat.say(worker, "接单 1", expect: "已接单")
        #expect(chat.last(reporter).contains("#1") && chat.last(reporter).contains("王网格员"))
        #expect(chat.last(follower).contains("#1") && chat.last(follower).contains("王网格员"), "\(chat.all(follower))")
    }

    @Test("A reply goes to the reporter only, and a follower's status shows none of it")
    func replyToReporterOnly() throws {
        let chat = try linked()
        try chat.say(worker, "接单 1")
        try chat.say(worker, "回复 1 王先生您好，物业老李电话13900001111会上门", expect: "已发送")
        #expect(chat.last(reporter).contains("13900001111"))
        #expect(!chat.all(follower).joined().contains("13900001111"), "\(chat.all(follower))")
        let seen = try chat.say(follower, status, expect: "#1", "处理中")
        #expect(!seen.contains("13900001111") && !seen.contains("王先生"), "\(seen)")
        try chat.say(reporter, status, expect: "#1", "13900001111")
    }

    @Test("回复 N@K goes to the K-th linked resident only, whose status then shows it")
    func replyToFollower() throws {
        let chat = try linked()
        try chat.say(worker, "接单 1")
        try chat.say(worker, "回复 1 给报告人的话", expect: "已发送")
        let reporterBefore = chat.all(reporter).count
        try chat.say(worker, "回复 1@1 刘女士您好，已经在处理了", expect: "#1", "@1")
        #expect(chat.last(follower).contains("刘女士您好"))
        #expect(chat.all(reporter).count == reporterBefore)
        try chat.say(worker, "/reply 1@1 second note", expect: "@1")
        #expect(chat.last(follower).contains("second note"))
        let followerStatus = try chat.say(follower, status, expect: "second note")
        #expect(!followerStatus.contains("给报告人的话"))
        let reporterStatus = try chat.say(reporter, status, expect: "给报告人的话")
        #expect(!reporterStatus.contains("second note") && !reporterStatus.contains("刘女士"))
        // The history says to whom each reply went.
        let replied = try chat.store.read { try $0.events(request: 1) }.filter { $0.kind == .replied }.map { ReplyNote($0.note ?? "") }
        #expect(replied == [ReplyNote(addressee: nil, text: "给报告人的话"), ReplyNote(addressee: follower, text: "刘女士您好，已经在处理了"),
                            ReplyNote(addressee: follower, text: "second note")])
    }

    @Test("An unknown or malformed follower number changes nothing", arguments: [
        ("回复 1@2 你好", "没有第 2 位"), ("回复 1@0 你好", "用法"), ("回复 1@ 你好", "用法"), ("回复 1@x 你好", "用法"),
        ("回复 1@99999999999999999999 你好", "用法"), ("回复 1@1", "用法"),
    ])
    func unknownFollower(command: String, fragment: String) throws {
        let chat = try linked()
        try chat.say(worker, "接单 1")
        let events = try chat.store.read { try $0.events(request: 1) }.count
        let received = chat.received.values.map(\.count).reduce(0, +)
        try chat.say(worker, command, expect: fragment)
        #expect(try chat.store.read { try $0.events(request: 1) }.count == events)
        #expect(chat.received.values.map(\.count).reduce(0, +) == received)
    }

    @Test("A follower number is only answered to staff who serve the request")
    func followerCountNeedsService() throws {
        let chat = try linked()
        let answer = try chat.say("repl:zhao", "回复 1@5 你好", expect: "不归您")
        #expect(!answer.contains("没有第"))
    }

    @Test("回复 N@K parses with and without spaces and a full-width ＠; a space before @ is text")
    func parse() {
        #expect(StaffCommand.parse("回复 3@2 文本", words: Chat.responses.words) == .reply(3, to: 2, "文本"))
        #expect(StaffCommand.parse("回复#3＠2文本", words: Chat.responses.words) == .reply(3, to: 2, "文本"))
        #expect(StaffCommand.parse("/reply 3@2 text", words: Chat.responses.words) == .reply(3, to: 2, "text"))
        #expect(StaffCommand.parse("回复 3 @张三 你好", words: Chat.responses.words) == .reply(3, to: nil, "@张三 你好"))
        #expect(StaffCommand.parse("回复 3 文本", words: Chat.responses.words) == .reply(3, to: nil, "文本"))
        #expect(StaffCommand.parse("回复 3@-1 文本", words: Chat.responses.words) == .reply(nil, to: nil, ""))
    }

    @Test("详情 lists the followers as @1, @2 and says to whom a reply went")
    func showListsFollowers() throws {
        let chat = try linked()
        try chat.say("repl:chen", "凤鸣小区3号楼有人飞线充电", expect: "#1")
        try chat.say(worker, "回复 1@2 陈先生好")
        let shown = try chat.say(worker, "详情 1", expect: "@1 \(follower)", "@2 repl:chen", "@2：陈先生好")
        #expect(!shown.contains("\u{1E}"))
    }

    @Test("Resolution with its note, and a reopening, are told to followers")
    func resolvedAndReopenedTold() throws {
        let chat = try linked()
        try chat.say(worker, "接单 1")
        try chat.say(worker, "办结 1 飞线已拆除", expect: "已办结")
        #expect(chat.last(reporter).contains("飞线已拆除") && chat.last(reporter).contains("满意"))
        #expect(chat.last(follower).contains("#1") && chat.last(follower).contains("飞线已拆除"))
        #expect(!chat.last(follower).contains("打个分"))
        try chat.say(reporter, "不满意", expect: "重新打开")
        #expect(chat.last(follower).contains("#1") && chat.last(follower).contains("重新"), "\(chat.all(follower))")
        #expect(try chat.request(1)?.status == .reopened)
    }

    @Test("A withdrawal by the reporter is told to followers")
    func cancelTold() throws {
        let chat = try linked()
        try chat.say(reporter, "不用了，取消刚才的报修", expect: "撤销")
        #expect(chat.last(follower).contains("#1") && chat.last(follower).contains("撤销"), "\(chat.all(follower))")
    }

    @Test("A follower's picture or location does not join the request they follow; the reporter's does")
    func attachOnlyOwn() throws {
        let chat = try linked()
        let answer = try chat.send(follower, .image("https://example.invalid/b.jpg"))
        #expect(!answer.contains("已把"), "\(answer)")
        try chat.send(follower, .location(latitude: 34.5, longitude: 107.4, label: "3号楼门口"))
        #expect(try chat.request(1)?.attachments == [])
        try chat.send(reporter, .image("https://example.invalid/a.jpg"))
        #expect(try chat.request(1)?.attachments == ["图片：https://example.invalid/a.jpg"])
    }

    @Test("A neighbour dispute at the same address opens a request of its own")
    func disputesNotLinked() throws {
        let chat = try Chat()
        try chat.say(reporter, "凤鸣小区3号楼楼上装修从早上七点敲到晚上九点，想请社区调解", expect: "#1")
        #expect(try chat.request(1)?.intent == "dispute_mediation")
        try chat.say(follower, "凤鸣小区3号楼楼上装修噪音太大了，想请社区调解", expect: "#2")
        #expect(try chat.request(1)?.followers == [])
        #expect(try chat.request(2)?.resident == follower)
    }

    @Test("Staff help mentions replying to a linked resident")
    func help() throws {
        let chat = try Chat()
        try chat.say(worker, "帮助", expect: "回复 N@K")
    }
}
