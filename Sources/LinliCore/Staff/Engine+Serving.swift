extension Engine {
    /// Whether `member` works on `request`: an admin, its claimer, someone in its grid, or
    /// someone its route names. They, and no one else, see the resident's id, words and phone,
    /// in the chat's 详情 and on the console's request page alike.
    public func serves(_ member: Directory.Staff, _ request: ServiceRequest) -> Bool {
        member.role == .admin || request.claimer.map { $0.isSameID(member.id) } == true
            || directory.grids(of: member).contains(request.grid ?? "")
            || directory.recipients(route: request.route, grid: request.grid).containsID(member.id)
    }

    /// The requests `member` serves (`serves`), for a listing; nil for an admin, who serves all.
    ///
    /// Routes are worked out per intent, as requests are routed when they are opened: a
    /// request keeps the route of its intent.
    public func scope(of member: Directory.Staff) -> RequestScope? {
        guard member.role != .admin else { return nil }
        let grids: [String?] = directory.grids.map(\.id) + [nil]
        var routed: [String: Set<String>] = [:]
        for intent in nlu.catalog.intents where intent.opensRequest {
            let named = grids.filter { directory.recipients(route: intent.route, grid: $0).containsID(member.id) }
            routed[intent.id] = Set(named.map { $0 ?? "" })
        }
        return RequestScope(grids: directory.grids(of: member), claimer: member.id, routed: routed)
    }
}
