import Foundation
import LinliCore
import Testing

/// The roles of issue 13: grid leaders, the street, departments; routing as before for the rest.
@Suite("Directory: grid leaders, street, departments")
struct RoleTests {
    static let directory: Directory = try! Directory(
        staff: [
            .init(id: "repl:wang", name: "王网格员", role: .gridWorker, grids: ["g1"]),
            .init(id: "repl:li", name: "李党员", role: .partyMember, grids: ["g1"]),
            .init(id: "repl:chen", name: "陈网格长", role: .gridLeader, grids: ["g1"]),
            .init(id: "repl:sun", name: "孙网格长", role: .gridLeader, grids: ["g2"]),
            .init(id: "repl:street", name: "城关街道", role: .street),
            .init(id: "repl:cg", name: "城管", role: .department),
            .init(id: "repl:admin", name: "社区办公室", role: .admin),
        ],
        grids: [
            .init(id: "g1", name: "东关第一网格", communities: ["凤鸣小区"], workers: ["repl:wang"]),
            .init(id: "g2", name: "西关第二网格", communities: ["西关社区"]),
        ])

    @Test func rolesDecodeFromConfigurationNames() throws {
        let json = """
            [{"id": "repl:a", "name": "甲", "role": "grid_leader", "grids": []},
             {"id": "repl:b", "name": "乙", "role": "street", "grids": []},
             {"id": "repl:c", "name": "城管", "role": "department", "grids": []}]
            """
        let staff = try JSONDecoder().decode([Directory.Staff].self, from: Data(json.utf8))
        #expect(staff.map(\.role) == [.gridLeader, .street, .department])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Directory.Staff.self, from: Data(#"{"id":"repl:d","name":"丁","role":"boss","grids":[]}"#.utf8))
        }
    }

    @Test func gridLeadersServeTheirGridButAreNotSentReports() {
        #expect(Self.directory.recipients(route: "grid_worker", grid: "g1") == ["repl:wang"])
        #expect(Self.directory.recipients(route: "party_member", grid: "g1") == ["repl:li"])
        // A grid with a leader and no worker: reports still go to the admins, as before.
        #expect(Self.directory.recipients(route: "grid_worker", grid: "g2") == ["repl:admin"])
        #expect(Self.directory.gridLeaders(of: "g1") == ["repl:chen"])
        #expect(Self.directory.gridLeaders(of: "g2") == ["repl:sun"])
        #expect(Self.directory.gridLeaders(of: nil) == [])
        let chen = Self.directory.member("repl:chen")!
        #expect(Self.directory.grids(of: chen) == ["g1"])
    }

    @Test func streetAndAdminsAreListedByRole() {
        #expect(Self.directory.members(.street) == ["repl:street"])
        #expect(Self.directory.members(.admin) == ["repl:admin"])
        #expect(Self.directory.recipients(route: "admin", grid: "g1") == ["repl:admin"])
    }

    @Test func departmentRoutesGoToTheNamedDepartment() {
        #expect(Self.directory.recipients(route: "department:城管", grid: "g1") == ["repl:cg"])
        #expect(Self.directory.recipients(route: "department:城管", grid: nil) == ["repl:cg"])
        // No such department: the grid's workers, as any route the directory does not know.
        #expect(Self.directory.recipients(route: "department:物业", grid: "g1") == ["repl:wang"])
    }
}
