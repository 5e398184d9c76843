import Foundation
import LinliCore

/// What `linli staff` and `linli staff units` print: staff of the configuration and
/// members of the database in one list, units with their members and offers.
enum StaffListing {
    /// One person who serves, from either source.
    struct Person: Encodable, Equatable {
        var id: String
        var name: String
        var role: String
        var grids: [String]
        var community: String
        var unit: String
        var phone: String
        var offers: [String]
        var times: String
        /// `config` or `database`.
        var source: String
        var active: Bool
    }

    /// One unit with the count of its active members and its offers.
    struct UnitRow: Encodable, Equatable {
        var id: String
        var name: String
        var contact: String
        var contactID: String
        var phone: String
        var community: String
        var members: Int
        var offers: [String]
        var times: String
    }

    /// Configured staff first, in configuration order, then the database's members by id; a
    /// member whose id a configured staff member has is left out, as the engine ignores it.
    static func people(configured: Directory, members: [Member]) -> [Person] {
        let fromConfig = configured.staff.map { staff in
            Person(id: staff.id, name: staff.name, role: staff.role.rawValue, grids: staff.grids, community: "", unit: "", phone: "",
                   offers: [], times: "", source: "config", active: true)
        }
        let fromDatabase = members.filter { configured.member($0.id) == nil }.map { member in
            Person(id: member.id, name: member.name, role: Directory.Role.partyMember.rawValue, grids: member.grids,
                   community: member.community, unit: member.unitName ?? "", phone: member.phone, offers: member.offers,
                   times: member.times, source: "database", active: member.active)
        }
        return fromConfig + fromDatabase
    }

    /// Every unit; a member belongs to one by its id, or by its name when they named it
    /// before the unit was registered.
    static func units(_ units: [CommunityUnit], members: [Member], offers: [Offer]) -> [UnitRow] {
        units.map { unit in
            let count = members.filter { $0.active && ($0.unitID == unit.id || ($0.unitID == nil && $0.unitName == unit.name)) }.count
            let lines = offers.filter { $0.ownerKind == .unit && $0.ownerID == unit.id }.map(\.text)
            return UnitRow(id: unit.id, name: unit.name, contact: unit.contactName, contactID: unit.contactID, phone: unit.phone,
                           community: unit.community, members: count, offers: lines, times: unit.times)
        }
    }

    /// A phone as a table shows it: 138****0000, the middle hidden.
    static func masked(_ phone: String) -> String {
        guard phone.count >= 7 else { return phone.isEmpty ? "" : "****" }
        return String(phone.prefix(3)) + "****" + String(phone.suffix(4))
    }
}
