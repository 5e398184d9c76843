import Foundation
import LinliCore
import PostgresNIO

/// Members, units and offers (`MemberRoll`) in the `members` tables. The roll's version is
/// a row of `sequence` bumped with every member saved: two servers approving at once queue
/// on that row, so each approval moves the version on.
extension PostgresTransaction {
    private static let memberColumns = """
        id, name, phone, unit_name, unit_id, community, grids, offers, times, registration, active, joined_at, changed_at
        """
    private static let unitColumns = "id, name, contact_id, contact_name, phone, community, times, registration, joined_at"
    private static let offerColumns = "id, owner_kind, owner_id, service_type, text, capacity, times, community"

    func save(_ member: Member) throws {
        try withStoreErrors("saving member \(Redaction.user(member.id))") {
            try session.run("""
                INSERT INTO member (\(unescaped: Self.memberColumns))
                VALUES (\(member.id), \(member.name), \(member.phone), \(member.unitName), \(member.unitID), \(member.community),
                        \(StoredList.text(member.grids)), \(StoredList.text(member.offers)), \(member.times),
                        \(member.registration.map(Int64.init)), \(member.active), \(member.joinedAt.millisecondsSince1970),
                        \(member.changedAt.millisecondsSince1970))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone, unit_name = excluded.unit_name,
                    unit_id = excluded.unit_id, community = excluded.community, grids = excluded.grids, offers = excluded.offers,
                    times = excluded.times, registration = excluded.registration, active = excluded.active,
                    joined_at = excluded.joined_at, changed_at = excluded.changed_at
                """)
            // What the claim read ahead is out of date now.
            _ = takeMemberRollVersion()
            try session.run("""
                INSERT INTO sequence (name, value) VALUES ('member_roll', 1)
                ON CONFLICT (name) DO UPDATE SET value = sequence.value + 1
                """)
        }
    }

    func member(id: String) throws -> Member? {
        try withStoreErrors("reading member \(Redaction.user(id))") {
            try session.run("SELECT \(unescaped: Self.memberColumns) FROM member WHERE id = \(id)").rows.first.map(Self.member)
        }
    }

    func members() throws -> [Member] {
        try withStoreErrors("reading members") {
            try session.run("SELECT \(unescaped: Self.memberColumns) FROM member ORDER BY id COLLATE \"C\"").rows.map(Self.member)
        }
    }

    func save(_ unit: CommunityUnit) throws {
        try withStoreErrors("saving unit \(unit.id)") {
            try session.run("""
                INSERT INTO unit (\(unescaped: Self.unitColumns))
                VALUES (\(unit.id), \(unit.name), \(unit.contactID), \(unit.contactName), \(unit.phone), \(unit.community),
                        \(unit.times), \(unit.registration.map(Int64.init)), \(unit.joinedAt.millisecondsSince1970))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, contact_id = excluded.contact_id,
                    contact_name = excluded.contact_name, phone = excluded.phone, community = excluded.community,
                    times = excluded.times, registration = excluded.registration, joined_at = excluded.joined_at
                """)
        }
    }

    func units() throws -> [CommunityUnit] {
        try withStoreErrors("reading units") {
            try session.run("SELECT \(unescaped: Self.unitColumns) FROM unit ORDER BY id COLLATE \"C\"").rows.map { row in
                let (id, name, contactID, contactName, phone, community, times, registration, joinedAt) =
                    try row.decode((String, String, String, String, String, String, String, Int64?, Int64).self)
                return CommunityUnit(id: id, name: name, contactID: contactID, contactName: contactName, phone: phone,
                                     community: community, times: times, registration: registration.map(Int.init),
                                     joinedAt: Date(millisecondsSince1970: joinedAt))
            }
        }
    }

    func save(_ offer: Offer) throws {
        try withStoreErrors("saving offer \(offer.id)") {
            let taken = try session.run("""
                INSERT INTO offer (\(unescaped: Self.offerColumns))
                VALUES (\(offer.id), \(offer.ownerKind.rawValue), \(offer.ownerID), \(offer.serviceType), \(offer.text),
                        \(offer.capacity), \(offer.times), \(offer.community))
                ON CONFLICT (id) DO UPDATE SET owner_kind = excluded.owner_kind, owner_id = excluded.owner_id,
                    service_type = excluded.service_type, text = excluded.text, capacity = excluded.capacity,
                    times = excluded.times, community = excluded.community
                WHERE offer.owner_kind = excluded.owner_kind AND offer.owner_id = excluded.owner_id
                RETURNING id
                """).rows.isEmpty
            if taken { throw CoreError(.invalidData, "offer \(offer.id) is another owner's") }
        }
    }

    func offers() throws -> [Offer] {
        try withStoreErrors("reading offers") {
            try session.run("""
                SELECT \(unescaped: Self.offerColumns) FROM offer ORDER BY owner_kind, owner_id COLLATE "C", id COLLATE "C"
                """).rows.map { row in
                let (id, kind, ownerID, type, text, capacity, times, community) =
                    try row.decode((String, String, String, String, String, String?, String, String).self)
                guard let ownerKind = Offer.OwnerKind(rawValue: kind) else {
                    throw CoreError(.storeFailure, "offer \(id) has an unknown owner kind")
                }
                return Offer(id: id, ownerKind: ownerKind, ownerID: ownerID, serviceType: type, text: text, capacity: capacity,
                             times: times, community: community)
            }
        }
    }

    func deleteOffers(ownerKind: Offer.OwnerKind, ownerID: String) throws {
        try withStoreErrors("deleting the offers of \(Redaction.user(ownerID))") {
            try session.run("DELETE FROM offer WHERE owner_kind = \(ownerKind.rawValue) AND owner_id = \(ownerID)")
        }
    }

    func forgetMember(_ id: String) throws {
        try withStoreErrors("erasing member \(Redaction.user(id))") {
            _ = takeMemberRollVersion()
            try session.run("DELETE FROM offer WHERE owner_kind = 'member' AND owner_id = \(id)")
            // The 服务清单 keeps the match, no longer saying whose offer it was.
            try session.run("UPDATE service_match SET owner_id = '' WHERE owner_kind = 'member' AND owner_id = \(id)")
            try session.run("UPDATE unit SET contact_id = '', contact_name = '', phone = '' WHERE contact_id = \(id)")
            // One statement: the version moves only when a member row went.
            try session.run("""
                WITH gone AS (DELETE FROM member WHERE id = \(id) RETURNING id)
                UPDATE sequence SET value = value + 1 WHERE name = 'member_roll' AND EXISTS (SELECT 1 FROM gone)
                """)
        }
    }

    func memberRollVersion() throws -> Int {
        if let version = takeMemberRollVersion() { return version }
        return try withStoreErrors("reading the member roll's version") {
            try session.run("SELECT value FROM sequence WHERE name = 'member_roll'").rows.first.map { Int(try $0.decode(Int64.self)) } ?? 0
        }
    }

    private static func member(_ row: PostgresRow) throws -> Member {
        let (id, name, phone, unitName, unitID, community, grids, offers, times, registration, active, joinedAt, changedAt) =
            try row.decode((String, String, String, String?, String?, String, String, String, String, Int64?, Bool, Int64, Int64).self)
        return Member(id: id, name: name, phone: phone, unitName: unitName, unitID: unitID, community: community,
                      grids: try StoredList.list(grids, "the grids of a member"), offers: try StoredList.list(offers, "the offers of a member"),
                      times: times, registration: registration.map(Int.init), active: active,
                      joinedAt: Date(millisecondsSince1970: joinedAt), changedAt: Date(millisecondsSince1970: changedAt))
    }
}
