/// The in-memory part of delivery: when each retried row is next due, and how many rows the
/// last pass had to look past. Also keeps passes from overlapping.
actor DeliverySchedule {
    /// What a pass starts from.
    struct Plan: Sendable {
        /// Next attempt per row id, as time since the service started.
        var due: [Int64: Duration]
        /// Rows the previous pass skipped because they or an earlier row of theirs waited.
        var skippedLastPass: Int
    }

    private var due: [Int64: Duration] = [:]
    private var skippedLastPass = 0
    private var passRunning = false

    /// The state for a new pass, or nil while another pass runs.
    func beginPass() -> Plan? {
        guard !passRunning else { return nil }
        passRunning = true
        return Plan(due: due, skippedLastPass: skippedLastPass)
    }

    /// Stores what the pass learnt and lets the next one start.
    func endPass(due: [Int64: Duration], skipped: Int) {
        self.due = due
        skippedLastPass = skipped
        passRunning = false
    }
}
