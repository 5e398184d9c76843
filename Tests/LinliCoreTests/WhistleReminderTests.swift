import Foundation
@testable import LinliCore
import Testing

/// A department that has not answered a whistle (报到) by its due time is reminded once by
/// the deadline timer, and the whistler hears of it; an answer in time, or a second pass,
/// sends nothing.
@Suite("Whistle reminders when a department does not answer")
struct WhistleReminderTests {
    let wang = "repl:wang"
    let chengguan = "repl:cg"
    let wuye = "repl:wy"

    func chat() throws -> Chat {
        let chat = try WhistleChatTests().makeChat()
        try WhistleChatTests().open(chat)
        return chat
    }

    /// Runs the timer's pass at the chat's clock and delivers what it queued.
    func pass(_ chat: Chat) throws -> Escalation.Pass {
        let pass = try Escalation.runPass(engine: chat.engine, now: chat.now)
        try chat.deliver()
        return pass
    }

    @Test func anUnansweredWhistleIsRemindedOnceWhenItsTimeRunsOut() throws {
        let chat = try chat()
        try chat.say(wang, "吹哨 1 城管 占道经营需要执法", expect: "已向城管吹哨")
        try chat.say(wang, "吹哨 1 物业 楼道杂物", expect: "已向物业吹哨")
        let whistledAt = chat.now
        #expect(try chat.request(1)?.whistleDueAt != nil)
        chat.advance(minutes: 30)
        #expect(try pass(chat).steps == 0)
        try chat.say(wuye, "报到 1", expect: "物业已报到")
        let told = chat.all(chengguan).count
        chat.advance(minutes: 31)
        #expect(try pass(chat).steps == 1)
        #expect(chat.all(chengguan).count == told + 1 && chat.last(chengguan).contains("已超时") && chat.last(chengguan).contains("报到 1"))
        #expect(chat.last(wang).contains("城管未在") && chat.last(wang).contains("已再次提醒"))
        #expect(!chat.last(wuye).contains("已超时"))
        let reminded = try chat.store.read { try $0.events(request: 1) }.filter { $0.kind == .whistleReminded }
        #expect(reminded.map(\.note) == ["城管"] && reminded.allSatisfy { $0.actor == "system" && $0.at > whistledAt })
        #expect(try chat.request(1)?.whistleDueAt == nil)
        // Once: later passes say nothing more, and the history shows the reminder.
        chat.advance(minutes: 120)
        #expect(try pass(chat).steps == 0)
        #expect(chat.all(chengguan).count == told + 1)
        try chat.say(wang, "详情 1", expect: "催促部门报到 系统：城管")
        // The late answer still counts, and a new whistle is due again.
        try chat.say(chengguan, "报到 1", expect: "城管已报到")
        try chat.say(wang, "吹哨 1 城管 还需要处理", expect: "已向城管吹哨")
        #expect(try chat.request(1)?.whistleDueAt == chat.now.addingTimeInterval(3600))
    }

    @Test func anAnswerInTimeLeavesNothingForTheTimer() throws {
        let chat = try chat()
        try chat.say(wang, "吹哨 1 城管 占道经营需要执法", expect: "已向城管吹哨")
        try chat.say(chengguan, "报到 1", expect: "城管已报到")
        #expect(try chat.request(1)?.whistleDueAt == nil)
        chat.advance(minutes: 120)
        #expect(try pass(chat).steps == 0)
        #expect(!chat.all(chengguan).contains { $0.contains("已超时") })
    }
}
