import Foundation
import LinliCore
import PostgresNIO

/// Confirmed matches of the three lists (`MatchLedger`) in the `service_match` table of
/// migration `lists`.
extension PostgresTransaction {
    private static let matchColumns = "need, offer_id, owner_kind, owner_id, service_type, confirmed_by, confirmed_at"

    func insert(_ match: ServiceMatch) throws -> Bool {
        try withStoreErrors("saving the match of #\(match.need)") {
            // A concurrent insert of the same need waits for the other transaction's end, then
            // does nothing: the first confirmation stands.
            try !session.run("""
                INSERT INTO service_match (\(unescaped: Self.matchColumns))
                VALUES (\(Int64(match.need)), \(match.offerID), \(match.ownerKind.rawValue), \(match.ownerID), \(match.serviceType),
                        \(match.confirmedBy), \(match.confirmedAt.millisecondsSince1970))
                ON CONFLICT (need) DO NOTHING
                RETURNING need
                """).rows.isEmpty
        }
    }

    func serviceMatch(need number: Int) throws -> ServiceMatch? {
        try withStoreErrors("reading the match of #\(number)") {
            try session.run("SELECT \(unescaped: Self.matchColumns) FROM service_match WHERE need = \(Int64(number))").rows.first
                .map(Self.match)
        }
    }

    func serviceMatches() throws -> [ServiceMatch] {
        try withStoreErrors("reading matches") {
            try session.run("SELECT \(unescaped: Self.matchColumns) FROM service_match ORDER BY need").rows.map(Self.match)
        }
    }

    private static func match(_ row: PostgresRow) throws -> ServiceMatch {
        let (need, offerID, kind, ownerID, type, confirmedBy, confirmedAt) =
            try row.decode((Int64, String, String, String, String, String, Int64).self)
        guard let ownerKind = Offer.OwnerKind(rawValue: kind) else {
            throw CoreError(.storeFailure, "the match of #\(need) has an unknown owner kind")
        }
        return ServiceMatch(need: Int(need), offerID: offerID, ownerKind: ownerKind, ownerID: ownerID, serviceType: type,
                            confirmedBy: confirmedBy, confirmedAt: Date(millisecondsSince1970: confirmedAt))
    }
}
