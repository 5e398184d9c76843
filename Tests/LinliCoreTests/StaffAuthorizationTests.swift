import Foundation
import LinliCore
import Testing

/// Who may read what (audit M1) and who counts as staff (audit L1, L9).
@Suite("Staff authorization")
struct StaffAuthorizationTests {
    let resident = "repl:zhang"
    let report = "凤鸣小区3号楼楼道里有人飞线充电，我电话13812345678"

    /// The chat directory plus a volunteer of the other grid and a webhook worker of the first.
    static let directory: Directory = try! Directory(
        staff: Chat.directory.staff + [
            .init(id: "repl:vol2", name: "西关党员", role: .partyMember, grids: ["g2"]),
            .init(id: "webhook:Kate", name: "凯特", role: .gridWorker, grids: ["g1"]),
        ],
        grids: Chat.directory.grids)

    @Test("详情 is refused to staff who do not serve the request, and shows none of it")
    func showNeedsService() throws {
        let chat = try Chat(directory: Self.directory)
        try chat.say(resident, report, expect: "#1")
        for outsider in ["repl:vol2", "repl:zhao"] {
            let answer = try chat.say(outsider, "详情 1", expect: "不归您")
            #expect(!answer.contains("13812345678") && !answer.contains(resident) && !answer.contains("楼道"), "\(outsider): \(answer)")
        }
        try chat.say("repl:vol2", "/show 1", expect: "不归您")
        for insider in ["repl:wang", "repl:li", "repl:admin"] {
            try chat.say(insider, "详情 1", expect: "13812345678", resident)
        }
    }

    @Test("An id canonically equal to a staff id but of other bytes is a resident (KELVIN SIGN)")
    func canonicallyEqualIDIsNotStaff() throws {
        let chat = try Chat(directory: Self.directory)
        let impostor = "webhook:\u{212A}ate"
        // Swift's String == says these are the same; the bytes differ.
        #expect(impostor == "webhook:Kate")
        #expect(chat.engine.directory.member(impostor) == nil)
        #expect(chat.engine.directory.member("webhook:Kate")?.name == "凯特")
        try chat.say(resident, report, expect: "#1")
        let shown = try chat.say(impostor, "详情 1")
        #expect(!shown.contains("13812345678"), "\(shown)")
        try chat.say(impostor, "接单 1")
        #expect(try chat.request(1)?.claimer == nil)
        try chat.say("webhook:Kate", "接单 1", expect: "已接单")
        #expect(try chat.request(1)?.claimer == "webhook:Kate")
    }

    @Test("A worker listed by a grid under a canonically equal id is not the configured member")
    func gridWorkerBytes() {
        #expect(throws: CoreError.self) {
            try Directory(staff: [.init(id: "webhook:Kate", name: "凯特", role: .gridWorker)],
                          grids: [.init(id: "g", name: "网格", communities: ["甲小区"], workers: ["webhook:\u{212A}ate"])])
        }
    }

    @Test("A staff id on an unknown channel is refused, naming the id", arguments: [
        "wexin:ostaff", "webhok:staff1", "staff1", ":staff1", "wechat:", "WeChat:ostaff", "sms:13800000000",
    ])
    func unknownChannel(id: String) throws {
        let error = try #require(throws: CoreError.self) {
            try Directory(staff: [.init(id: id, name: "某人", role: .gridWorker)])
        }
        #expect(error.code == .invalidDirectory)
        #expect(error.message.contains("'\(id)'"), "\(error.message)")
    }

    @Test("Staff ids on every channel linli serves are accepted")
    func knownChannels() throws {
        let staff: [Directory.Staff] = ["wechat:o1", "wecom:zhangsan", "webhook:staff-1", "repl:wang"].map {
            .init(id: $0, name: $0, role: .gridWorker)
        }
        #expect(try Directory(staff: staff).staff.count == 4)
    }
}
