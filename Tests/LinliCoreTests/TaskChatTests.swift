import Foundation
@testable import LinliCore
import Testing

/// Published tasks in the chat: 发布任务 asked step by step or on one line, 认领 and 退出,
/// 完成 with hours, 我的服务时长, and the report's task figures.
@Suite("Published tasks and service hours")
struct TaskChatTests {
    let admin = "repl:admin"
    let li = "repl:li"
    let zhou = "repl:zhou"
    let wang = "repl:wang"
    let zhao = "repl:zhao"

    /// The chat directory plus a second party member of the first grid.
    static let directory: Directory = try! Directory(
        staff: Chat.directory.staff + [.init(id: "repl:zhou", name: "周党员", role: .partyMember, grids: ["g1"])],
        grids: Chat.directory.grids)

    func chat() throws -> Chat { try Chat(directory: Self.directory) }

    /// Publishes a task in 凤鸣小区 for `needed` people on one line.
    func publish(_ chat: Chat, needed: Int = 2, title: String = "清理楼道") throws {
        try chat.say(admin, "发布任务 \(title) | 凤鸣小区3号楼 | 周六上午9点 | \(needed) | 2小时", expect: "已发布任务")
    }

    @Test func adminPublishesStepByStepAndTheCommunitysMembersAreTold() throws {
        let chat = try chat()
        try chat.say(admin, "发布任务", expect: "标题")
        try chat.say(admin, "清理楼道杂物", expect: "在哪里")
        try chat.say(admin, "凤鸣小区3号楼", expect: "什么时间")
        try chat.say(admin, "本周六上午9点", expect: "几个人")
        try chat.say(admin, "五个", expect: "没能看懂", "几个人")
        try chat.say(admin, "5", expect: "几小时")
        try chat.say(admin, "2小时", expect: "已发布任务 T1", "清理楼道杂物", "需要5人", "已通知 3 位")
        // The grid of 凤鸣小区: its party members and its grid worker; not the other grid's.
        for member in [li, zhou, wang] { #expect(chat.last(member).contains("认领 T1"), "\(member): \(chat.last(member))") }
        #expect(chat.all(zhao).isEmpty)
        #expect(try chat.conversation(admin)?.taskDraft == nil)
        let task = try #require(try chat.store.read { try $0.task(number: 1) })
        #expect(task.community == "凤鸣小区" && task.needed == 5 && task.expectedMinutes == 120 && task.status == .open)
    }

    @Test func aDraftIsCancelledAndOtherCommandsWorkMeanwhile() throws {
        let chat = try chat()
        try chat.say(admin, "发布任务 清理楼道 | 凤鸣小区", expect: "什么时间")
        try chat.say(admin, "帮助", expect: "认领 TN")
        try chat.say(admin, "周六", expect: "几个人")
        try chat.say(admin, "算了", expect: "已取消发布任务")
        #expect(try chat.store.read { try $0.tasks(publishedSince: nil) }.isEmpty)
    }

    @Test func aDraftLeftIdleIsDropped() throws {
        let chat = try chat()
        try chat.say(admin, "发布任务", expect: "标题")
        chat.advance(minutes: 31)
        let reply = try chat.say(admin, "楼道清理")
        #expect(!reply.contains("在哪里"))
        #expect(try chat.conversation(admin)?.taskDraft == nil)
    }

    @Test func onlyAnAdminPublishes() throws {
        let chat = try chat()
        try chat.say(li, "发布任务 清理楼道 | 凤鸣小区 | 周六 | 2 | 2小时", expect: "只有管理员")
        try chat.say(wang, "发布任务", expect: "只有管理员")
        #expect(try chat.store.read { try $0.tasks(publishedSince: nil) }.isEmpty)
        #expect(try chat.conversation(wang)?.taskDraft == nil)
    }

    @Test func aFullTaskClosesToClaimsAndAWithdrawalFreesAPlace() throws {
        let chat = try chat()
        try publish(chat)
        try chat.say(li, "认领 T1", expect: "已认领 T1", "还剩 1 个名额")
        try chat.say(li, "认领T1", expect: "已经认领")
        try chat.say(zhou, "/take t1", expect: "已认领 T1", "名额已满")
        try chat.say(wang, "认领 T1", expect: "T1 已满")
        // The member told of the task who holds no place hears that it is full.
        #expect(chat.last(wang).contains("名额已满") || chat.all(wang).contains { $0.contains("名额已满") })
        #expect(try chat.store.read { try $0.task(number: 1) }?.status == .full)
        try chat.say(li, "退出 T1", expect: "已退出 T1")
        #expect(try chat.store.read { try $0.task(number: 1) }?.status == .open)
        // Those without a place hear it is free again; the one still holding it and the one
        // who gave it back do not.
        #expect(chat.last(wang).contains("有名额空出"))
        #expect(!chat.last(zhou).contains("有名额空出") && !chat.last(li).contains("有名额空出"))
        try chat.say(wang, "认领 T1", expect: "已认领 T1", "名额已满")
        try chat.say(li, "退出 T1", expect: "没有你的认领记录")
        try chat.say(admin, "认领 T1", expect: "只有党员和网格员")
        try chat.say(li, "认领 T9", expect: "没有任务 T9")
        try chat.say(li, "认领", expect: "认领 TN")
    }

    @Test func aResidentTypingAClaimIsNotAStaffCommand() throws {
        let chat = try chat()
        try publish(chat)
        let reply = try chat.say("repl:zhang", "认领 T1")
        #expect(!reply.contains("T1"))
        #expect(try chat.store.read { try $0.taskClaims(task: 1) }.isEmpty)
    }

    @Test func hoursAreRecordedForEveryClaimerOrOneAndSummed() throws {
        let chat = try chat()
        try publish(chat)
        try chat.say(li, "认领 T1")
        try chat.say(zhou, "认领 T1")
        try chat.say(wang, "完成 T1 2小时", expect: "没有你的认领记录")
        try chat.say(li, "完成 T1 @周党员 3小时", expect: "只有管理员")
        try chat.say(li, "完成 T1 3小时", expect: "还有认领人未记录")
        #expect(try chat.store.read { try $0.task(number: 1) }?.status == .closed)
        try chat.say(wang, "认领 T1", expect: "已结束报名")
        try chat.say(admin, "完成 T1 @周党员 1.5小时", expect: "任务已完成")
        #expect(chat.last(zhou).contains("1.5 小时"))
        #expect(try chat.store.read { try $0.task(number: 1) }?.status == .done)
        try publish(chat, title: "陪老人就医")
        try chat.say(li, "认领 T2")
        try chat.say(admin, "完成 T2 4", expect: "4 小时", "任务已完成")
        try chat.say(admin, "完成 T2", expect: "完成 TN 时长")
        try chat.say(li, "我的服务时长", expect: "共 7 小时", "2 个任务", "T1 清理楼道：3 小时", "T2 陪老人就医：4 小时")
        try chat.say(zhou, "/my-hours", expect: "共 1.5 小时")
        try chat.say(wang, "我的服务时长", expect: "还没有记录")
    }

    @Test func theReportCountsTasksTheirCompletionRateAndHours() throws {
        let chat = try chat()
        try publish(chat)
        try publish(chat, title: "陪老人就医")
        try publish(chat, title: "发放宣传单")
        try chat.say(li, "认领 T1")
        try chat.say(zhou, "认领 T1")
        try chat.say(admin, "完成 T1 4小时")
        try chat.say(li, "认领 T2")
        let tasks = try chat.engine.report(now: chat.now).tasks
        #expect(tasks.published == 3)
        #expect(tasks.claimed == 2)
        #expect(tasks.completed == 1)
        #expect(tasks.completionRate == 1.0 / 3)
        #expect(tasks.hours == 8)
        #expect(tasks.members.map(\.id) == [li, zhou])
        #expect(tasks.members.map(\.hours) == [4, 4])
        #expect(tasks.members.map(\.claimed) == [2, 1])
        #expect(tasks.members.map(\.completed) == [1, 1])
        #expect(tasks.members.first?.name == "李党员")
        #expect(try chat.engine.report(since: chat.now.addingTimeInterval(60), now: chat.now).tasks == .none)
    }

    @Test(arguments: [
        ("认领 T12", StaffCommand.claimTask(12)), ("认领T12", .claimTask(12)), ("认领 t12", .claimTask(12)), ("认领 12", .claimTask(12)),
        ("/take T3", .claimTask(3)), ("认领 T1 现在", .claimTask(nil)), ("退出T4", .withdrawTask(4)), ("/leave T4", .withdrawTask(4)),
        ("完成 T12 4小时", .completeTask(12, "4小时")), ("完成T12 @李党员 3小时", .completeTask(12, "@李党员 3小时")),
        ("我的服务时长", .myHours), ("发布任务", .publishTask("")), ("发布任务 a | b", .publishTask("a | b")),
    ])
    func commandsParse(text: String, command: StaffCommand) {
        #expect(StaffCommand.parse(text, words: Chat.responses.words) == command)
    }

    @Test(arguments: ["认领任务", "退出登录", "完成了吗"])
    func wordsThatOnlyStartLikeACommandAreNotOne(text: String) {
        #expect(StaffCommand.parse(text, words: Chat.responses.words) == nil)
    }
}
