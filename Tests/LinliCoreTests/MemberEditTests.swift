import Foundation
@testable import LinliCore
import Testing

/// `linli staff edit`: the office changes a 双报到 member's details; their grids, unit and
/// offers follow, and the engine serves by the change from the next message on.
@Suite("Editing a member's details")
struct MemberEditTests {
    let sun = "repl:sun"

    func chat() throws -> Chat {
        let chat = try Chat()
        try chat.store.write { tx in
            try tx.save(CommunityUnit(id: "unit-2", name: "县民政局", contactID: "repl:liu", contactName: "刘科长", phone: "13900005678",
                                      community: "西关社区", registration: 2, joinedAt: chat.now))
            try tx.save(Member(id: sun, name: "孙党员", phone: "13800001234", unitName: "县教育局", community: "凤鸣小区", grids: ["g1"],
                               offers: ["理发"], times: "周末上午", registration: 1, joinedAt: chat.now))
            try tx.save(Offer(id: "R1-1", ownerKind: .member, ownerID: sun, serviceType: "理发", text: "理发", times: "周末上午",
                              community: "凤鸣小区"))
        }
        return chat
    }

    @Test func communityUnitTimesAndOffersChangeTogetherAndTheEngineServesByThem() throws {
        let chat = try chat()
        try chat.say(sun, "待办", expect: "暂无待办")
        #expect(chat.engine.directory.member(sun).map { chat.engine.directory.grids(of: $0) } == ["g1"])
        let later = chat.now.addingTimeInterval(3600)
        let edited = try chat.engine.editMember("孙党员", MemberEdit(phone: "139 0000 1111", unit: "县民政局", community: "西关社区3号院",
                                                                   times: "工作日晚上", offers: "义诊、陪伴老人 每月4次"), at: later)
        #expect(edited.phone == "13900001111" && edited.community == "西关社区" && edited.grids == ["g2"])
        #expect(edited.unitName == "县民政局" && edited.unitID == "unit-2" && edited.offers == ["义诊", "陪伴老人"] && edited.changedAt == later)
        let offers = try chat.store.read { try $0.offers() }
        #expect(offers.map(\.id) == ["R1-1", "R1-2"] && offers.map(\.serviceType) == ["义诊", "陪伴老人"])
        #expect(offers.allSatisfy { $0.times == "工作日晚上" && $0.community == "西关社区" } && offers[1].capacity == "每月4次")
        try chat.say(sun, "待办", expect: "暂无待办")
        #expect(chat.engine.directory.member(sun).map { chat.engine.directory.grids(of: $0) } == ["g2"])

        // Times alone move the offers' times; 无 empties the offers and the unit.
        try chat.engine.editMember(sun, MemberEdit(unit: "无", times: "周日"), at: later)
        #expect(try chat.store.read { try $0.offers() }.map(\.times) == ["周日", "周日"])
        try chat.engine.editMember(sun, MemberEdit(offers: "无"), at: later)
        #expect(try chat.store.read { try $0.offers() }.isEmpty)
        let member = try #require(try chat.store.read { try $0.member(id: sun) })
        #expect(member.offers.isEmpty && member.unitName == nil && member.unitID == nil && member.name == "孙党员")
    }

    @Test func membersWithNoRegistrationNumberGetOfferIdsOfTheirOwn() throws {
        let chat = try chat()
        // Members the office added by hand: no registration request, so no number to name offers by.
        try chat.store.write { tx in
            for (id, name) in [("repl:zhou", "周党员"), ("repl:wu", "吴党员")] {
                try tx.save(Member(id: id, name: name, phone: "13800002222", community: "凤鸣小区", grids: ["g1"], joinedAt: chat.now))
            }
        }
        try chat.engine.editMember("repl:zhou", MemberEdit(offers: "理发、义诊"), at: chat.now)
        try chat.engine.editMember("repl:wu", MemberEdit(offers: "陪伴老人、理发"), at: chat.now)
        let offers = try chat.store.read { try $0.offers() }
        #expect(Set(offers.map(\.id)).count == offers.count, "\(offers.map(\.id))")
        #expect(offers.filter { $0.ownerID == "repl:zhou" }.map(\.serviceType).sorted() == ["义诊", "理发"])
        #expect(offers.filter { $0.ownerID == "repl:wu" }.map(\.serviceType).sorted() == ["理发", "陪伴老人"])
        #expect(offers.filter { $0.ownerID == sun }.map(\.id) == ["R1-1"])

        // Editing one again keeps the other's offers as they were.
        let wu = offers.filter { $0.ownerID == "repl:wu" }
        try chat.engine.editMember("repl:zhou", MemberEdit(offers: "理发、义诊、修理"), at: chat.now)
        let again = try chat.store.read { try $0.offers() }
        #expect(Set(again.map(\.id)).count == again.count && again.filter { $0.ownerID == "repl:zhou" }.count == 3)
        #expect(again.filter { $0.ownerID == "repl:wu" } == wu)
    }

    @Test func whatCannotBeTakenIsRefusedAndNothingChanges() throws {
        let chat = try chat()
        let before = try chat.store.read { try $0.member(id: sun) }
        for (target, edit, words) in [(sun, MemberEdit(phone: "12"), "not a phone"), (sun, MemberEdit(community: "北京"), "not a configured community"),
                                      ("repl:nobody", MemberEdit(name: "赵"), "no member"), ("repl:wang", MemberEdit(name: "赵"), "configuration")] {
            let error = try #require(throws: CoreError.self) { try chat.engine.editMember(target, edit, at: chat.now) }
            #expect(error.message.contains(words), "\(error.message)")
        }
        #expect(try chat.store.read { try $0.member(id: sun) } == before)
        #expect(try chat.store.read { try $0.offers() }.map(\.id) == ["R1-1"])
    }
}
