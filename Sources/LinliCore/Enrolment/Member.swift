import Foundation

/// A party member who reported to a community through 双报到 and was approved by an admin:
/// staff (`party_member`) of the community's grids, kept in the database beside the
/// configured staff.
public struct Member: Sendable, Codable, Equatable {
    /// The applicant's channel-qualified user id, which is also their staff id.
    public var id: String
    /// Their name.
    public var name: String
    /// Their phone, as given.
    public var phone: String
    /// The unit they work at, as they named it (nil for 无).
    public var unitName: String?
    /// The registered unit of that name, when there is one.
    public var unitID: String?
    /// The community they reported to.
    public var community: String
    /// The grids of that community when approved.
    public var grids: [String]
    /// The service types they offer (理发, 义诊, or their own words).
    public var offers: [String]
    /// When they are free, as written.
    public var times: String
    /// The number of the registration request that made them a member.
    public var registration: Int?
    /// False once deactivated (取消报到): kept for the record, no longer staff.
    public var active: Bool
    /// When they were approved.
    public var joinedAt: Date
    /// When this record last changed.
    public var changedAt: Date

    /// Creates a member.
    public init(id: String, name: String, phone: String, unitName: String? = nil, unitID: String? = nil, community: String,
                grids: [String], offers: [String] = [], times: String = "", registration: Int? = nil, active: Bool = true,
                joinedAt: Date, changedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.phone = phone
        self.unitName = unitName
        self.unitID = unitID
        self.community = community
        self.grids = grids
        self.offers = offers
        self.times = times
        self.registration = registration
        self.active = active
        self.joinedAt = joinedAt
        self.changedAt = changedAt ?? joinedAt
    }
}
