/// The time limit of each stage for one intent (or the default); nil means no limit.
public struct StageLimits: Sendable, Equatable {
    /// 签收.
    public var claim: TimeLimit?
    /// 首次联系.
    public var firstContact: TimeLimit?
    /// 办结.
    public var resolve: TimeLimit?
    /// 回访.
    public var revisit: TimeLimit?

    /// Creates limits; all default to none.
    public init(claim: TimeLimit? = nil, firstContact: TimeLimit? = nil, resolve: TimeLimit? = nil, revisit: TimeLimit? = nil) {
        self.claim = claim
        self.firstContact = firstContact
        self.resolve = resolve
        self.revisit = revisit
    }

    /// The limit of `stage`.
    public subscript(stage: DeadlineStage) -> TimeLimit? {
        get {
            switch stage {
            case .claim: return claim
            case .firstContact: return firstContact
            case .resolve: return resolve
            case .revisit: return revisit
            }
        }
        set {
            switch stage {
            case .claim: claim = newValue
            case .firstContact: firstContact = newValue
            case .resolve: resolve = newValue
            case .revisit: revisit = newValue
            }
        }
    }

    /// These limits, with each stage `other` sets taking the place of this one's: an intent's
    /// entry over the default.
    public func overriding(with other: StageLimits) -> StageLimits {
        var result = self
        for stage in DeadlineStage.allCases where other[stage] != nil { result[stage] = other[stage] }
        return result
    }
}
