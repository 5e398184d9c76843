/// The requests a staff member works on, as a listing can ask a store for them: those in
/// their grids, those they claimed, and those whose route names them wherever they are (a
/// department's, or a party member's where their grid has none of its own). The same
/// requests as `Engine.serves`, so a queue lists what the request page then opens.
public struct RequestScope: Sendable, Equatable {
    /// Their grids; "" stands for requests with no grid.
    public var grids: Set<String>
    /// Their staff id: requests they claimed.
    public var claimer: String
    /// Intents routed to them, each with the grids where the route names them ("" for none).
    public var routed: [String: Set<String>]

    /// Creates a scope.
    public init(grids: Set<String>, claimer: String, routed: [String: Set<String>] = [:]) {
        self.grids = grids
        self.claimer = claimer
        self.routed = routed.filter { !$0.value.isEmpty }
    }

    /// Whether `request` is in the scope.
    public func contains(_ request: ServiceRequest) -> Bool {
        let grid = request.grid ?? ""
        return grids.contains(grid) || request.claimer.map { $0.isSameID(claimer) } == true
            || routed[request.intent]?.contains(grid) == true
    }
}
