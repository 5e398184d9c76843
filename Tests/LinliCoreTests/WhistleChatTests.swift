import Foundation
@testable import LinliCore
import Testing

/// 社区吹哨、部门报到 in the chat: a grid worker calls a department to a request, the
/// department is told and answers with 报到, the whistler is told; who may do which; and the
/// report's whistle figures.
@Suite("Whistles and department answers")
struct WhistleChatTests {
    let resident = "repl:resident"
    let wang = "repl:wang"
    let zhao = "repl:zhao"
    let li = "repl:li"
    let admin = "repl:admin"
    let chengguan = "repl:cg"
    let chengguan2 = "repl:cg2"
    let wuye = "repl:wy"

    /// The chat directory plus two people of 城管 and one of 物业.
    static let directory: Directory = try! Directory(
        staff: Chat.directory.staff + [
            .init(id: "repl:cg", name: "城管", role: .department),
            .init(id: "repl:cg2", name: "城管", role: .department),
            .init(id: "repl:wy", name: "物业", role: .department),
        ],
        grids: Chat.directory.grids)

    /// One wall-clock hour to answer, so that the test's clock needs no working calendar.
    func makeChat(within limit: TimeLimit = TimeLimit(amount: 1, unit: .hours), directory: Directory = Self.directory) throws -> Chat {
        try Chat(directory: directory, configuration: .init(whistleAnswerWithin: limit))
    }

    /// A resident's report in 凤鸣小区 (grid g1, 王网格员's), request #1.
    func open(_ chat: Chat) throws {
        try chat.say(resident, "凤鸣小区3号楼楼道里有人飞线充电，我电话13812345678", expect: "#1")
    }

    @Test func aWhistleIsAnsweredAndTheWhistlerTold() throws {
        let chat = try makeChat()
        try open(chat)
        try chat.say(wang, "吹哨 1 城管 占道经营需要执法", expect: "已向城管吹哨", "#1")
        for member in [chengguan, chengguan2] {
            let notice = chat.last(member)
            #expect(notice.contains("#1") && notice.contains("凤鸣小区") && notice.contains("占道经营需要执法")
                    && notice.contains("报到 1") && notice.contains("王网格员"), "\(member): \(notice)")
        }
        #expect(chat.all(wuye).isEmpty)
        // The department may read the request it was called to.
        try chat.say(chengguan, "详情 1", expect: "飞线充电", "吹哨", "城管：占道经营需要执法")
        try chat.say(chengguan2, "/answer 1", expect: "城管已报到工单 #1")
        #expect(chat.last(wang).contains("城管已报到工单 #1"))
        try chat.say(chengguan, "报到 1", expect: "已于", "城管", "#1")
        let events = try chat.store.read { try $0.events(request: 1) }
        let whistled = try #require(events.first { $0.kind == .whistled })
        #expect(whistled.actor == wang && WhistleNote(whistled.note ?? "") == WhistleNote(department: "城管", text: "占道经营需要执法"))
        #expect(events.filter { $0.kind == .whistleAnswered }.map(\.actor) == [chengguan2])
        try chat.say(wang, "详情 1", expect: "报到 城管")
    }

    @Test func anUnknownDepartmentIsAnsweredWithTheConfiguredOnes() throws {
        let chat = try makeChat()
        try open(chat)
        try chat.say(wang, "吹哨 1 环保局 有异味", expect: "环保局", "城管、物业")
        try chat.say(wang, "吹哨 1 城管", expect: "用法：吹哨 N 部门 说明")
        let bare = try makeChat(directory: Chat.directory)
        try open(bare)
        try bare.say(wang, "吹哨 1 城管 占道", expect: "还没有配置部门")
        #expect(try chat.store.read { try $0.events(request: 1) }.allSatisfy { $0.kind != .whistled })
    }

    @Test func onlyThoseServingTheRequestWhistleAndOnlyTheCalledDepartmentAnswers() throws {
        let chat = try makeChat()
        try open(chat)
        // A resident's 吹哨 is no staff command: nothing is whistled.
        try chat.say(resident, "吹哨 1 城管 快来")
        try chat.say(zhao, "吹哨 1 城管 占道", expect: "不归您处理")
        try chat.say(li, "吹哨 1 城管 占道", expect: "不归您处理")
        try chat.say(chengguan, "吹哨 1 物业 占道", expect: "不归您处理")
        #expect(chat.all(chengguan).isEmpty)
        try chat.say(chengguan, "报到 1", expect: "没有向您的部门吹哨")
        try chat.say(chengguan, "详情 1", expect: "不归您处理")
        try chat.say(admin, "吹哨 1 城管 占道", expect: "已向城管吹哨")
        try chat.say(admin, "吹哨 1 城管 再催", expect: "还在等待报到")
        try chat.say(wuye, "报到 1", expect: "没有向您的部门吹哨")
        try chat.say(wang, "报到 1", expect: "没有向您的部门吹哨")
        #expect(try chat.store.read { try $0.events(request: 1) }.filter { $0.kind == .whistled }.count == 1)
    }

    @Test func aLateOrMissingAnswerIsListedInTheReport() throws {
        let chat = try makeChat()
        try open(chat)
        try chat.say(wang, "吹哨 1 城管 占道经营", expect: "已向城管吹哨")
        try chat.say(wang, "吹哨 1 物业 垃圾堆放", expect: "已向物业吹哨")
        chat.advance(minutes: 20)
        try chat.say(wuye, "报到 1", expect: "物业已报到")
        var figures = try chat.engine.report(now: chat.now).whistles
        #expect(figures.whistles == 2 && figures.answered == 1 && figures.answeredInTime == 1 && figures.notAnswering.isEmpty)
        chat.advance(minutes: 60)
        figures = try chat.engine.report(now: chat.now).whistles
        #expect(figures.notAnswering == ["城管"])
        try chat.say(chengguan, "报到 1", expect: "城管已报到")
        figures = try chat.engine.report(now: chat.now).whistles
        #expect(figures.whistles == 2 && figures.answered == 2 && figures.answeredInTime == 1 && figures.notAnswering == ["城管"])
        let department = try #require(figures.departments.first)
        #expect(department == .init(name: "城管", whistles: 1, answered: 1, answeredInTime: 0, missed: 1))
    }

    @Test func aWhistleNoteKeepsDepartmentAndText() {
        let note = WhistleNote(department: "城管", text: "占道 经营：需要执法")
        #expect(WhistleNote(note.note) == note)
        #expect(WhistleNote("城管") == WhistleNote(department: "城管", text: ""))
    }
}
