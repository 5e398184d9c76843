/// The stages of a request that have a time limit, in the order of the 12345 closed loop
/// (受理 → 签收 → 首次联系 → 办结 → 回访).
public enum DeadlineStage: String, Sendable, Codable, CaseIterable {
    /// 签收: a staff member claims it.
    case claim
    /// 首次联系: the claimer first writes to the resident.
    case firstContact = "first_contact"
    /// 办结: it is resolved.
    case resolve
    /// 回访: the resident rates the resolution.
    case revisit
}

/// How close a stage is to its limit: green under 80 %, yellow from 80 % to 100 %, red after.
public enum DeadlineColour: String, Sendable, Codable, CaseIterable {
    /// Under 80 % of the limit used.
    case green
    /// 80–100 % used.
    case yellow
    /// Past the limit.
    case red
}
