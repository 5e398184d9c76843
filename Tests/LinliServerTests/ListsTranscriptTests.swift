import Foundation
import Testing

/// Issue 15's bar, as the README's transcript: through the built `linli repl` from an empty
/// database, a unit pairs and registers an offer, a party member reports (双报到) and is
/// approved, a resident's 微心愿 is matched, claimed and fulfilled, a published task is
/// claimed by two and completed with hours, and a whistle is answered; then `linli report`
/// and `linli lists` over the same database, in each format.
@Suite("linli repl, report and lists: issue 15's bar")
struct ListsTranscriptTests {
    /// The README's example, line by line.
    static let lines = [
        ":as minzheng", "我们单位想和社区结对", "县民政局", "刘科长", "13900005678", "凤鸣小区", "陪伴老人 每月10人次", "每周六上午", "是",
        ":as admin", "批准报到 1",
        ":as zhang", "我是在职党员，来社区报到", "张三", "县民政局", "13800001234", "凤鸣小区", "无", "周末", "是",
        ":as admin", "批准报到 2",
        ":as grandpa", "我爷爷九十岁了，最大的愿望就是有人陪他下下象棋，凤鸣小区，电话13900001122",
        ":as admin", "匹配", "确认匹配 3 R1-1",
        ":as zhang", "认领心愿 3", "实现心愿 3 陪爷爷下了一下午象棋",
        ":as grandpa", "满意",
        ":as admin", "发布任务 清理楼道杂物 | 凤鸣小区3号楼 | 本周六上午9点 | 2 | 2小时",
        ":as zhang", "认领 T1", ":as wang", "认领 T1",
        ":as admin", "完成 T1 2小时",
        ":as neighbour", "凤鸣小区3号楼门口的下水道堵了，污水漫出来了，电话13700002222",
        ":as wang", "吹哨 4 市政所 下水道堵塞需要疏通",
        ":as shizheng", "报到 4",
    ]

    @Test func theBarFromAnEmptyDatabaseShowsInTheReportAndTheLists() throws {
        let staff = """
              - {id: repl:admin, name: 社区办公室, role: admin, grids: []}
              - {id: repl:shizheng, name: 市政所, role: department, grids: []}
            """
        try LinliProcess.withWorkspace(staff: staff) { try replay(in: $0) }
    }

    private func replay(in directory: URL) throws {
        func run(_ arguments: [String], input: String = "") throws -> String {
            let (status, output) = try LinliProcess.run(arguments, in: directory, input: input)
            let text = String(decoding: output, as: UTF8.self)
            #expect(status == 0, "linli \(arguments.joined(separator: " ")): \(text)")
            return text
        }
        func json(_ arguments: [String]) throws -> Any {
            try JSONSerialization.jsonObject(with: Data(try run(arguments + ["--format", "json"]).utf8))
        }
        let transcript = try run(["repl"], input: Self.lines.joined(separator: "\n") + "\n")
        for fragment in ["已批准报到申请 #1：单位 县民政局", "已批准报到申请 #2：张三",
                         "小提示：社区有县民政局提供陪伴老人 每月10人次，每周六上午（凤鸣小区）",
                         "#3 微心愿（陪伴老人，凤鸣小区）", "确认匹配 3 R1-1」", "已确认匹配：#3 → R1-1 县民政局（陪伴老人），已通知单位联系人和党员共 2 人认领",
                         "发给 repl:grandpa：您的微心愿（#3）已匹配到县民政局提供的陪伴老人服务", "已认领微心愿 #3", "已登记微心愿 #3 实现",
                         "还剩 1 个名额", "名额已满", "任务已完成", "市政所已报到工单 #4"] {
            #expect(transcript.contains(fragment), "the transcript lacks '\(fragment)': \(transcript)")
        }

        let report = try #require(try json(["report"]) as? [String: Any])
        let lists = try #require(report["lists"] as? [String: Any])
        #expect(lists["units"] as? Int == 1 && lists["members"] as? Int == 1 && lists["resources"] as? Int == 1, "\(lists)")
        #expect(lists["needsCollected"] as? Int == 1 && lists["needsMatched"] as? Int == 1 && lists["needsFulfilled"] as? Int == 1)
        let unitHours = try #require(lists["unitHours"] as? [[String: Any]])
        #expect(unitHours.count == 1 && unitHours[0]["name"] as? String == "县民政局" && unitHours[0]["hours"] as? Double == 2)
        let tasks = try #require(report["tasks"] as? [String: Any])
        #expect(tasks["published"] as? Int == 1 && tasks["completed"] as? Int == 1 && tasks["completionRate"] as? Double == 1)
        #expect(tasks["hours"] as? Double == 4)
        let members = try #require(tasks["members"] as? [[String: Any]])
        #expect(Set(members.compactMap { $0["id"] as? String }) == ["repl:zhang", "repl:wang"] && members.allSatisfy { $0["hours"] as? Double == 2 })
        #expect(report["microWishesFulfilled"] as? Int == 1)
        let whistles = try #require(report["whistles"] as? [String: Any])
        #expect(whistles["whistles"] as? Int == 1 && whistles["answered"] as? Int == 1)

        let table = try run(["report"])
        for line in ["双报到：单位 1 个，党员 1 名；资源清单 1 项；需求清单 收集 1 个，已实现 1 个，已匹配 1 个；单位服务时长：县民政局 2.0 小时",
                     "发布任务：1 个，已认领 1 个，已完成 1 个，办结率 100.0%；任务服务时长合计 4.0 小时", "吹哨 1 次，报到 1 次"] {
            #expect(table.contains(line), "the report lacks '\(line)': \(table)")
        }
        let csv = try run(["report", "--format", "csv", "--no-bom"])
        for row in ["\n清单,units,报到单位,1,", "\n清单,members,报到党员,1,", "\n清单,resources,资源清单,1,", "\n清单,needs,需求清单,1,,1,1,100.0%,",
                    "\n单位服务时长,unit-1,县民政局,,,1,"] {
            #expect(csv.contains(row), "the CSV lacks '\(row)': \(csv)")
        }

        #expect(try run(["lists", "resources", "--format", "csv", "--no-bom"]).contains("R1-1,陪伴老人,陪伴老人 每月10人次,每月10人次,每周六上午,凤鸣小区,unit,县民政局,unit-1"))
        let needs = try #require(try json(["lists", "needs"]) as? [[String: Any]])
        #expect(needs.count == 1 && needs[0]["number"] as? Int == 3 && needs[0]["serviceType"] as? String == "陪伴老人"
                && needs[0]["status"] as? String == "fulfilled", "\(needs)")
        let services = try run(["lists", "services"])
        #expect(services.split(separator: "\n").contains { $0.hasPrefix("3 ") && $0.contains("R1-1") && $0.contains("fulfilled") && $0.contains("repl:zhang") },
                "\(services)")

        // The office edits the member: their new offer is a line of the 资源清单 at once.
        let edited = try #require(try JSONSerialization.jsonObject(with: Data(try run(["staff", "edit", "张三", "--offers", "理发 每月8人次",
                                                                                     "--phone", "13800009999"]).utf8)) as? [[String: Any]])
        #expect(edited.count == 1 && edited[0]["phone"] as? String == "13800009999" && edited[0]["offers"] as? [String] == ["理发"])
        #expect(try run(["lists", "resources", "--format", "csv", "--no-bom"]).contains("R2-1,理发,理发 每月8人次,每月8人次,周末,凤鸣小区,member,张三,repl:zhang"))
    }
}
