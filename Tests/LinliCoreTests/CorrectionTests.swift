import Foundation
import LinliCore
import LinliNLU
import Testing

/// A resident who corrects a slot during a form hears that the change was made.
@Suite("Corrections")
struct CorrectionTests {
    let resident = "repl:zhang"

    /// A report up to its confirmation at 凤鸣小区 3号楼.
    private func confirming() throws -> Chat {
        let chat = try Chat()
        try chat.say(resident, "有人在楼道给电瓶车充电", expect: "哪个小区")
        try chat.say(resident, "凤鸣小区", expect: "几号楼")
        let answer = try chat.say(resident, "3号楼", expect: "确认提交")
        #expect(!answer.contains("已改为"), "a first answer is no correction")
        return chat
    }

    @Test("A correction at the confirmation is applied and acknowledged", arguments: ["不对，是6号楼", "改成6号楼", "6号楼，刚才说错了"])
    func atConfirmation(correction: String) throws {
        let chat = try confirming()
        let answer = try chat.say(resident, correction, expect: "好的，已改为6号楼", "凤鸣小区 6号楼", "确认提交")
        #expect(!answer.contains("3号楼"))
        try chat.say(resident, "是", expect: "#1")
        #expect(try chat.request(1)?.slots["building"] == "6")
    }

    @Test("A correction while a later slot is asked for is acknowledged and the question asked again")
    func whileAsking() throws {
        let chat = try Chat()
        try chat.say(resident, "我家老人卧床了，想请社区上门帮忙做养老金认证", expect: "哪个小区")
        try chat.say(resident, "凤鸣小区", expect: "联系电话")
        try chat.say(resident, "不对，是东关社区", expect: "好的，已改为东关社区", "联系电话")
        try chat.say(resident, "13912345678", expect: "东关社区")
    }

    @Test("A correction word keeps a sure reading of another report from switching topic")
    func notASwitch() throws {
        let chat = try confirming()
        let elsewhere = Understanding(text: "改成6号楼", intent: "sanitation", confidence: 0.95, slots: ["building": "6"], alternatives: [])
        let answer = try chat.say(resident, "改成6号楼", understood: elsewhere, expect: "已改为6号楼", "飞线充电")
        #expect(!answer.contains("先不说"))
    }

    @Test("Repeating a value already given is no correction")
    func sameValue() throws {
        let chat = try confirming()
        let answer = try chat.say(resident, "是3号楼", expect: "3号楼")
        #expect(!answer.contains("已改为"))
    }
}
