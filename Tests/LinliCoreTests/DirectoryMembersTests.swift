import Foundation
import LinliCore
import Testing

/// The directory with the database's members merged in: who counts, and who wins a clash.
@Suite("Directory: configured staff and registered members")
struct DirectoryMembersTests {
    static func member(_ id: String, name: String = "张三", grids: [String] = ["g1"], active: Bool = true) -> Member {
        Member(id: id, name: name, phone: "13800001234", community: "凤鸣小区", grids: grids, active: active,
               joinedAt: Date(timeIntervalSince1970: 0))
    }

    @Test func activeMembersJoinAsPartyMembersAndConfiguredStaffWinAClash() {
        let merged = Chat.directory.adding([
            Self.member("repl:zhang", grids: ["g1", "gone"]),
            Self.member("repl:wang", name: "冒名"),
            Self.member("repl:old", active: false),
            Self.member("sms:13800001234"),
            Self.member("repl:zhang", name: "重复"),
        ])
        #expect(merged.member("repl:zhang") == Directory.Staff(id: "repl:zhang", name: "张三", role: .partyMember, grids: ["g1"]))
        #expect(merged.member("repl:wang")?.name == "王网格员" && merged.member("repl:wang")?.role == .gridWorker)
        #expect(merged.member("repl:old") == nil && merged.member("sms:13800001234") == nil)
        #expect(merged.staff.count == Chat.directory.staff.count + 1 && merged.grids == Chat.directory.grids)
        // A registered member is told of wishes and tasks of their grid, as a configured one is.
        #expect(merged.recipients(route: "party_member", grid: "g1").contains("repl:zhang"))
        #expect(merged.taskMembers(community: "凤鸣小区").map(\.id).contains("repl:zhang"))
        #expect(!merged.taskMembers(community: "西关社区").map(\.id).contains("repl:zhang"))
    }
}
