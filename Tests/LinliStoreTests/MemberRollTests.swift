import Foundation
import LinliCore
@testable import LinliPostgres
import Synchronization
import Testing

/// Members, units and offers of 双报到 (`MemberRoll`) on every store.
@Suite("Stores: members, units and offers")
struct MemberRollTests {
    static func member(_ id: String, name: String = "张三", active: Bool = true) -> Member {
        Member(id: id, name: name, phone: "13800001234", unitName: "县教育局", unitID: "unit-2", community: "凤鸣小区",
               grids: ["g1"], offers: ["理发", "陪伴老人"], times: "周末上午", registration: 1, active: active,
               joinedAt: t0, changedAt: t0.addingTimeInterval(60))
    }

    @Test(arguments: Backend.all, TransactionKind.allCases)
    func membersRoundTripAndEverySaveMovesTheVersion(backend: Backend, kind: TransactionKind) throws {
        try backend.withStore { store in
            #expect(try store.read { try kind.wrap($0).memberRollVersion() } == 0)
            #expect(try store.read { try kind.wrap($0).members() }.isEmpty)
            var zhang = Self.member("wechat:zhang")
            var li = Self.member("wechat:li", name: "李四")
            li.unitName = nil
            li.unitID = nil
            li.registration = nil
            try store.write { tx in
                try kind.wrap(tx).save(zhang)
                try kind.wrap(tx).save(li)
            }
            let first = try store.read { try kind.wrap($0).memberRollVersion() }
            #expect(first > 0)
            #expect(try store.read { try kind.wrap($0).members() } == [li, zhang])
            // Deactivated: the same row changes, and the version moves on.
            zhang.active = false
            zhang.changedAt = t0.addingTimeInterval(3600)
            try store.write { try kind.wrap($0).save(zhang) }
            #expect(try store.read { try kind.wrap($0).member(id: "wechat:zhang") } == zhang)
            #expect(try store.read { try kind.wrap($0).member(id: "wechat:nobody") } == nil)
            #expect(try store.read { try kind.wrap($0).memberRollVersion() } > first)
            #expect(try store.read { try kind.wrap($0).members() }.count == 2)
        }
    }

    /// Two servers: a member saved through one moves the version the other's next message
    /// reads, and that read comes with the claim, costing no statement of its own.
    @Test(arguments: Backend.postgresOnly)
    func theVersionComesWithTheClaimAndSeesTheOtherServersChange(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let first = try database.openPostgres(), second = try database.openPostgres()
                defer { first.close(); second.close() }
                try first.write { try $0.save(Self.member("wecom:zhang")) }
                let expected = try first.read { try $0.memberRollVersion() }
                let seen = Mutex<Int?>(nil)
                let before = second.statements.total
                let handled = try second.handleReadingAhead(key: "wecom:m1", user: "wecom:alice") { tx in
                    let version = try tx.memberRollVersion()
                    seen.withLock { $0 = version }
                    return ["好的"]
                }
                #expect(handled.replies == ["好的"])
                #expect(seen.withLock { $0 } == expected && expected > 0)
                // BEGIN, the claim, the replies, COMMIT: as a message that reads no version.
                #expect(second.statements.total - before == 4)
            }
        }
    }

    @Test(arguments: Backend.all)
    func erasingAUserForgetsTheirMemberRecordOffersAndUnitContact(backend: Backend) throws {
        try backend.withStore { store in
            let unit = CommunityUnit(id: "unit-2", name: "县人民医院", contactID: "wechat:zhang", contactName: "张三", phone: "13800001234",
                                     community: "凤鸣小区", joinedAt: t0)
            try store.write { tx in
                try tx.save(Self.member("wechat:zhang"))
                try tx.save(Self.member("wechat:li", name: "李四"))
                try tx.save(unit)
                try tx.save(Offer(id: "R1-1", ownerKind: .member, ownerID: "wechat:zhang", serviceType: "理发", text: "理发", community: "凤鸣小区"))
                try tx.save(Offer(id: "R2-1", ownerKind: .unit, ownerID: "unit-2", serviceType: "义诊", text: "义诊", community: "凤鸣小区"))
            }
            let before = try store.read { try $0.memberRollVersion() }
            try store.erase(user: "wechat:zhang", at: t0)
            #expect(try store.read { try $0.members() }.map(\.id) == ["wechat:li"])
            #expect(try store.read { try $0.offers() }.map(\.id) == ["R2-1"])
            let kept = try #require(try store.read { try $0.units() }.first)
            #expect(kept.name == "县人民医院" && kept.contactID.isEmpty && kept.contactName.isEmpty && kept.phone.isEmpty)
            #expect(try store.read { try $0.memberRollVersion() } > before)
            // Erasing someone who is no member moves nothing.
            try store.erase(user: "wechat:nobody", at: t0)
            #expect(try store.read { try $0.memberRollVersion() } == before + 1)
        }
    }

    @Test(arguments: Backend.all)
    func unitsAndOffersRoundTrip(backend: Backend) throws {
        try backend.withStore { store in
            let unit = CommunityUnit(id: CommunityUnit.id(registration: 2), name: "县人民医院", contactID: "wecom:liu", contactName: "刘主任",
                                     phone: "09171234567", community: "西关社区", times: "每月第一个周六", registration: 2, joinedAt: t0)
            let offers = [
                Offer(id: "R2-1", ownerKind: .unit, ownerID: unit.id, serviceType: "义诊", text: "义诊 每月20人次", capacity: "每月20人次",
                      times: "每月第一个周六", community: "西关社区"),
                Offer(id: "R2-2", ownerKind: .unit, ownerID: unit.id, serviceType: "健康讲座", text: "健康讲座", times: "", community: "西关社区"),
                Offer(id: "R1-1", ownerKind: .member, ownerID: "wechat:zhang", serviceType: "理发", text: "理发", community: "凤鸣小区"),
            ]
            try store.write { tx in
                try tx.save(unit)
                for offer in offers { try tx.save(offer) }
            }
            #expect(try store.read { try $0.units() } == [unit])
            #expect(try store.read { try $0.offers() } == [offers[2], offers[0], offers[1]])
            var changed = offers[0]
            changed.capacity = nil
            try store.write { try $0.save(changed) }
            #expect(try store.read { try $0.offers() }.first { $0.id == "R2-1" } == changed)
            // Another owner's offer under a taken id is refused, and the first owner's stays.
            var stranger = offers[2]
            stranger.ownerID = "wechat:li"
            #expect(throws: CoreError.self) { try store.write { try $0.save(stranger) } }
            #expect(try store.read { try $0.offers() }.first { $0.id == "R1-1" } == offers[2])
            // Units and offers are not staff: the version the directory watches stays.
            #expect(try store.read { try $0.memberRollVersion() } == 0)
        }
    }

    /// An edited member's offers replace theirs: only that owner's offers go.
    @Test(arguments: Backend.all, TransactionKind.allCases)
    func deletingAnOwnersOffersLeavesOthers(backend: Backend, kind: TransactionKind) throws {
        try backend.withStore { store in
            let offers = [Offer(id: "R1-1", ownerKind: .member, ownerID: "wechat:zhang", serviceType: "理发", text: "理发", community: "凤鸣小区"),
                          Offer(id: "R1-2", ownerKind: .member, ownerID: "wechat:zhang", serviceType: "义诊", text: "义诊", community: "凤鸣小区"),
                          Offer(id: "R2-1", ownerKind: .member, ownerID: "wechat:li", serviceType: "理发", text: "理发", community: "凤鸣小区"),
                          Offer(id: "R3-1", ownerKind: .unit, ownerID: "wechat:zhang", serviceType: "义诊", text: "义诊", community: "凤鸣小区")]
            try store.write { tx in for offer in offers { try kind.wrap(tx).save(offer) } }
            try store.write { try kind.wrap($0).deleteOffers(ownerKind: .member, ownerID: "wechat:zhang") }
            #expect(try store.read { try kind.wrap($0).offers() }.map(\.id) == ["R2-1", "R3-1"])
        }
    }
}
