import Foundation
import Testing

/// The built `linli` with `deadlines:` and `calendar:`: a bad limit stops it with a clear
/// error, the REPL's `:clock` turns a request red, and `linli requests` shows `due` and `colour`.
@Suite("linli with deadlines")
struct DeadlineCommandTests {
    /// Runs each of `commands` (`requests --format csv`) in turn on one configuration holding
    /// `extra` and one database, in a temporary directory, `input` on standard input; the exit
    /// status of the last one run (the first that failed) and all their output.
    static func run(_ commands: [String], extra: String, staff: String = "", input: String = "") throws -> (status: Int32, output: String) {
        try LinliProcess.withWorkspace(staff: staff, extra: extra) { directory in
            var output = ""
            for command in commands {
                let (status, data) = try LinliProcess.run(command.split(separator: " ").map(String.init), in: directory, input: input)
                output += String(decoding: data, as: UTF8.self)
                if status != 0 { return (status, output) }
            }
            return (0, output)
        }
    }
    static let deadlines = """
        calendar: {time_zone: Asia/Shanghai, hours: "09:00-12:00,14:00-17:30", weekend: [sat, sun]}
        deadlines:
          default: {claim: 4wh, resolve: 2wd}
        """

    @Test("A bad limit, stage, intent or date stops linli with an error naming it", arguments: [
        ("deadlines: {default: {claim: 3x}}", "deadlines.default.claim: not a time limit: \"3x\""),
        ("deadlines: {default: {sign: 4h}}", "unknown stage 'sign'"),
        ("deadlines: {repairs: {claim: 4h}}", "'repairs' is not an intent id"),
        ("calendar: {holidays: [2026-02-30]}", "not a date: \"2026-02-30\""),
        ("calendar: {hours: \"9-12\"}", "not office hours"),
        ("calendar: {weekend: [samstag]}", "weekend day \"samstag\""),
    ])
    func badConfiguration(extra: String, message: String) throws {
        let (status, output) = try Self.run(["requests"], extra: extra)
        #expect(status != 0)
        #expect(output.contains(message), "\(output)")
    }

    @Test("linli.example.yaml's calendar and deadlines load")
    func example() throws {
        let example = try String(contentsOf: EndToEndTests.root.appendingPathComponent("linli.example.yaml"), encoding: .utf8)
        let start = try #require(example.range(of: "\ncalendar:"))
        let (status, output) = try Self.run(["requests"], extra: String(example[start.lowerBound...]))
        #expect(status == 0, "\(output)")
    }

    @Test("REPL: :clock moves the clock; a report left unclaimed turns red in 待办 and in linli requests")
    func clock() throws {
        let lines = ["凤鸣小区4号楼3单元的楼道灯坏了一个多月了", ":as wang", "待办", ":clock +3d", "待办", ":clock +x"]
        let (status, output) = try Self.run(["repl", "requests --format csv --no-bom", "requests --format json"],
                                            extra: Self.deadlines, input: lines.joined(separator: "\n") + "\n")
        #expect(status == 0, "\(output)")
        #expect(output.contains("签收时限") && output.contains("【绿】"), "\(output)")
        #expect(output.contains("时钟已拨到"), "\(output)")
        #expect(output.contains("【红】"), "\(output)")
        #expect(output.contains("用法：:clock +2d"), "\(output)")
        #expect(output.contains("时限,时限状态"), "\(output)")
        #expect(output.contains("\"colour\" : \"green\"") || output.contains("\"colour\" : \"red\""), "\(output)")
        #expect(output.contains("\"due\" : \"20"), "\(output)")
    }

    @Test("REPL: a report left unclaimed through :clock +5d gets 催办, then the 网格长 and the admin are told, each once and in order; linli report --now counts it overdue")
    func escalationThroughTheREPL() throws {
        let people = """
            calendar: {time_zone: Asia/Shanghai, hours: "09:00-12:00,14:00-17:30", weekend: [sat, sun]}
            deadlines:
              default: {claim: 4wh, resolve: 2wd}
            """
        // The staff list of `run` has only the grid worker: add the leader and the admin to it.
        let lines = ["凤鸣小区4号楼3单元的楼道灯坏了一个多月了", ":clock +5d", ":as repl:wang", "详情 1"]
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(5 * 86_400 + 3_600))
        let (status, output) = try Self.run(["repl", "report --format json --now \(later)"],
                                            extra: people, staff: Self.leaderAndAdmin,
                                            input: lines.joined(separator: "\n") + "\n")
        #expect(status == 0, "\(output)")
        #expect(output.contains("→ 发给 repl:wang：【催办】工单 #1"), "\(output)")
        #expect(output.contains("→ 发给 repl:chen：【超期】工单 #1"), "\(output)")
        #expect(output.contains("→ 发给 repl:admin：【督办】工单 #1"), "\(output)")
        // Each step once, in the ladder's order, in the request's history.
        let history = try #require(output.range(of: "记录："))
        let events = output[history.upperBound...]
        let reminded = try #require(events.range(of: "催办"))
        let escalated = try #require(events.range(of: "超期上报网格长"))
        let supervised = try #require(events.range(of: "督办"))
        #expect(reminded.lowerBound < escalated.lowerBound && escalated.lowerBound < supervised.lowerBound)
        #expect(output.components(separatedBy: "【督办】").count == 2, "\(output)")
        #expect(output.contains("\"overdueOpen\" : 1") || output.contains("\"overdueOpen\": 1"), "\(output)")
        #expect(output.contains("\"responseRate\" : 0") || output.contains("\"responseRate\": 0"), "\(output)")
    }

    static let leaderAndAdmin = """
          - {id: repl:chen, name: 陈网格长, role: grid_leader, grids: [dongguan-1]}
          - {id: repl:admin, name: 社区办公室, role: admin, grids: []}
        """
}
