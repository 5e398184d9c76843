import Foundation
import Testing

/// 双报到 through the built `linli repl` (a member and a unit register, an admin approves
/// both), then `linli staff` and `linli staff units` over the same database in each format.
@Suite("linli repl and staff: 双报到")
struct EnrolmentTranscriptTests {
    @Test func registeredMemberAndUnitAreListedWithTheirSource() throws {
        let staff = """
              - {id: repl:admin, name: 社区办公室, role: admin, grids: []}
            """
        try LinliProcess.withWorkspace(staff: staff) { try replayAndList(in: $0) }
    }

    private func replayAndList(in directory: URL) throws {
        func run(_ arguments: [String], input: String = "") throws -> String {
            let (status, output) = try LinliProcess.run(arguments, in: directory, input: input)
            let text = String(decoding: output, as: UTF8.self)
            #expect(status == 0, "linli \(arguments.joined(separator: " ")): \(text)")
            return text
        }
        let lines = [":as zhang", "我是在职党员，来社区报到", "张三", "县教育局", "13800001234", "凤鸣小区", "理发、陪伴老人", "周末上午", "是",
                     ":as liu", "我们单位想和社区结对", "县人民医院", "刘主任", "13900005678", "东关社区", "义诊 每月20人次", "每月第一个周六", "是",
                     ":as admin", "批准报到 1", "批准报到 2", ":as zhang", "我的服务时长"]
        let transcript = try run(["repl"], input: lines.joined(separator: "\n") + "\n")
        for fragment in ["已提交双报到申请（#1）", "发给 repl:admin：【双报到申请 #1】张三（县教育局）", "已提交单位结对申请（#2）",
                         "已批准报到申请 #1", "已批准报到申请 #2", "发给 repl:zhang：您的双报到申请 #1 已通过", "你还没有记录的服务时长"] {
            #expect(transcript.contains(fragment), "the transcript lacks '\(fragment)': \(transcript)")
        }

        let table = try run(["staff"])
        #expect(table.contains("source") && table.contains("138****1234") && !table.contains("13800001234"), "\(table)")
        let lines2 = table.split(separator: "\n")
        #expect(lines2.contains { $0.hasPrefix("repl:wang") && $0.contains("config") }, "\(table)")
        #expect(lines2.contains { $0.hasPrefix("repl:zhang") && $0.contains("database") && $0.contains("dongguan-1") }, "\(table)")

        let csv = try run(["staff", "--format", "csv", "--no-bom"])
        #expect(csv.contains("repl:zhang,张三,party_member,dongguan-1,凤鸣小区,县教育局,13800001234,理发、陪伴老人,周末上午,database,yes"), "\(csv)")

        let json = try #require(try JSONSerialization.jsonObject(with: Data(try run(["staff", "--format", "json"]).utf8)) as? [[String: Any]])
        #expect(json.map { $0["source"] as? String } == ["config", "config", "database"])
        #expect(json.last?["offers"] as? [String] == ["理发", "陪伴老人"])

        let units = try run(["staff", "units"])
        #expect(units.contains("县人民医院") && units.contains("刘主任") && units.contains("139****5678") && units.contains("义诊 每月20人次"), "\(units)")
        let unitsJSON = try #require(try JSONSerialization.jsonObject(with: Data(try run(["staff", "units", "--format", "json"]).utf8)) as? [[String: Any]])
        #expect(unitsJSON.first?["id"] as? String == "unit-2" && unitsJSON.first?["members"] as? Int == 0)
    }
}
