import Foundation
import GRDB
import LinliCore

/// Confirmed matches of the three lists (`MatchLedger`) in the `service_match` table of
/// migration `lists`.
extension SQLiteTransaction {
    func insert(_ match: ServiceMatch) throws -> Bool {
        try withStoreErrors("saving the match of #\(match.need)") {
            try db.execute(sql: """
                INSERT INTO service_match (need, offer_id, owner_kind, owner_id, service_type, confirmed_by, confirmed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (need) DO NOTHING
                """, arguments: [match.need, match.offerID, match.ownerKind.rawValue, match.ownerID, match.serviceType,
                                 match.confirmedBy, match.confirmedAt.millisecondsSince1970])
            return db.changesCount > 0
        }
    }

    func serviceMatch(need number: Int) throws -> ServiceMatch? {
        try withStoreErrors("reading the match of #\(number)") {
            try Row.fetchOne(db, sql: "SELECT * FROM service_match WHERE need = ?", arguments: [number]).map(Self.match)
        }
    }

    func serviceMatches() throws -> [ServiceMatch] {
        try withStoreErrors("reading matches") {
            try Row.fetchAll(db, sql: "SELECT * FROM service_match ORDER BY need").map(Self.match)
        }
    }

    private static func match(_ row: Row) throws -> ServiceMatch {
        let need: Int = row["need"]
        guard let kind = Offer.OwnerKind(rawValue: row["owner_kind"]) else {
            throw CoreError(.storeFailure, "the match of #\(need) has an unknown owner kind")
        }
        return ServiceMatch(need: need, offerID: row["offer_id"], ownerKind: kind, ownerID: row["owner_id"],
                            serviceType: row["service_type"], confirmedBy: row["confirmed_by"],
                            confirmedAt: Date(millisecondsSince1970: row["confirmed_at"]))
    }
}
