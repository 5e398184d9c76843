import Foundation

/// A line of the 资源清单: an offer with the name of the unit or member who makes it.
public struct Resource: Sendable, Codable, Equatable {
    /// The offer.
    public var offer: Offer
    /// The unit's or member's name.
    public var ownerName: String

    /// Creates a line.
    public init(offer: Offer, ownerName: String) {
        self.offer = offer
        self.ownerName = ownerName
    }
}
