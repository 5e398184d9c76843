import Foundation
import LinliCore
@testable import LinliSQLite
import Testing

/// `linli serve` as a separate process against a fake WeChat API and webhook receiver on
/// loopback: the resident/staff flow of the conversations issue over `/wechat` in safe mode
/// and over `/webhook`, a token expiring mid-way, platform retries handled once, and a clean
/// exit on SIGTERM.
@Suite("End to end: linli serve as a process", .serialized)
struct EndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let token = "E2EToken2026"
    static let appID = "wx0e2e5a9c3b1d7f20"
    static let appSecret = "e2e-app-secret"
    static let aesKey = "Qz5nR9tW2dY8mB4kP0fJ3hS7vX1cL6gA9eU2iO5wT8r"
    static let accountID = "gh_0e2e5a9c3b1d"
    static let webhookSecret = "e2e-webhook-secret"
    static let resident = "oResident-e2e"
    static let worker = "oWorker-e2e"

    /// Staff and grids: a WeChat grid worker for 凤鸣小区, a webhook one for 西关社区.
    static let config = """
        grids:
          - {id: g1, name: 东关第一网格, communities: [凤鸣小区], workers: ["wechat:\(worker)"]}
          - {id: g2, name: 西关第二网格, communities: [西关社区], workers: ["webhook:staff-1"]}
        staff:
          - {id: "wechat:\(worker)", name: 王网格员, role: grid_worker, grids: [g1]}
          - {id: "webhook:staff-1", name: 赵网格员, role: grid_worker, grids: [g2]}
        """

    static func environment(directory: URL, gatewayPort: Int) -> [String: String] {
        [
            "HOME": directory.path,
            "LINLI_DATABASE_URL": "sqlite:" + directory.appendingPathComponent("linli.sqlite").path,
            "LINLI_INTENTS_DIR": root.appendingPathComponent("intents").path,
            "LINLI_RESPONSES_DIR": root.appendingPathComponent("responses").path,
            "LINLI_WECHAT_TOKEN": token, "LINLI_WECHAT_APP_ID": appID, "LINLI_WECHAT_APP_SECRET": appSecret,
            "LINLI_WECHAT_AES_KEY": aesKey, "LINLI_WECHAT_API_BASE": "http://127.0.0.1:\(gatewayPort)",
            "LINLI_WEBHOOK_SECRET": webhookSecret, "LINLI_WEBHOOK_CALLBACK_URL": "http://127.0.0.1:\(gatewayPort)/callback",
        ]
    }

    @Test func residentAndStaffOverWeChatAndWebhookThenSIGTERM() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configFile = directory.appendingPathComponent("linli.yaml")
        try Self.config.write(to: configFile, atomically: true, encoding: .utf8)
        let gateway = FakeGateway(appID: Self.appID, appSecret: Self.appSecret)

        let handled = try await DeliveryURLSessionTests.withLocalServer(gateway.router()) { port in
            let server = try await ServerProcess.start(config: configFile, environment: Self.environment(directory: directory, gatewayPort: port))
            let session = EndToEndSession(
                server: server, gateway: gateway,
                wechat: try SafeModeClient(token: Self.token, appID: Self.appID, encodingAESKey: Self.aesKey, accountID: Self.accountID),
                webhook: WebhookClient(secret: Self.webhookSecret))
            var distinct = 0
            do {
                distinct += try await Self.wechatFlow(session)
                distinct += try await Self.webhookFlow(session)
            } catch {
                _ = try? await server.terminate()
                throw error
            }
            let status = try await server.terminate(timeout: .seconds(10))
            #expect(status == 0, "linli serve did not exit 0 within 10 s after SIGTERM:\n\(server.log)")
            return distinct
        }

        // After the exit: one inbox row per distinct message, one request per flow.
        let store = try SQLiteStore(path: directory.appendingPathComponent("linli.sqlite").path)
        let counts = try store.counts()
        #expect(counts.inbox == handled)
        #expect(counts.requests == 2)
        let requests = try store.read { try $0.requests(RequestQuery()) }
        #expect(requests.map(\.status) == [.rated, .rated])
        #expect(requests.map(\.resident) == ["wechat:\(Self.resident)", "webhook:r-1"])
    }

    /// The WeChat flow; returns how many distinct messages it sent.
    static func wechatFlow(_ session: EndToEndSession) async throws -> Int {
        let gateway = session.gateway
        #expect(try await session.say(wechat: "楼上天天从窗户吊根线下来给电瓶车充电", from: resident).contains("小区"))
        let confirm = try await session.say(wechat: "凤鸣小区3号楼", from: resident)
        #expect(confirm.contains("飞线充电") && confirm.contains("3号楼"))

        // The platform retries "是" with the very same encrypted message: one answer, one request.
        let yes = try session.wechat.text("是", from: resident, msgID: 8_000_000_001)
        let opened = try await session.post(wechat: yes, from: resident)
        let again = try await session.post(wechat: yes, from: resident)
        #expect(again == opened)
        let number = try EndToEndSession.number(in: opened)

        let announced = try await session.wechatArrivals(to: worker, containing: "#\(number)")
        #expect(announced.map(\.token) == ["TOKEN-A"])
        // Token A expires early: the next send is refused once with 42001.
        gateway.expireCurrentToken()
        let sentBeforeExpiry = gateway.messages.count

        #expect(try await session.say(wechat: "待办", from: worker).contains("#\(number)"))
        #expect(try await session.say(wechat: "接单 \(number)", from: worker).contains("#\(number)"))
        let claimed = try await session.wechatArrivals(to: resident, containing: "王网格员")
        #expect(claimed.map(\.token) == ["TOKEN-B"])
        #expect(gateway.tokens == ["TOKEN-A", "TOKEN-B"])
        #expect(gateway.expiredSends.count == 1)

        #expect(try await session.say(wechat: "回复 \(number) 马上到", from: worker).contains("#\(number)"))
        let reply = try await session.wechatArrivals(to: resident, containing: "马上到")
        #expect(reply.count == 1)
        #expect(try await session.say(wechat: "办结 \(number) 已拆除飞线", from: worker).contains("#\(number)"))
        _ = try await session.wechatArrivals(to: resident, containing: "已办结")
        #expect(try await session.say(wechat: "满意", from: resident).contains("谢谢"))

        #expect(gateway.messages.dropFirst(sentBeforeExpiry).allSatisfy { $0.token == "TOKEN-B" })
        #expect(gateway.messages.filter { $0.user == resident && $0.text.contains("马上到") }.count == 1)
        #expect(gateway.tokens.count == 2)
        return 8
    }

    /// The webhook flow; returns how many distinct messages it sent.
    static func webhookFlow(_ session: EndToEndSession) async throws -> Int {
        #expect(try await session.say(webhook: "楼上天天从窗户吊根线下来给电瓶车充电", from: "r-1", id: "w-1").contains("小区"))
        #expect(try await session.say(webhook: "西关社区5号楼", from: "r-1", id: "w-2").contains("5号楼"))
        let opened = try await session.say(webhook: "是", from: "r-1", id: "w-3")
        #expect(try await session.say(webhook: "是", from: "r-1", id: "w-3") == opened)
        let number = try EndToEndSession.number(in: opened)

        _ = try await session.callbackArrivals(to: "staff-1", containing: "#\(number)")
        #expect(try await session.say(webhook: "待办", from: "staff-1", id: "s-1").contains("#\(number)"))
        #expect(try await session.say(webhook: "接单 \(number)", from: "staff-1", id: "s-2").contains("#\(number)"))
        _ = try await session.callbackArrivals(to: "r-1", containing: "赵网格员")
        #expect(try await session.say(webhook: "回复 \(number) 马上到", from: "staff-1", id: "s-3").contains("#\(number)"))
        #expect(try await session.callbackArrivals(to: "r-1", containing: "马上到").count == 1)
        #expect(try await session.say(webhook: "办结 \(number) 已拆除飞线", from: "staff-1", id: "s-4").contains("#\(number)"))
        _ = try await session.callbackArrivals(to: "r-1", containing: "已办结")
        #expect(try await session.say(webhook: "满意", from: "r-1", id: "w-4").contains("谢谢"))
        // Every callback carried a valid signature.
        #expect(session.gateway.callbackBodies.allSatisfy { session.webhook.open($0) != nil })
        return 8
    }
}
