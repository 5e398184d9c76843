import Foundation
import LinliCore
import LinliSQLite
import Testing

@Suite("Restarts")
struct RestartTests {
    @Test("Restarting between any two steps of the whole flow loses nothing")
    func restartBetweenSteps() throws {
        try Chat.withDatabaseFile { path in try runFlow(onFile: path) }
    }

    private func runFlow(onFile path: String) throws {
        let resident = "repl:zhang", worker = "repl:wang"
        let steps: [(user: String, text: String, expect: String, receiver: String?, received: String?)] = [
            (resident, "楼上天天从窗户吊根线下来给电瓶车充电", "哪个小区", nil, nil),
            (resident, "凤鸣小区3号楼", "是", nil, nil),
            (resident, "是", "#1", worker, "新工单 #1"),
            (worker, "待办", "#1", nil, nil),
            (worker, "接单 1", "已接单", resident, "王网格员"),
            (worker, "回复 1 明早上门", "已发送", resident, "明早上门"),
            (worker, "办结 1 已拆除，用时2小时", "已办结", resident, "满意"),
            (resident, "一般", "谢谢", nil, nil),
        ]
        var now = Date(timeIntervalSince1970: 1_790_000_000)
        for (index, step) in steps.enumerated() {
            // A new store and engine on the same file each step: a process restart.
            let chat = try Chat(store: try SQLiteStore(path: path), now: now)
            try chat.say(step.user, step.text, expect: step.expect, id: "step:\(index)")
            if let receiver = step.receiver, let fragment = step.received {
                #expect(chat.last(receiver).contains(fragment), "\(receiver) after '\(step.text)'")
            }
            now = chat.now
        }
        let chat = try Chat(store: try SQLiteStore(path: path), now: now)
        let request = try #require(try chat.request(1))
        #expect(request.status == .rated && request.rating == 3 && request.serviceMinutes == 120)
        let report = try chat.engine.report()
        #expect(report.total.resolved == 1 && report.total.rated == 1)
        #expect(try chat.store.claimOutbox(limit: 10).isEmpty)
    }
}
