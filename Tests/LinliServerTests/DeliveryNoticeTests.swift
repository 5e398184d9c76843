import Foundation
import LinliCore
import LinliGateways
@testable import LinliServer
@testable import LinliSQLite
import Logging
import Testing

/// A staff reply that fails for good (45015: the resident has been silent over 48 hours)
/// is marked failed and the staff member is told, once; nothing else earns a notice.
@Suite("Delivery failure notices")
struct DeliveryNoticeTests {
    static let worker = "wechat:worker-openid"
    static let resident = "wechat:resident-openid"
    static var silent: DeliveryFakePlatform.Answer { DeliveryFakePlatform.Answer.json(#"{"errcode":45015,"errmsg":"response out of time limit or subscription is canceled"}"#) }
    static let sendPath = "/cgi-bin/message/custom/send"

    let platform = DeliveryFakePlatform()
    let clock = ManualClock()
    let store: SQLiteStore
    let engine: Engine
    let messages = MessageCounter()

    init() throws {
        store = try SQLiteStore(url: "sqlite::memory:")
        engine = Engine(nlu: Harness.nlu, responses: Harness.responses, directory: Harness.directory, store: store,
                        logger: DeliveryServiceTests.quietLogger)
    }

    func service(_ configuration: DeliveryService.Configuration = .init()) -> DeliveryService {
        let courier = Courier(httpClient: platform, wechat: DeliveryServiceTests.wechat, wecom: nil,
                              webhook: DeliveryServiceTests.webhook, clock: clock, logger: DeliveryServiceTests.quietLogger)
        return DeliveryService(store: store, courier: courier, responses: Harness.responses, configuration: configuration,
                               clock: clock, now: { Date(timeIntervalSince1970: 1_767_225_700) }, logger: DeliveryServiceTests.quietLogger)
    }

    /// `user` says `text` through the real engine; returns the replies joined.
    @discardableResult
    func say(_ user: String, _ text: String) throws -> String {
        let counter = messages.next()
        let message = InboundMessage(userID: try UserID(user), messageID: "notice-test:\(counter)", content: .text(text),
                                     receivedAt: Date(timeIntervalSince1970: 1_767_225_600 + Double(counter)))
        return try engine.handle(message).replies.joined(separator: "\n")
    }

    @Test func aStaffReplyToASilentResidentTellsTheStaffMember() async throws {
        try say(Self.resident, "楼上天天从窗户吊根线下来给电瓶车充电")
        try say(Self.resident, "凤鸣小区3号楼")
        #expect(try say(Self.resident, "是").contains("#1"))
        #expect(try say(Self.worker, "接单 1").contains("#1"))
        let service = service()
        #expect(try await service.drainOnce() == 2)  // the new-request notice and "claimed"

        #expect(try say(Self.worker, "回复 1 马上到").contains("#1"))
        platform.script(Self.sendPath, Self.silent)
        #expect(try await service.drainOnce() == 1)
        let reply = try #require(try store.outboxRows().last { $0.message.recipient == Self.resident })
        #expect(reply.state == .failed)
        #expect(reply.message.origin == Self.worker)
        #expect(reply.message.text.contains("马上到"))
        let notice = try #require(try store.claimOutbox(limit: 10).first)
        #expect(notice.message.recipient == Self.worker)
        #expect(notice.message.origin == nil)
        #expect(notice.message.text.contains("马上到") && notice.message.text.contains("48小时"))

        #expect(try await service.drainOnce() == 1)
        #expect(platform.delivered.last == "worker-openid: \(notice.message.text)")
        #expect(try store.claimOutbox(limit: 10).isEmpty)
    }

    @Test func aNotificationWithoutOriginFailsSilently() async throws {
        try store.write { try $0.enqueue(OutboundMessage(recipient: Self.resident, text: "您的工单已办结"), at: Date()) }
        platform.script(Self.sendPath, Self.silent)
        #expect(try await service().drainOnce() == 1)
        #expect(try store.outboxRows().map(\.state) == [.failed])
        #expect(try store.claimOutbox(limit: 10).isEmpty)
    }

    @Test func aNoticeThatFailsItselfIsNotReported() async throws {
        let reply = OutboundMessage(recipient: Self.resident, text: "【工单 #1】王网格员：马上到", origin: Self.worker)
        try store.write { try $0.enqueue(reply, at: Date()) }
        platform.script(Self.sendPath, Self.silent, Self.silent)
        let service = service()
        #expect(try await service.drainOnce() == 1)
        #expect(try await service.drainOnce() == 1)
        #expect(try await service.drainOnce() == 0)
        #expect(try store.outboxRows().map(\.state) == [.failed, .failed])
        #expect(try store.outboxRows().map(\.message.recipient) == [Self.resident, Self.worker])
    }

    @Test func aMessageToItsOwnOriginEarnsNoNotice() async throws {
        try store.write { try $0.enqueue(OutboundMessage(recipient: Self.worker, text: "自己", origin: Self.worker), at: Date()) }
        platform.script(Self.sendPath, Self.silent)
        #expect(try await service().drainOnce() == 1)
        #expect(try store.outboxRows().count == 1)
    }

    @Test func aWebhookReplyGivenUpAfterRetriesIsReportedInPlainWords() async throws {
        let reply = OutboundMessage(recipient: "webhook:u-1", text: "【工单 #2】马上到", origin: "webhook:staff-1")
        // Queued 49 hours before the service's now: its first retryable failure is its last.
        try store.write { try $0.enqueue(reply, at: Date(timeIntervalSince1970: 1_767_225_700 - 49 * 3600)) }
        platform.script("/callback", .status(503), .status(503))
        let service = service(.init(baseBackoff: .zero))
        #expect(try await service.drainOnce() == 1)
        #expect(try await service.drainOnce() == 1)
        let states = try store.outboxRows()
        #expect(states.map(\.state) == [.failed, .pending])
        #expect(states.last?.message.recipient == "webhook:staff-1")
        #expect(states.last?.message.text == Harness.responses.render(.deliveryFailed, [
            "text": "【工单 #2】马上到", "reason": Harness.responses.render(.deliveryReasonOther)]))
    }

    @Test(arguments: [("errcode 45015: user silent", ResponseKey.deliveryReasonSilent),
                      ("errcode 43004: user has not followed the account", .deliveryReasonUnreachable),
                      ("errcode 81013", .deliveryReasonUnreachable), ("HTTP 404", .deliveryReasonOther),
                      ("errcode 450151", .deliveryReasonOther)])
    func reasonsAreExplainedInPlainWords(reason: String, key: ResponseKey) {
        #expect(DeliveryNotice.reasonKey(reason) == key)
    }
}

/// Numbers the messages a test sends, so each has its own id.
final class MessageCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// The next number, from 1.
    func next() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}
