extension Engine {
    /// Whether `member` works on `request`: an admin, its claimer, someone in its grid, or
    /// someone its route names. They, and no one else, see the resident's id, words and phone,
    /// in the chat's 详情 and on the console's request page alike.
    public func serves(_ member: Directory.Staff, _ request: ServiceRequest) -> Bool {
        member.role == .admin || request.claimer.map { $0.isSameID(member.id) } == true
            || directory.grids(of: member).contains(request.grid ?? "")
            || directory.recipients(route: request.route, grid: request.grid).containsID(member.id)
    }
}
