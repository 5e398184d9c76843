import Foundation
import GRDB
import LinliCore

/// Members, units and offers (`MemberRoll`) in the `members` tables. One writer at a time,
/// so the roll's version is a plain counter in `sequence`.
extension SQLiteTransaction {
    func save(_ member: Member) throws {
        try withStoreErrors("saving member \(Redaction.user(member.id))") {
            try db.execute(sql: """
                INSERT INTO member (id, name, phone, unit_name, unit_id, community, grids, offers, times, registration, active,
                                    joined_at, changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone, unit_name = excluded.unit_name,
                    unit_id = excluded.unit_id, community = excluded.community, grids = excluded.grids, offers = excluded.offers,
                    times = excluded.times, registration = excluded.registration, active = excluded.active,
                    joined_at = excluded.joined_at, changed_at = excluded.changed_at
                """, arguments: [member.id, member.name, member.phone, member.unitName, member.unitID, member.community,
                                 StoredList.text(member.grids), StoredList.text(member.offers), member.times, member.registration,
                                 member.active, member.joinedAt.millisecondsSince1970, member.changedAt.millisecondsSince1970])
            try db.execute(sql: """
                INSERT INTO sequence (name, value) VALUES ('member_roll', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1
                """)
        }
    }

    func member(id: String) throws -> Member? {
        try withStoreErrors("reading member \(Redaction.user(id))") {
            try Row.fetchOne(db, sql: "SELECT * FROM member WHERE id = ?", arguments: [id]).map(Self.member)
        }
    }

    func members() throws -> [Member] {
        try withStoreErrors("reading members") {
            try Row.fetchAll(db, sql: "SELECT * FROM member ORDER BY id").map(Self.member)
        }
    }

    func save(_ unit: CommunityUnit) throws {
        try withStoreErrors("saving unit \(unit.id)") {
            try db.execute(sql: """
                INSERT INTO unit (id, name, contact_id, contact_name, phone, community, times, registration, joined_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, contact_id = excluded.contact_id,
                    contact_name = excluded.contact_name, phone = excluded.phone, community = excluded.community,
                    times = excluded.times, registration = excluded.registration, joined_at = excluded.joined_at
                """, arguments: [unit.id, unit.name, unit.contactID, unit.contactName, unit.phone, unit.community, unit.times,
                                 unit.registration, unit.joinedAt.millisecondsSince1970])
        }
    }

    func units() throws -> [CommunityUnit] {
        try withStoreErrors("reading units") {
            try Row.fetchAll(db, sql: "SELECT * FROM unit ORDER BY id").map { row in
                CommunityUnit(id: row["id"], name: row["name"], contactID: row["contact_id"], contactName: row["contact_name"],
                              phone: row["phone"], community: row["community"], times: row["times"], registration: row["registration"],
                              joinedAt: Date(millisecondsSince1970: row["joined_at"]))
            }
        }
    }

    func save(_ offer: Offer) throws {
        try withStoreErrors("saving offer \(offer.id)") {
            try db.execute(sql: """
                INSERT INTO offer (id, owner_kind, owner_id, service_type, text, capacity, times, community)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET owner_kind = excluded.owner_kind, owner_id = excluded.owner_id,
                    service_type = excluded.service_type, text = excluded.text, capacity = excluded.capacity,
                    times = excluded.times, community = excluded.community
                WHERE offer.owner_kind = excluded.owner_kind AND offer.owner_id = excluded.owner_id
                """, arguments: [offer.id, offer.ownerKind.rawValue, offer.ownerID, offer.serviceType, offer.text, offer.capacity,
                                 offer.times, offer.community])
            guard db.changesCount > 0 else { throw CoreError(.invalidData, "offer \(offer.id) is another owner's") }
        }
    }

    func offers() throws -> [Offer] {
        try withStoreErrors("reading offers") {
            try Row.fetchAll(db, sql: "SELECT * FROM offer ORDER BY owner_kind, owner_id, id").map { row in
                guard let kind = Offer.OwnerKind(rawValue: row["owner_kind"]) else {
                    throw CoreError(.storeFailure, "offer \(row["id"] as String) has an unknown owner kind")
                }
                return Offer(id: row["id"], ownerKind: kind, ownerID: row["owner_id"], serviceType: row["service_type"],
                             text: row["text"], capacity: row["capacity"], times: row["times"], community: row["community"])
            }
        }
    }

    func deleteOffers(ownerKind: Offer.OwnerKind, ownerID: String) throws {
        try withStoreErrors("deleting the offers of \(Redaction.user(ownerID))") {
            try db.execute(sql: "DELETE FROM offer WHERE owner_kind = ? AND owner_id = ?", arguments: [ownerKind.rawValue, ownerID])
        }
    }

    func forgetMember(_ id: String) throws {
        try withStoreErrors("erasing member \(Redaction.user(id))") {
            try db.execute(sql: "DELETE FROM offer WHERE owner_kind = 'member' AND owner_id = ?", arguments: [id])
            // The 服务清单 keeps the match, no longer saying whose offer it was.
            try db.execute(sql: "UPDATE service_match SET owner_id = '' WHERE owner_kind = 'member' AND owner_id = ?", arguments: [id])
            try db.execute(sql: "UPDATE unit SET contact_id = '', contact_name = '', phone = '' WHERE contact_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM member WHERE id = ?", arguments: [id])
            if db.changesCount > 0 {
                try db.execute(sql: "UPDATE sequence SET value = value + 1 WHERE name = 'member_roll'")
            }
        }
    }

    func memberRollVersion() throws -> Int {
        try withStoreErrors("reading the member roll's version") {
            try Int.fetchOne(db.cachedStatement(sql: "SELECT value FROM sequence WHERE name = 'member_roll'")) ?? 0
        }
    }

    private static func member(_ row: Row) throws -> Member {
        let id: String = row["id"]
        return Member(id: id, name: row["name"], phone: row["phone"], unitName: row["unit_name"], unitID: row["unit_id"],
                      community: row["community"], grids: try StoredList.list(row["grids"], "the grids of a member"),
                      offers: try StoredList.list(row["offers"], "the offers of a member"), times: row["times"],
                      registration: row["registration"], active: row["active"],
                      joinedAt: Date(millisecondsSince1970: row["joined_at"]), changedAt: Date(millisecondsSince1970: row["changed_at"]))
    }
}
