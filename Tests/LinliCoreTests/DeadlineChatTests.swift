import Foundation
@testable import LinliCore
import Testing

/// Deadlines in the chat: first contact and reopen times, 待办 and 详情 with the due time
/// and colour, 延期 and 批准延期, and residents' nudges. The chat starts on Monday
/// 2026-09-21 22:13 in Shanghai; each message moves the clock 30 s.
@Suite("Deadlines in the chat")
struct DeadlineChatTests {
    let resident = "repl:zhang"
    let worker = "repl:wang"
    let admin = "repl:admin"
    let report = "凤鸣小区4号楼3单元的楼道灯坏了一个多月了"

    /// Claim in 4 working hours, first contact in 1 working day, resolve in 2 working days.
    static let configuration = Engine.Configuration(deadlines: DeadlinePolicy(
        default: StageLimits(claim: TimeLimit(amount: 4, unit: .workingHours), firstContact: TimeLimit(amount: 1, unit: .workingDays),
                             resolve: TimeLimit(amount: 2, unit: .workingDays), revisit: TimeLimit(amount: 3, unit: .days)),
        perIntent: [:], calendar: WorkCalendar()))

    func chat() throws -> Chat { try Chat(configuration: Self.configuration) }

    @Test("The first 回复 to the resident is the first contact; the claim notice is not; a reopen is timed")
    func firstContactAndReopen() throws {
        let chat = try chat()
        try chat.say(resident, report, expect: "#1")
        try chat.say(worker, "接单 1")
        #expect(try chat.request(1)?.firstContactAt == nil)
        try chat.say(worker, "回复 1 明天上午上门")
        let contact = try #require(try chat.request(1)?.firstContactAt)
        try chat.say(worker, "回复 1 再确认一下")
        #expect(try chat.request(1)?.firstContactAt == contact)
        try chat.say(worker, "办结 1 已更换灯泡")
        #expect(try chat.request(1)?.reopenedAt == nil)
        try chat.say(resident, "不满意")
        let request = try #require(try chat.request(1))
        #expect(request.status == .reopened)
        #expect(request.reopenedAt == chat.now)
    }

    @Test("待办 and 详情 show the due time and turn green, yellow, red")
    func todoAndDetail() throws {
        let chat = try chat()
        try chat.say(resident, report, expect: "#1")
        // Opened Monday 22:13: 4 working hours end Tuesday 15:00; 80 % is 14:12.
        try chat.say(worker, "待办", expect: "签收时限 9月22日 15:00【绿】")
        chat.now = shanghai("2026-09-22 14:20")
        try chat.say(worker, "待办", expect: "签收时限 9月22日 15:00【黄】")
        chat.now = shanghai("2026-09-22 15:05")
        try chat.say(worker, "详情 1", expect: "签收时限 9月22日 15:00【红】")
        try chat.say(resident, "我的工单", expect: "签收时限 9月22日 15:00【红】")
        // Claimed: the first-contact clock runs from the claim, one working day.
        try chat.say(worker, "接单 1")
        try chat.say(worker, "待办", expect: "首次联系时限 9月23日 17:30【绿】")
    }

    @Test("Without deadlines nothing shows a due time")
    func noDeadlines() throws {
        let chat = try Chat()
        try chat.say(resident, report, expect: "#1")
        let todo = try chat.say(worker, "待办", expect: "#1")
        #expect(!todo.contains("时限"))
    }

    @Test("延期 by the claimer tells the admins; 批准延期 by an admin moves the deadline and tells the resident the date")
    func extensionApproved() throws {
        let chat = try chat()
        try chat.say(resident, report, expect: "#1")
        try chat.say(worker, "接单 1")
        try chat.say(worker, "回复 1 明天上门")
        try chat.say(worker, "延期 1 3天 等配件", expect: "已为工单 #1 申请延期 3天")
        #expect(chat.last(admin).contains("王网格员申请工单 #1 延期 3天：等配件"), "\(chat.last(admin))")
        try chat.say(worker, "批准延期 1", expect: "不归您处理")
        #expect(try chat.request(1)?.extensions.first?.isApproved == false)
        // Resolve: 2 working days from Monday → Wednesday 17:30; 3 days more → Saturday 17:30.
        try chat.say(admin, "批准延期 1", expect: "新的办结时限 9月26日 17:30")
        #expect(chat.last(resident).contains("预计 9月26日 17:30 前办结"), "\(chat.last(resident))")
        #expect(chat.last(worker).contains("9月26日 17:30"))
        try chat.say(admin, "/approve-extension 1", expect: "没有待批准的延期申请")
        let kinds = try chat.store.read { try $0.events(request: 1) }.map(\.kind)
        #expect(kinds.filter { $0 == .extensionRequested }.count == 1)
        #expect(kinds.filter { $0 == .extensionApproved }.count == 1)
        try chat.say(worker, "待办", expect: "办结时限 9月26日 17:30")
        try chat.say(worker, "详情 1", expect: "申请延期 王网格员：3天 等配件", "批准延期 社区办公室：3d")
    }

    @Test("A bad number or duration is a clear error that changes nothing", arguments: [
        ("延期 1 3x 等配件", "「3x」不是时长"),
        ("延期 1 3天", "用法：延期 N 时长 原因"),
        ("延期 99 3天 等配件", "没有工单 #99"),
        ("/extend", "用法：延期 N 时长 原因"),
        ("批准延期", "用法：批准延期 N"),
    ])
    func badExtension(text: String, answer: String) throws {
        let chat = try chat()
        try chat.say(resident, report, expect: "#1")
        try chat.say(worker, "接单 1")
        let before = try chat.request(1)
        try chat.say(text.hasPrefix("批准") ? admin : worker, text, expect: answer)
        #expect(try chat.request(1) == before)
    }

    @Test("A resident typing 延期 gets a resident's answer, and nothing is extended")
    func residentExtend() throws {
        let chat = try chat()
        try chat.say(resident, report, expect: "#1")
        let answer = try chat.say(resident, "延期 1 3天 等配件")
        #expect(!answer.contains("申请延期") && !answer.contains("用法"), "\(answer)")
        #expect(try chat.request(1)?.extensions.isEmpty == true)
    }

    @Test("帮助 for staff shows 延期 and 批准延期")
    func help() throws {
        let chat = try chat()
        try chat.say(worker, "帮助", expect: "延期 N 时长 原因", "批准延期 N", "/extend")
    }

    @Test("A nudge gets the state and deadline, is recorded and sent to the grid, once an hour", arguments: ["催一下", "怎么还没人来", "都一个礼拜了"])
    func nudge(text: String) throws {
        let chat = try chat()
        try chat.say(resident, report, expect: "#1")
        let before = chat.all(worker).count
        try chat.say(resident, text, expect: "已帮您催办工单 #1", "签收时限 9月22日 15:00")
        #expect(chat.all(worker).count == before + 1)
        #expect(chat.last(worker).contains("居民在催工单 #1"), "\(chat.last(worker))")
        try chat.say(resident, "催一下", expect: "一小时内已催办过")
        #expect(chat.all(worker).count == before + 1)
        chat.advance(minutes: 61)
        try chat.say(resident, "都一个礼拜了", expect: "已帮您催办工单 #1")
        #expect(chat.all(worker).count == before + 2)
        let nudges = try chat.store.read { try $0.events(request: 1) }.filter { $0.kind == .nudged }
        #expect(nudges.count == 2)
        #expect(nudges.allSatisfy { $0.actor == resident })
    }

    @Test("A claimed request's nudge goes to the claimer alone; with no open request a nudge is an ordinary message")
    func nudgeClaimer() throws {
        let chat = try chat()
        try chat.say(resident, report, expect: "#1")
        try chat.say("repl:li", "接单 1")
        let workerBefore = chat.all(worker).count
        try chat.say(resident, "催一下", expect: "已帮您催办工单 #1")
        #expect(chat.last("repl:li").contains("居民在催工单 #1"))
        #expect(chat.all(worker).count == workerBefore)
        let other = try chat.say("repl:chen", "催一下")
        #expect(!other.contains("催办"), "\(other)")
    }
}
