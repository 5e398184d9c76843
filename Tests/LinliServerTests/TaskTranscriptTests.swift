import Foundation
import Testing

/// The README's task transcript replayed through the built `linli repl`, then `linli report`
/// over the same database: one task published, claimed by two members and completed with
/// hours shows as 1 task at 100 % with its hours, in total and per member.
@Suite("linli repl and report: a published task")
struct TaskTranscriptTests {
    @Test func publishedClaimedAndCompletedTaskIsInTheReport() throws {
        let staff = """
              - {id: repl:li, name: 李建国, role: party_member, grids: [dongguan-1]}
              - {id: repl:zhou, name: 周红, role: party_member, grids: [dongguan-1]}
              - {id: repl:admin, name: 社区办公室, role: admin, grids: []}
            """
        try LinliProcess.withWorkspace(staff: staff) { try replayAndReport(in: $0) }
    }

    private func replayAndReport(in directory: URL) throws {
        func run(_ arguments: [String], input: String = "") throws -> String {
            let (status, output) = try LinliProcess.run(arguments, in: directory, input: input)
            let text = String(decoding: output, as: UTF8.self)
            #expect(status == 0, "linli \(arguments.joined(separator: " ")): \(text)")
            return text
        }
        let lines = [":as admin", "发布任务", "清理楼道杂物", "凤鸣小区3号楼", "本周六上午9点", "2", "2小时",
                     ":as li", "认领 T1", ":as zhou", "认领 T1", ":as wang", "认领 T1", ":as admin", "完成 T1 2小时",
                     ":as li", "我的服务时长"]
        let transcript = try run(["repl"], input: lines.joined(separator: "\n") + "\n")
        for fragment in ["已发布任务 T1", "发给 repl:li：社区发布了新任务 T1", "还剩 1 个名额", "名额已满", "T1 已满",
                         "任务已完成", "你的服务时长共 2 小时"] {
            #expect(transcript.contains(fragment), "the transcript lacks '\(fragment)': \(transcript)")
        }

        let json = try #require(try JSONSerialization.jsonObject(with: Data(try run(["report", "--format", "json"]).utf8)) as? [String: Any])
        let tasks = try #require(json["tasks"] as? [String: Any])
        #expect(tasks["published"] as? Int == 1 && tasks["claimed"] as? Int == 1 && tasks["completed"] as? Int == 1)
        #expect(tasks["completionRate"] as? Double == 1 && tasks["hours"] as? Double == 4)
        let members = try #require(tasks["members"] as? [[String: Any]])
        #expect(Set(members.compactMap { $0["id"] as? String }) == ["repl:li", "repl:zhou"])
        #expect(members.allSatisfy { $0["hours"] as? Double == 2 })

        let csv = try run(["report", "--format", "csv", "--no-bom"])
        #expect(csv.contains("\n任务,tasks,发布的任务,1,,1,1,100.0%,"), "\(csv)")
        #expect(csv.contains("\n服务时长,repl:li,李建国,,,1,1,"), "\(csv)")
        let table = try run(["report"])
        #expect(table.contains("发布任务：1 个，已认领 1 个，已完成 1 个，办结率 100.0%；任务服务时长合计 4.0 小时"), "\(table)")
    }
}
