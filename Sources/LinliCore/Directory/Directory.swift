/// Who serves whom: staff members with their roles and grids, and the grids with their
/// communities. Built from configuration; routing asks it who is told about a request.
public struct Directory: Sendable {
    /// A staff role.
    public enum Role: String, Sendable, Codable {
        /// 网格员: handles reports in their grids.
        case gridWorker = "grid_worker"
        /// 在职党员: takes micro-wishes and errands.
        case partyMember = "party_member"
        /// Community office: sees everything, reassigns, gets what has no grid.
        case admin
        /// 网格长: serves their grids as a worker does, but is not sent new reports; told
        /// when a request of theirs is past its deadline.
        case gridLeader = "grid_leader"
        /// 街道: the street office above the community; gets the daily digest of requests
        /// reported to it (通报).
        case street
        /// 部门: a department (城管, 物业, …) whose `name` is the department's name; told of
        /// requests whose intent routes to `department:NAME`.
        case department
    }

    /// A staff member.
    public struct Staff: Sendable, Codable, Equatable {
        /// Channel-qualified user id.
        public var id: String
        /// Display name.
        public var name: String
        /// Role.
        public var role: Role
        /// Grid ids this person serves (admins serve all).
        public var grids: [String]

        /// Creates a staff member.
        public init(id: String, name: String, role: Role, grids: [String] = []) {
            self.id = id
            self.name = name
            self.role = role
            self.grids = grids
        }
    }

    /// A grid (网格): a few communities and the people who serve them.
    public struct Grid: Sendable, Codable, Equatable {
        /// Stable id.
        public var id: String
        /// Display name.
        public var name: String
        /// Community names as residents write them.
        public var communities: [String]
        /// Staff ids of the grid's workers.
        public var workers: [String]
        /// Where its communities are: a community name to `[latitude, longitude]` in GCJ-02,
        /// as read off a Chinese map (高德, 腾讯). A report with a location but no community
        /// goes to the grid of the nearest centre (`grid(near:)`).
        public var centres: [String: [Double]]?
        /// Named spots inside its communities: a community name to spot names as residents
        /// write them (东门, 菜市场, 3号楼) and their `[latitude, longitude]` in GCJ-02. A report
        /// that names one gets that point (`landmark(for:)`).
        public var landmarks: [String: [String: [Double]]]?

        /// Creates a grid.
        public init(id: String, name: String, communities: [String], workers: [String] = [],
                    centres: [String: [Double]]? = nil, landmarks: [String: [String: [Double]]]? = nil) {
            self.id = id
            self.name = name
            self.communities = communities
            self.workers = workers
            self.centres = centres
            self.landmarks = landmarks
        }
    }

    /// Every staff member.
    public let staff: [Staff]
    /// Every grid.
    public let grids: [Grid]

    /// The channels a staff id may name: those linli has a gateway or a terminal for.
    public static let staffChannels: Set<String> = ["wechat", "wecom", "webhook", "repl"]

    /// Creates a directory, checking that every staff id names a channel linli serves, every
    /// worker named by a grid is a staff member and every grid named by a staff member exists.
    ///
    /// Ids are compared byte for byte, as messages are matched to staff (`member(_:)`).
    public init(staff: [Staff] = [], grids: [Grid] = []) throws {
        let staffIDs = Set(staff.map { Array($0.id.utf8) })
        let gridIDs = Set(grids.map(\.id))
        guard staffIDs.count == staff.count else { throw CoreError(.invalidDirectory, "a staff id is listed twice") }
        guard gridIDs.count == grids.count else { throw CoreError(.invalidDirectory, "a grid id is listed twice") }
        for grid in grids {
            for worker in grid.workers where !staffIDs.contains(Array(worker.utf8)) {
                throw CoreError(.invalidDirectory, "grid '\(grid.id)' names unknown worker '\(worker)'")
            }
            for (community, point) in grid.centres ?? [:] {
                try Self.check(point, named: "the centre of '\(community)'", community: community, in: grid)
            }
            for (community, spots) in grid.landmarks ?? [:] {
                for (spot, point) in spots {
                    guard !spot.allSatisfy(\.isWhitespace) else {
                        throw CoreError(.invalidDirectory, "grid '\(grid.id)' has a landmark of '\(community)' without a name")
                    }
                    try Self.check(point, named: "landmark '\(spot)' of '\(community)'", community: community, in: grid)
                }
            }
        }
        for member in staff {
            // A misspelt channel would silently make a staff member a resident.
            let parts = member.id.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, Self.staffChannels.containsID(String(parts[0])), !parts[1].isEmpty else {
                throw CoreError(.invalidDirectory, "staff id '\(member.id)' is not CHANNEL:ID with a channel of "
                                + Self.staffChannels.sorted().joined(separator: ", "))
            }
            for grid in member.grids where !gridIDs.contains(grid) {
                throw CoreError(.invalidDirectory, "staff '\(member.id)' names unknown grid '\(grid)'")
            }
        }
        self.staff = staff
        self.grids = grids
    }

    /// The staff member with `id`, byte for byte (see `String.isSameID`).
    public func member(_ id: String) -> Staff? {
        staff.first { $0.id.isSameID(id) }
    }

    /// The staff member who sends as `user`, compared by bytes.
    public func member(_ user: UserID) -> Staff? {
        member(user.rawValue)
    }

    /// The grid with `id`.
    public func grid(id: String) -> Grid? {
        grids.first { $0.id == id }
    }

    /// Every configured community name, for the slot extractor.
    public var communities: [String] {
        grids.flatMap(\.communities)
    }

    /// The grid a community belongs to: an exact name, or a configured name the resident's
    /// wording starts with (东关社区七号院 → the grid of 东关社区).
    public func grid(forCommunity community: String?) -> Grid? {
        configuredCommunity(community)?.grid
    }

    /// The configured community a resident's wording names, with its grid: an exact name, or
    /// one the wording starts with (or that starts with the wording).
    func configuredCommunity(_ written: String?) -> (name: String, grid: Grid)? {
        guard let written, !written.isEmpty else { return nil }
        if let exact = grids.first(where: { $0.communities.contains(written) }) { return (written, exact) }
        for grid in grids {
            if let name = grid.communities.first(where: { written.hasPrefix($0) || $0.hasPrefix(written) }) { return (name, grid) }
        }
        return nil
    }

    /// A location farther than this from every configured centre is in none of the grids.
    public static let nearestCentreLimit: Double = 3000

    /// The grid of the configured community centre nearest `place`, within
    /// `nearestCentreLimit` metres; nil when no grid has centres or none is that near.
    public func grid(near place: Place) -> Grid? {
        nearestCommunity(to: place)?.grid
    }

    /// The community whose configured centre is nearest `place`, with its grid, within
    /// `nearestCentreLimit` metres (ties go to the first name in grid order, then by name).
    public func nearestCommunity(to place: Place) -> (community: String, grid: Grid)? {
        var best: (community: String, grid: Grid, metres: Double)?
        for grid in grids {
            for (community, point) in (grid.centres ?? [:]).sorted(by: { $0.key < $1.key }) {
                let metres = place.metres(to: Place(latitude: point[0], longitude: point[1], datum: .gcj02))
                if metres <= Self.nearestCentreLimit && metres < best?.metres ?? .infinity { best = (community, grid, metres) }
            }
        }
        return best.map { ($0.community, $0.grid) }
    }

    /// The grids a staff member works in (all grids for admins).
    public func grids(of member: Staff) -> Set<String> {
        member.role == .admin ? Set(grids.map(\.id)) : Set(member.grids + grids.filter { $0.workers.containsID(member.id) }.map(\.id))
    }

    /// What a route to a department starts with: `department:城管`.
    public static let departmentRoutePrefix = "department:"

    /// The ids of every staff member with `role`, in configuration order.
    public func members(_ role: Role) -> [String] {
        staff.filter { $0.role == role }.map(\.id)
    }

    /// The grid leaders (网格长) of grid `gridID`: those with the role who serve it.
    public func gridLeaders(of gridID: String?) -> [String] {
        guard let gridID else { return [] }
        return staff.filter { $0.role == .gridLeader && grids(of: $0).contains(gridID) }.map(\.id)
    }

    /// Who is told about a new request: by the intent's route within the grid, falling back
    /// to the grid's workers and then to the admins.
    public func recipients(route: String, grid gridID: String?) -> [String] {
        let admins = members(.admin)
        // A department serves every grid; with none of that name configured, routing goes on
        // as for any other route.
        if route.hasPrefix(Self.departmentRoutePrefix) {
            let department = departmentMembers(String(route.dropFirst(Self.departmentRoutePrefix.count)))
            if !department.isEmpty { return department }
        }
        guard let gridID, let grid = grid(id: gridID) else { return admins }
        let inGrid = staff.filter { grids(of: $0).contains(grid.id) && $0.role != .admin }
        let chosen: [String]
        switch route {
        case "party_member":
            let local = inGrid.filter { $0.role == .partyMember }.map(\.id)
            chosen = local.isEmpty ? staff.filter { $0.role == .partyMember }.map(\.id) : local
        case "admin":
            chosen = admins
        default:
            chosen = inGrid.filter { $0.role == .gridWorker }.map(\.id)
        }
        return chosen.isEmpty ? admins : chosen
    }
}
