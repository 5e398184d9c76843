import Foundation

/// The report's published tasks: how many were published, claimed and completed (办结率),
/// and the service hours recorded, in total and per member.
public struct TaskFigures: Sendable, Codable, Equatable {
    /// One member's recorded service.
    public struct Member: Sendable, Codable, Equatable {
        /// The member's staff id.
        public var id: String
        /// Their name, from the directory (the id when unknown).
        public var name: String
        /// Tasks they hold a place on.
        public var claimed: Int
        /// Tasks with hours recorded for them.
        public var completed: Int
        /// Their recorded hours.
        public var hours: Double
    }

    /// Tasks published in the period.
    public var published: Int
    /// Tasks with at least one place taken.
    public var claimed: Int
    /// Tasks done: hours recorded for every member who took part.
    public var completed: Int
    /// completed / published: 办结率; nil when nothing was published.
    public var completionRate: Double?
    /// Every recorded hour.
    public var hours: Double
    /// Members with a place on a task, most hours first.
    public var members: [Member]

    /// No tasks.
    public static let none = TaskFigures(published: 0, claimed: 0, completed: 0, completionRate: nil, hours: 0, members: [])

    /// The figures of `tasks` and their `claims`, with names from `directory`.
    public static func make(tasks: [ServiceTask], claims: [TaskClaim], directory: Directory) -> TaskFigures {
        let held = claims.filter(\.holds)
        let claimedTasks = Set(held.map(\.task))
        let completed = tasks.filter { $0.status == .done }.count
        let members = Dictionary(grouping: held, by: \.member).map { id, claims in
            Member(id: id, name: directory.member(id)?.name ?? id, claimed: claims.count,
                   completed: claims.filter { $0.minutes != nil }.count,
                   hours: Double(claims.compactMap(\.minutes).reduce(0, +)) / 60)
        }.sorted { ($0.hours, $1.id) > ($1.hours, $0.id) }
        return TaskFigures(published: tasks.count, claimed: tasks.filter { claimedTasks.contains($0.number) }.count,
                           completed: completed, completionRate: tasks.isEmpty ? nil : Double(completed) / Double(tasks.count),
                           hours: Double(held.compactMap(\.minutes).reduce(0, +)) / 60, members: members)
    }
}
