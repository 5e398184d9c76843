import Foundation
@testable import LinliCore
import Testing

/// The service time a closing note records (audit H1: a huge number used to trap the server).
@Suite("Service time in closing notes")
struct ServiceTimeTests {
    @Test("Numbers with a unit read as minutes; out-of-range, negative and malformed ones are ignored", arguments: [
        ("用时2小时", 120),
        ("已处理，用时1.5小时", 90),
        ("40分钟", 40),
        ("跑了3个小时", 180),
        ("2h", 120),
        ("用时.5小时", 30),
        ("用时0小时", 0),
        ("用时10000小时", 600_000),
        ("用时600000分钟", 600_000),
        ("用时10000.1小时", nil),
        ("用时600001分钟", nil),
        ("用时99999999999999999999小时", nil),
        ("用时9999999999999999999分钟", nil),
        ("用时" + String(repeating: "9", count: 400) + "小时", nil),
        ("用时" + String(repeating: "9", count: 400) + ".5分钟", nil),
        ("用时-5小时", nil),
        ("用时－5小时", nil),
        ("用时..小时", nil),
        ("用时1..5小时", nil),
        ("用时1.2.3小时", nil),
        ("3号楼，已修好", nil),
        ("用时99999999999999999999小时，实际40分钟", 40),
    ] as [(String, Int?)])
    func parse(note: String, minutes: Int?) {
        #expect(ServiceTime.minutes(in: note) == minutes, "\(note.prefix(40))")
    }

    @Test("A closing note with a huge service time resolves the request with the time since the claim")
    func hugeNumberInChat() throws {
        let chat = try Chat()
        let resident = "repl:zhang", worker = "repl:wang"
        try chat.say(resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了", expect: "#1")
        try chat.say(worker, "接单 1", expect: "已接单")
        chat.advance(minutes: 89)
        try chat.say(worker, "办结 1 用时99999999999999999999小时", expect: "已办结")
        let request = try #require(try chat.request(1))
        #expect(request.status == .resolved)
        // 89 minutes plus the 30 seconds the harness adds to each message.
        #expect(request.serviceMinutes == 89)
        #expect(chat.last(resident).contains("已办结"))
    }
}
