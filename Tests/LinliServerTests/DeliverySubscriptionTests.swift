import Foundation
import LinliCore
import LinliGateways
@testable import LinliServer
@testable import LinliSQLite
import Testing

/// A resident silent for over 48 hours (45015) still hears that their request was done: as a
/// 订阅通知, when they agreed to its template; the consent is spent only by a notice the
/// platform took.
@Suite("Delivery through 订阅通知")
struct DeliverySubscriptionTests {
    static let resident = DeliveryNoticeTests.resident
    static let worker = DeliveryNoticeTests.worker
    static let bizsend = "/cgi-bin/message/subscribe/bizsend"
    static let done = try! SubscribeTemplate(templateID: "TPL-DONE", page: "https://linli.example.cn/r/{{number}}", fields: [
        "character_string1": "#{{number}}", "thing2": "{{intent_name}}：{{note}}", "phrase3": "已办结", "time4": "{{time}}",
    ])

    let base = try! DeliveryNoticeTests()

    func service(longTerm: Bool = false) -> DeliveryService {
        var template = Self.done
        template.longTerm = longTerm
        return base.service(.init(baseBackoff: .zero, subscribeTemplates: [.resolved: template]))
    }

    /// A report claimed and resolved, everything before the resolution sent; the resolution waits.
    func resolvedRequest(_ service: DeliveryService) async throws {
        try base.say(Self.resident, "楼上天天从窗户吊根线下来给电瓶车充电")
        try base.say(Self.resident, "凤鸣小区3号楼")
        try base.say(Self.resident, "是")
        try base.say(Self.worker, "接单 1")
        #expect(try await service.drainOnce() == 2)
        try base.say(Self.worker, "办结 1 已拆除飞线")
    }

    func consent(_ template: String, accepted: Bool = true) throws {
        _ = try base.engine.handle(InboundMessage(userID: try UserID(Self.resident), messageID: "consent-\(base.messages.next())",
                                                  content: .noticeConsents([.init(templateID: template, accepted: accepted)]),
                                                  receivedAt: Date(timeIntervalSince1970: 1_767_225_650)))
    }

    @Test func aSilentResidentWithAConsentGetsTheResolutionAsASubscriptionNotice() async throws {
        let service = service()
        try consent("TPL-DONE")
        try await resolvedRequest(service)
        base.platform.script(DeliveryNoticeTests.sendPath, DeliveryNoticeTests.silent)
        #expect(try await service.drainOnce() == 1)
        let row = try #require(try base.store.outboxRows().last)
        #expect(row.state == .delivered && row.message.recipient == Self.resident)
        let sent = try #require(base.platform.delivered.last)
        #expect(sent.hasPrefix("resident-openid: 订阅通知 TPL-DONE "))
        #expect(sent.contains(##""character_string1":{"value":"#1"}"##) && sent.contains(#""phrase3":{"value":"已办结"}"#))
        #expect(sent.contains("飞线充电：已拆除飞线"))
        let body = try #require(base.platform.requests.last { $0.url.path == Self.bizsend }?.body)
        #expect(String(decoding: body, as: UTF8.self).contains(#""page":"https://linli.example.cn/r/1""#))
        // The one consent is spent: nobody else is told, and a second notice would find none.
        #expect(try base.store.read { try $0.noticeConsents(of: Self.resident) }.map { $0.usedAt != nil } == [true])
        #expect(try base.store.claimOutbox(limit: 10).isEmpty)
        #expect(try base.store.read { try $0.events(request: 1) }.last?.kind == .resolved)
    }

    @Test func withoutAConsentTheRowFailsAndTheStaffMemberIsAskedToCall() async throws {
        let service = service()
        try await resolvedRequest(service)
        base.platform.script(DeliveryNoticeTests.sendPath, DeliveryNoticeTests.silent)
        #expect(try await service.drainOnce() == 1)
        #expect(!base.platform.requests.contains { $0.url.path == Self.bizsend })
        let failed = try #require(try base.store.outboxRows().last { $0.message.recipient == Self.resident })
        #expect(failed.state == .failed && failed.lastError?.contains("no subscription consent") == true)
        let call = try #require(try base.store.claimOutbox(limit: 10).first)
        #expect(call.message.recipient == Self.worker && call.message.text.contains("请电话联系"))
        // The request's history says so, and why.
        let last = try #require(try base.store.read { try $0.events(request: 1) }.last)
        #expect(last.kind == .callBack && last.actor == "system" && last.note == "resolved")
        #expect(Harness.responses.render(.eventCallBack) == "通知未送达，需电话告知居民")
    }

    @Test func aNoticeThePlatformDidNotTakeSpendsNoConsent() async throws {
        let service = service()
        try consent("TPL-DONE")
        try await resolvedRequest(service)
        // Busy, then 43101 (the platform knows no consent): retried, then failed; never spent.
        base.platform.script(DeliveryNoticeTests.sendPath, DeliveryNoticeTests.silent, DeliveryNoticeTests.silent)
        base.platform.script(Self.bizsend, .json(#"{"errcode":-1,"errmsg":"system error"}"#),
                             .json(#"{"errcode":43101,"errmsg":"user refuse to accept the msg"}"#))
        #expect(try await service.drainOnce() == 1)
        #expect(try base.store.outboxRows().last?.state == .pending)
        #expect(try await service.drainOnce() == 1)
        let row = try #require(try base.store.outboxRows().last { $0.message.recipient == Self.resident })
        #expect(row.state == .failed && row.lastError?.contains("errcode 43101") == true)
        #expect(try base.store.read { try $0.events(request: 1) }.last?.kind == .callBack)
        #expect(try base.store.read { try $0.noticeConsents(of: Self.resident) }.map(\.usedAt) == [nil])
    }

    @Test func aLongTermConsentIsNotSpentAndARefusalEndsIt() async throws {
        let service = service(longTerm: true)
        try consent("TPL-DONE")
        try await resolvedRequest(service)
        base.platform.script(DeliveryNoticeTests.sendPath, DeliveryNoticeTests.silent)
        #expect(try await service.drainOnce() == 1)
        #expect(try base.store.outboxRows().last?.state == .delivered)
        #expect(try base.store.read { try $0.noticeConsents(of: Self.resident) }.map(\.usedAt) == [nil])
        try consent("TPL-DONE", accepted: false)
        #expect(try base.store.read { try $0.noticeConsents(of: Self.resident) }.isEmpty)
    }

    @Test func aKindWithoutATemplateIsNotTurnedIntoOne() async throws {
        let service = service()
        try consent("TPL-DONE")
        try base.say(Self.resident, "楼上天天从窗户吊根线下来给电瓶车充电")
        try base.say(Self.resident, "凤鸣小区3号楼")
        try base.say(Self.resident, "是")
        try base.say(Self.worker, "接单 1")
        #expect(try await service.drainOnce() == 2)
        try base.say(Self.worker, "回复 1 明天上午来")  // a reply: the configuration has no template for "replied"
        base.platform.script(DeliveryNoticeTests.sendPath, DeliveryNoticeTests.silent)
        _ = try await service.drainOnce()
        let reply = try #require(try base.store.outboxRows().last { $0.message.recipient == Self.resident })
        #expect(reply.state == .failed && reply.message.notice?.kind == .replied)
        #expect(!base.platform.requests.contains { $0.url.path == Self.bizsend })
        #expect(try base.store.read { try $0.noticeConsents(of: Self.resident) }.map(\.usedAt) == [nil])
    }

    @Test func threeDaysLaterTheChatIsNotTriedAndTheNoticeGoesAtOnce() async throws {
        try consent("TPL-DONE")
        try await resolvedRequest(service())
        let sendsBefore = base.platform.requests.filter { $0.url.path == DeliveryNoticeTests.sendPath }.count
        let courier = Courier(httpClient: base.platform, wechat: DeliveryServiceTests.wechat, wecom: nil,
                              webhook: DeliveryServiceTests.webhook, clock: base.clock, logger: DeliveryServiceTests.quietLogger)
        let later = DeliveryService(store: base.store, courier: courier, responses: Harness.responses,
                                    configuration: .init(subscribeTemplates: [.resolved: Self.done]), clock: base.clock,
                                    now: { Date(timeIntervalSince1970: 1_767_225_700 + 3 * 86_400) }, logger: DeliveryServiceTests.quietLogger)
        #expect(try await later.drainOnce() == 1)
        #expect(base.platform.requests.filter { $0.url.path == DeliveryNoticeTests.sendPath }.count == sendsBefore)
        #expect(base.platform.requests.filter { $0.url.path == Self.bizsend }.count == 1)
        #expect(try base.store.outboxRows().last?.state == .delivered)
    }
}

/// The call-back a failed notice leaves: in 待办 until staff record the call with 已告知 N.
@Suite("call-backs in 待办")
struct CallBackTests {
    let base = try! DeliveryNoticeTests()

    @Test func aFailedResolutionShowsIn待办UntilTheCallIsRecorded() async throws {
        // The delivery service's clock reads before the chat's messages, so that 已告知,
        // typed later, is later than the call-back it answers.
        let courier = Courier(httpClient: base.platform, wechat: DeliveryServiceTests.wechat, wecom: nil,
                              webhook: DeliveryServiceTests.webhook, clock: base.clock, logger: DeliveryServiceTests.quietLogger)
        let service = DeliveryService(store: base.store, courier: courier, responses: Harness.responses, clock: base.clock,
                                      now: { Date(timeIntervalSince1970: 1_767_225_500) }, logger: DeliveryServiceTests.quietLogger)
        try base.say(DeliveryNoticeTests.resident, "楼上天天从窗户吊根线下来给电瓶车充电")
        try base.say(DeliveryNoticeTests.resident, "凤鸣小区3号楼")
        try base.say(DeliveryNoticeTests.resident, "是")
        try base.say(DeliveryNoticeTests.worker, "接单 1")
        #expect(try await service.drainOnce() == 2)
        #expect(try !base.say(DeliveryNoticeTests.worker, "待办").contains("需电话告知"))
        try base.say(DeliveryNoticeTests.worker, "办结 1 已拆除飞线")
        base.platform.script(DeliveryNoticeTests.sendPath, DeliveryNoticeTests.silent)
        _ = try await service.drainOnce()

        let todo = try base.say(DeliveryNoticeTests.worker, "待办")
        #expect(todo.contains("需电话告知居民（1 件）") && todo.contains("#1 飞线充电") && todo.contains("已办结") && todo.contains("已告知 1"), "\(todo)")
        // Someone who does not serve the request neither sees it nor can record it.
        #expect(try base.say("wechat:admin-openid", "待办").contains("#1"))
        #expect(try base.say(DeliveryNoticeTests.worker, "已告知 2").contains("#2"))
        #expect(try base.say(DeliveryNoticeTests.worker, "已告知 1").contains("已记录：#1"))
        #expect(try !base.say(DeliveryNoticeTests.worker, "待办").contains("需电话告知"))
        #expect(try base.say(DeliveryNoticeTests.worker, "已告知 1").contains("没有需要电话告知"))
        let calls = try base.store.read { try $0.events(request: 1) }.filter { $0.kind == .callBack || $0.kind == .calledBack }
        #expect(calls.map(\.kind) == [.callBack, .calledBack] && calls[1].actor == DeliveryNoticeTests.worker)
    }
}
