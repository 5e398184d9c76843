import Foundation
@testable import LinliCore
import LinliNLU
import Testing

/// The three lists in the chat: a resident asking for what an offer provides is told of it,
/// an admin reads the proposed matches (匹配) and confirms one (确认匹配 N 资源ID), which
/// hands the need to the member who offers it or to the unit's members; the lists and the
/// report count what happened.
@Suite("The three lists: resources, needs and confirmed matches")
struct ListsChatTests {
    let admin = "repl:admin"
    let sun = "repl:sun"
    let contact = "repl:liu"
    let resident = "repl:zhang"
    let wish = "我爷爷九十岁了，想有人陪他下下象棋"

    /// A chat whose database has member 孙党员 (offering 陪伴老人 as R1-1, in unit-2) and the
    /// unit 县民政局 (contact repl:liu, offering 理发 as R2-1), both of 凤鸣小区.
    func chat(memberActive: Bool = true) throws -> Chat {
        let chat = try Chat(directory: TaskChatTests.directory)
        try chat.store.write { tx in
            try tx.save(CommunityUnit(id: "unit-2", name: "县民政局", contactID: contact, contactName: "刘科长", phone: "13900005678",
                                      community: "凤鸣小区", times: "每月第一个周六", registration: 2, joinedAt: chat.now))
            try tx.save(Member(id: sun, name: "孙党员", phone: "13800001234", unitName: "县民政局", unitID: "unit-2", community: "凤鸣小区",
                               grids: ["g1"], offers: ["陪伴老人"], times: "周末上午", registration: 1, active: memberActive, joinedAt: chat.now))
            try tx.save(Offer(id: "R1-1", ownerKind: .member, ownerID: sun, serviceType: "陪伴老人", text: "陪伴老人", times: "周末上午",
                              community: "凤鸣小区"))
            try tx.save(Offer(id: "R2-1", ownerKind: .unit, ownerID: "unit-2", serviceType: "理发", text: "免费理发 每月20人次",
                              capacity: "每月20人次", times: "每月第一个周六", community: "凤鸣小区"))
        }
        return chat
    }

    /// `resident` opens a request of `intent` with `text` in 凤鸣小区; its number.
    func open(_ chat: Chat, _ text: String, intent: String = ServiceRequest.microWishIntent, community: String = "凤鸣小区",
              expect fragments: [String] = []) throws -> Int {
        let slots = ["community": community, "phone": "13900001122"]
        let reply = try chat.say(resident, text, understood: Understanding(text: text, intent: intent, confidence: 0.99, slots: slots,
                                                                            alternatives: []))
        if !reply.contains("#") { try chat.say(resident, "是", expect: "#") }
        for fragment in fragments { #expect(reply.contains(fragment), "\(reply)") }
        return try #require(try chat.requests().map(\.number).max())
    }

    @Test func aResidentAskingForWhatIsOfferedIsToldOfTheOfferFromItsOwnFields() throws {
        let chat = try chat()
        _ = try open(chat, "想请人来给我家老人剪头，行动不便出不了门", intent: "assisted_service",
                     expect: ["社区有县民政局提供免费理发 每月20人次，每月第一个周六（凤鸣小区）"])
        // Another community's resident is not sent to 凤鸣小区's offer; a message naming no type hears nothing.
        let elsewhere = try chat.say("repl:other", "想找人给老人剪头，西关社区", understood: Understanding(
            text: "想找人给老人剪头，西关社区", intent: "assisted_service", confidence: 0.99, slots: ["community": "西关社区"], alternatives: []))
        #expect(!elsewhere.contains("社区有"), "\(elsewhere)")
        let plain = try chat.say("repl:third", "你好")
        #expect(!plain.contains("社区有"))
    }

    @Test func aNeedHandedInThroughOpen311IsProposedToTheAdminsAsAChatOneIs() throws {
        let chat = try chat()
        let reporter = try UserID("georeport:0123456789abcdef")
        func submit(_ key: String, _ intent: String, _ slots: [String: String], _ text: String) throws -> SubmissionReceipt {
            try chat.engine.submit(Submission(reporter: reporter, key: key, intent: intent, slots: slots, text: text, receivedAt: chat.now))
        }
        let wishSlots = ["community": "凤鸣小区", "phone": "13900001122"]
        let receipt = try submit("wish-1", ServiceRequest.microWishIntent, wishSlots, wish)
        try chat.deliver()
        #expect(chat.last(admin).contains("【匹配建议】新微心愿 #\(receipt.number)（陪伴老人，凤鸣小区）")
                && chat.last(admin).contains("确认匹配 \(receipt.number) R1-1"), "\(chat.last(admin))")
        // A retry of the same submission proposes nothing again; a report that is no need proposes nothing.
        #expect(try submit("wish-1", ServiceRequest.microWishIntent, wishSlots, wish).duplicate)
        _ = try submit("light-1", "facility_repair", ["community": "凤鸣小区", "building": "3"], "楼道灯坏了，想找人陪伴老人")
        try chat.deliver()
        #expect(chat.all(admin).filter { $0.contains("匹配建议") }.count == 1)
    }

    @Test func adminsSeeProposalsByTypeAndCommunityAndOthersDoNot() throws {
        let chat = try chat()
        let number = try open(chat, wish)
        // linli proposes it to the admins as the need opens, with the line to send.
        #expect(chat.last(admin).contains("【匹配建议】新微心愿 #\(number)（陪伴老人，凤鸣小区）") && chat.last(admin).contains("R1-1 孙党员")
                && chat.last(admin).contains("确认匹配 \(number) R1-1"), "\(chat.last(admin))")
        _ = try open(chat, "想要一个新书包")  // no type: no proposal
        _ = try open(chat, "凤鸣小区3号楼楼道灯坏了，想找人理发", intent: "facility_repair")  // not a need: none either
        #expect(chat.all(admin).filter { $0.contains("匹配建议") }.count == 1)
        try chat.say(admin, "匹配", expect: "有 1 个需求", "#\(number) 微心愿（陪伴老人，凤鸣小区）", "R1-1 孙党员", "确认匹配 \(number) R1-1")
        try chat.say(sun, "匹配", expect: "只有管理员")
        try chat.say("repl:wang", "确认匹配 \(number) R1-1", expect: "只有管理员")
        #expect(try chat.store.read { try $0.serviceMatches() }.isEmpty)
    }

    @Test func confirmingAMembersOfferMakesThemTheClaimerAndFulfillingClosesIt() throws {
        let chat = try chat()
        let number = try open(chat, wish)
        try chat.say(admin, "确认匹配 \(number) r1-1", expect: "已确认匹配：#\(number) → R1-1 孙党员（陪伴老人），已由 TA 认领")
        let request = try #require(try chat.request(number))
        #expect(request.status == .claimed && request.claimer == sun)
        #expect(chat.all(sun).contains { $0.contains("匹配给了你") && $0.contains("实现心愿 \(number)") })
        #expect(chat.last(resident).contains("已由孙党员认领"))
        let events = try chat.store.read { try $0.events(request: number) }
        #expect(events.contains { $0.kind == .matched && $0.note == "R1-1" && $0.actor == admin })
        try chat.say(admin, "详情 \(number)", expect: "匹配资源")
        // Once is enough: a second confirmation changes nothing.
        try chat.say(admin, "确认匹配 \(number) R2-1", expect: "已经匹配过（R1-1）")
        try chat.say(admin, "匹配", expect: "暂时没有")

        try chat.say(sun, "实现心愿 \(number) 陪老人下了一下午象棋", expect: "已登记微心愿 #\(number) 实现")
        let services = try chat.store.read { try chat.engine.services(in: $0) }
        #expect(services.count == 1 && services[0].state == .fulfilled && services[0].ownerName == "孙党员" && services[0].claimer == sun)
        let needs = try chat.store.read { try chat.engine.needs(in: $0) }
        #expect(needs.map(\.status) == [.fulfilled] && needs[0].serviceType == "陪伴老人")
    }

    @Test func confirmingAUnitsOfferTellsItsContactAndMembersWhoThenClaimIt() throws {
        let chat = try chat()
        let number = try open(chat, "我奶奶想剪头发，她走不动路")
        try chat.say(admin, "确认匹配 \(number) R2-1", expect: "R2-1 县民政局（理发）", "共 2 人认领")
        let request = try #require(try chat.request(number))
        #expect(request.claimer == nil && request.status == .assigned)
        for person in [contact, sun] {
            #expect(chat.last(person).contains("认领心愿 \(number)"), "\(chat.last(person))")
            // The contact need not be staff: neither the resident's words nor their phone go to them.
            #expect(!chat.last(person).contains("13900001122") && !chat.last(person).contains("走不动路"))
        }
        #expect(chat.last(resident).contains("已匹配到县民政局提供的理发服务"))
        #expect(try chat.store.read { try chat.engine.needs(in: $0) }.map(\.status) == [.matched])
        #expect(try chat.store.read { try chat.engine.services(in: $0) }.map(\.state) == [.matched])
        try chat.say(sun, "认领心愿 \(number)", expect: "已认领微心愿 #\(number)")
        #expect(try chat.store.read { try chat.engine.services(in: $0) }.map(\.state) == [.claimed])
    }

    @Test func whatCannotBeMatchedIsRefusedAndChangesNothing() throws {
        let chat = try chat()
        let repair = try open(chat, "凤鸣小区3号楼楼道灯坏了", intent: "facility_repair")
        try chat.say(admin, "确认匹配 \(repair) R1-1", expect: "不在需求清单里")
        let number = try open(chat, wish)
        try chat.say(admin, "确认匹配 \(number) R9-9", expect: "没有找到资源「R9-9」")
        try chat.say(admin, "确认匹配 \(number)", expect: "确认匹配 N 资源编号")
        try chat.say(admin, "确认匹配 99 R1-1", expect: "#99")
        try chat.say(sun, "认领心愿 \(number)", expect: "已认领")
        try chat.say(admin, "确认匹配 \(number) R1-1", expect: "已由孙党员认领")
        #expect(try chat.store.read { try $0.serviceMatches() }.isEmpty)
    }

    @Test func anInactiveMembersOfferIsNeitherListedNorProposed() throws {
        let chat = try chat(memberActive: false)
        let number = try open(chat, wish)
        try chat.say(admin, "匹配", expect: "暂时没有")
        try chat.say(admin, "确认匹配 \(number) R1-1", expect: "没有找到资源")
        #expect(try chat.store.read { try chat.engine.resources(in: $0) }.map(\.offer.id) == ["R2-1"])
    }

    @Test func needsAreWishesErrandsAndSmallDifficultiesByTheirWordsNotRegistrationsOrReports() throws {
        let chat = try chat()
        let wishNumber = try open(chat, wish)
        let errand = try open(chat, "帮我代缴一下燃气费", intent: "assisted_service")
        let difficulty = try open(chat, "家里有点小困难，想找人帮忙打扫一下", intent: "human_handoff")
        _ = try open(chat, "凤鸣小区3号楼楼道灯坏了", intent: "facility_repair")
        let cancelled = try open(chat, "想要个助听器")
        try chat.say(resident, "算了", understood: Understanding(text: "算了", intent: "cancel_request", confidence: 0.99, slots: [:], alternatives: []))
        #expect(try chat.request(cancelled)?.status == .cancelled)
        let needs = try chat.store.read { try chat.engine.needs(in: $0) }
        #expect(needs.map(\.number) == [wishNumber, errand, difficulty])
        #expect(needs.map(\.serviceType) == ["陪伴老人", nil, "环境清扫"])
        #expect(needs.allSatisfy { $0.status == .open && $0.community == "凤鸣小区" })
    }

    @Test func theReportCountsUnitsMembersResourcesNeedsAndEachUnitsHours() throws {
        let chat = try chat()
        let number = try open(chat, wish)
        _ = try open(chat, "想要一个新书包")
        try chat.say(admin, "确认匹配 \(number) R1-1", expect: "已确认匹配")
        try chat.say(sun, "实现心愿 \(number)", expect: "实现")
        try chat.say(admin, "发布任务 清理楼道 | 凤鸣小区3号楼 | 周六上午9点 | 2 | 2小时", expect: "已发布任务")
        try chat.say(sun, "认领 T1", expect: "已认领 T1")
        try chat.say(admin, "完成 T1 3小时", expect: "3 小时")
        let lists = try chat.engine.report(now: chat.now).lists
        #expect(lists.units == 1 && lists.members == 1 && lists.resources == 2)
        #expect(lists.needsCollected == 2 && lists.needsMatched == 1 && lists.needsFulfilled == 1)
        #expect(lists.unitHours.map(\.name) == ["县民政局"] && lists.unitHours[0].hours == 3 && lists.unitHours[0].members == 1)
    }

    @Test func anIntentOfTheListsThatDoesNotExistFailsAtStartUp() throws {
        let misspelt = try Chat.responses(changing: "lists.yaml") { $0.replacingOccurrences(of: "need_intents: [micro_wish,", with: "need_intents: [micro_wishes,") }
        let error = try #require(throws: CoreError.self) { try misspelt.check(against: Chat.catalog) }
        #expect(error.message.contains("micro_wishes"))
        try Chat.responses.check(against: Chat.catalog)
    }
}
