import Foundation
import Testing

/// The built `linli` as residents, staff and the office use it from a terminal: a REPL
/// transcript in Chinese from 帮助 to 详情, then `linli requests` and `linli report` over
/// the same database, as a spreadsheet (BOM, Chinese headers) and as JSON for programs.
@Suite("linli repl, requests and report in Chinese")
struct OfficeCommandTests {
    /// A temporary directory with a configuration and an SQLite database, removed afterwards.
    final class Workspace {
        let directory: URL

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-office-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let config = """
                database: {url: "sqlite:\(directory.appendingPathComponent("linli.sqlite").path)"}
                intents_dir: \(EndToEndTests.root.appendingPathComponent("intents").path)
                responses_dir: \(EndToEndTests.root.appendingPathComponent("responses").path)
                calendar: {time_zone: Asia/Shanghai}
                grids:
                  - {id: dongguan-1, name: 东关第一网格, communities: [凤鸣小区, 东关社区], workers: [repl:wang]}
                staff:
                  - {id: repl:wang, name: 王网格员, role: grid_worker, grids: [dongguan-1]}
                """
            try config.write(to: directory.appendingPathComponent("linli.yaml"), atomically: true, encoding: .utf8)
        }

        deinit { try? FileManager.default.removeItem(at: directory) }

        /// Runs `linli ARGUMENTS --config …` with `input` on standard input; its output bytes.
        func run(_ arguments: [String], input: String = "") throws -> Data {
            let (status, output) = try LinliProcess.run(arguments, in: directory, input: input)
            #expect(status == 0, "linli \(arguments.joined(separator: " ")): \(String(decoding: output, as: UTF8.self))")
            return output
        }

        /// The REPL session every test starts from: help, a report, claimed, resolved, rated,
        /// then 我的工单 and 详情 1; its transcript.
        func transcript() throws -> String {
            let lines = ["帮助", "凤鸣小区4号楼3单元的楼道灯坏了一个多月了", ":as wang", "接单 1", "办结 1 已更换灯泡",
                         ":as resident", "满意", "我的工单", ":as wang", "详情 1"]
            return String(decoding: try run(["repl"], input: lines.joined(separator: "\n") + "\n"), as: UTF8.self)
        }
    }

    /// What the REPL answered to `line` (said by whoever spoke it): the lines up to the next prompt.
    static func answer(to line: String, in transcript: String) -> String {
        guard let start = transcript.range(of: "> " + line + "\n") else { return "" }
        let rest = transcript[start.upperBound...]
        let end = rest.range(of: "\nrepl:")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test("REPL: 帮助 gets the menu; after report, resolve and rating 我的工单 shows 已评价 with the note; 详情 is Chinese with names")
    func transcript() throws {
        let workspace = try Workspace()
        let transcript = try workspace.transcript()
        let help = Self.answer(to: "帮助", in: transcript)
        #expect(help.contains("可以帮您") && help.contains("我的工单") && !help.contains("帮不上忙"), "\(transcript)")
        #expect(Self.answer(to: "凤鸣小区4号楼3单元的楼道灯坏了一个多月了", in: transcript).contains("#1"), "\(transcript)")
        let mine = Self.answer(to: "我的工单", in: transcript)
        #expect(mine.contains("#1") && mine.contains("已评价") && mine.contains("已更换灯泡"), "\(transcript)")
        let detail = Self.answer(to: "详情 1", in: transcript)
        #expect(detail.components(separatedBy: "邻里> ").count == 2, "详情 is one message: \(detail)")
        for fragment in ["受理 居民", "派单 系统：东关第一网格", "接单 王网格员", "办结 王网格员：已更换灯泡", "评价 居民：5分"] {
            #expect(detail.contains(fragment), "详情 lacks '\(fragment)': \(detail)")
        }
        #expect(detail.firstMatch(of: /\d{1,2}月\d{1,2}日 \d{2}:\d{2} 受理/) != nil, "\(detail)")
        #expect(!detail.contains("opened") && !detail.contains("repl:wang") && !detail.contains("dongguan-1"), "\(detail)")
    }

    @Test("requests --format csv starts with a BOM and Chinese headers; --no-bom leaves the BOM out; json keeps English keys")
    func requestsCSVAndJSON() throws {
        let workspace = try Workspace()
        _ = try workspace.transcript()
        let csv = try workspace.run(["requests", "--format", "csv"])
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: csv.dropFirst(3), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.first == "工单号,类型,状态,居民,小区,楼栋,单元,门牌,位置,电话,办理对象,年龄,车牌,网格,接单人,受理时间,接单时间,办结时间,评分,时限,时限状态,纬度,经度,坐标系")
        let row = try #require(lines.dropFirst().first)
        #expect(row.hasPrefix("1,") && row.contains(",已评价,") && row.contains(",东关第一网格,王网格员,") && row.hasSuffix(",5,,,,,"), "\(row)")
        #expect(row.firstMatch(of: /,\d{4}-\d{2}-\d{2} \d{2}:\d{2},/) != nil, "\(row)")

        let plain = try workspace.run(["requests", "--format", "csv", "--no-bom"])
        #expect(String(decoding: plain, as: UTF8.self).hasPrefix("工单号,"))

        let json = try workspace.run(["requests", "--format", "json"])
        let items = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
        let item = try #require(items.first)
        #expect(Set(item.keys) == ["number", "intent", "status", "resident", "slots", "grid", "claimer", "opened", "claimed",
                                   "resolved", "rating", "text"])
        #expect(item["status"] as? String == "rated" && item["intent"] as? String == "facility_repair")
        #expect(item["grid"] as? String == "dongguan-1" && item["claimer"] as? String == "repl:wang")
        #expect((item["opened"] as? String)?.firstMatch(of: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/) != nil)
    }

    @Test("report: table and CSV in Chinese (BOM first), json with its English keys")
    func report() throws {
        let workspace = try Workspace()
        _ = try workspace.transcript()
        let csv = try workspace.run(["report", "--format", "csv"])
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: csv.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("分组,编号,名称,受理数,撤销数,接单数,办结数,办结率,"), "\(text)")
        #expect(text.contains("\n合计,all,合计,1,") && text.contains("\n网格,dongguan-1,东关第一网格,1,"), "\(text)")
        #expect(text.contains("\n任务,tasks,发布的任务,0,,0,0,-,"), "\(text)")
        let table = String(decoding: try workspace.run(["report"]), as: UTF8.self)
        #expect(table.contains("办结率") && table.contains("志愿服务时长") && !table.contains("resolution_rate"), "\(table)")
        let json = try #require(try JSONSerialization.jsonObject(with: try workspace.run(["report", "--format", "json"])) as? [String: Any])
        let total = try #require(json["total"] as? [String: Any])
        #expect(total["resolutionRate"] as? Double == 1 && total["key"] as? String == "all")
        #expect(Set(json.keys) == ["total", "byIntent", "byGrid", "byStaff", "volunteerHours", "microWishesCollected", "microWishesClaimed", "microWishesFulfilled", "tasks", "whistles", "lists"])
        let tasks = try #require(json["tasks"] as? [String: Any])
        #expect(tasks["published"] as? Int == 0 && tasks["hours"] as? Double == 0 && (tasks["members"] as? [Any])?.isEmpty == true)
        let whistles = try #require(json["whistles"] as? [String: Any])
        #expect(whistles["whistles"] as? Int == 0 && (whistles["notAnswering"] as? [Any])?.isEmpty == true)
        let lists = try #require(json["lists"] as? [String: Any])
        #expect(lists["units"] as? Int == 0 && lists["resources"] as? Int == 0 && (lists["unitHours"] as? [Any])?.isEmpty == true)
    }
}
