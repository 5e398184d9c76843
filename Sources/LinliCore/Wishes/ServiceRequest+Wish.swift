import Foundation

/// A 微心愿 is a service request of the `micro_wish` intent: these say which requests are
/// wishes, so that claiming, fulfilling, thanking and the report agree on it.
extension ServiceRequest {
    /// The intent id of a resident's 微心愿 (`intents/micro_wish.yaml`); requests store it.
    public static let microWishIntent = "micro_wish"

    /// Whether this request is a 微心愿.
    public var isMicroWish: Bool { intent == Self.microWishIntent }

    /// Whether this is a wish that was fulfilled (resolved or rated) by someone the resident
    /// can thank.
    var isFulfilledWish: Bool {
        isMicroWish && (status == .resolved || status == .rated) && claimer != nil
    }
}
