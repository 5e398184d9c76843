import Foundation

/// One thing a unit or a member offers a community: a line of the 资源清单, which the
/// matching of needs to resources reads by service type and community (Lists/).
public struct Offer: Sendable, Codable, Equatable {
    /// Who offers it.
    public enum OwnerKind: String, Sendable, Codable {
        case unit, member
    }

    /// Stable id: `R<registration>-<index>`.
    public var id: String
    /// A unit's or a member's offer.
    public var ownerKind: OwnerKind
    /// The unit's or member's id.
    public var ownerID: String
    /// The service type from the configured list (理发), or the applicant's own words.
    public var serviceType: String
    /// The offer as written (理发 每月20人次).
    public var text: String
    /// How much, as written (每月20人次), when given.
    public var capacity: String?
    /// When, as written.
    public var times: String
    /// The community it serves.
    public var community: String

    /// Creates an offer.
    public init(id: String, ownerKind: OwnerKind, ownerID: String, serviceType: String, text: String, capacity: String? = nil,
                times: String = "", community: String) {
        self.id = id
        self.ownerKind = ownerKind
        self.ownerID = ownerID
        self.serviceType = serviceType
        self.text = text
        self.capacity = capacity
        self.times = times
        self.community = community
    }
}
