/// Who takes published tasks, asked of the directory so that members registered later (双报到,
/// kept in the database) can be answered from the same place.
extension Directory {
    /// Whether `member` may claim published tasks: party members (在职党员) and grid workers,
    /// who often lead the volunteers on the day.
    public func takesTasks(_ member: Staff) -> Bool {
        member.role == .partyMember || member.role == .gridWorker
    }

    /// Who is told of a task in `community`: the members taking tasks who serve its grid; when
    /// the community has no grid (or none is named), every member taking tasks.
    public func taskMembers(community: String?) -> [Staff] {
        let everyone = staff.filter(takesTasks)
        guard let grid = grid(forCommunity: community) else { return everyone }
        return everyone.filter { grids(of: $0).contains(grid.id) }
    }

    /// The configured community a task's place names (the longest one it contains), if any:
    /// 凤鸣小区活动室 lies in 凤鸣小区.
    public func community(in place: String) -> String? {
        communities.filter { place.contains($0) }.max { $0.count < $1.count }
    }
}
