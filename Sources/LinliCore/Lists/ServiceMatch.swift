import Foundation

/// A need matched with an offer and confirmed by an admin (确认匹配): a line of the 服务清单.
/// One per need; the request itself carries on through its claim and resolution.
public struct ServiceMatch: Sendable, Codable, Equatable {
    /// The need's request number.
    public var need: Int
    /// The offer it was matched with (`R2-1`).
    public var offerID: String
    /// Whose offer: a unit's or a member's.
    public var ownerKind: Offer.OwnerKind
    /// The unit's or member's id.
    public var ownerID: String
    /// The offer's service type.
    public var serviceType: String
    /// The staff id of the admin who confirmed it.
    public var confirmedBy: String
    /// When it was confirmed.
    public var confirmedAt: Date

    /// Creates a match.
    public init(need: Int, offerID: String, ownerKind: Offer.OwnerKind, ownerID: String, serviceType: String, confirmedBy: String,
                confirmedAt: Date) {
        self.need = need
        self.offerID = offerID
        self.ownerKind = ownerKind
        self.ownerID = ownerID
        self.serviceType = serviceType
        self.confirmedBy = confirmedBy
        self.confirmedAt = confirmedAt
    }
}
