import Foundation

/// The report's 双报到 and three-list figures: units and members reported, resources listed,
/// needs collected, matched and fulfilled, and the task hours of each unit's members.
public struct ListFigures: Sendable, Codable, Equatable {
    /// The task hours of one unit's members.
    public struct Unit: Sendable, Codable, Equatable {
        /// The unit's id.
        public var id: String
        /// Its name.
        public var name: String
        /// Its active members.
        public var members: Int
        /// Hours recorded for them on tasks.
        public var hours: Double
    }

    /// Units paired with the communities.
    public var units: Int
    /// Active members (在职党员 reported through 双报到).
    public var members: Int
    /// Lines of the 资源清单.
    public var resources: Int
    /// Needs collected in the period (cancelled ones left out).
    public var needsCollected: Int
    /// Of those, needs with a confirmed match.
    public var needsMatched: Int
    /// Of those, needs fulfilled.
    public var needsFulfilled: Int
    /// Every unit, most hours first.
    public var unitHours: [Unit]

    /// Nothing reported.
    public static let none = ListFigures(units: 0, members: 0, resources: 0, needsCollected: 0, needsMatched: 0, needsFulfilled: 0,
                                         unitHours: [])

    /// The figures of the roll as it is now, the needs of the period and the task `claims`
    /// of the period.
    public static func make(units: [CommunityUnit], members: [Member], resources: Int, needs: [Need], matches: [ServiceMatch],
                            claims: [TaskClaim]) -> ListFigures {
        let active = members.filter(\.active)
        let matched = Set(matches.map(\.need))
        let minutes = Dictionary(claims.filter(\.holds).map { ($0.member, $0.minutes ?? 0) }, uniquingKeysWith: +)
        let unitHours = units.map { unit in
            let own = active.filter { $0.unitID == unit.id }
            return Unit(id: unit.id, name: unit.name, members: own.count,
                        hours: Double(own.map { minutes[$0.id] ?? 0 }.reduce(0, +)) / 60)
        }.sorted { ($0.hours, $1.id) > ($1.hours, $0.id) }
        return ListFigures(units: units.count, members: active.count, resources: resources, needsCollected: needs.count,
                           needsMatched: needs.filter { matched.contains($0.number) }.count,
                           needsFulfilled: needs.filter { $0.status == .fulfilled }.count, unitHours: unitHours)
    }
}
