import Foundation

/// A resident's thanks for a fulfilled 微心愿 reaches the member who fulfilled it, through
/// the outbox in the message's transaction.
extension RequestDesk {
    /// How long after a wish is fulfilled a resident's 谢谢 is taken as thanks for it: long
    /// enough for the resident to see the gift, short enough that a 谢谢 for a later FAQ
    /// answer is not sent to a member who has long moved on.
    static let wishThanksWindow: TimeInterval = 7 * 24 * 3600

    /// The fulfilled wish a thanks from `resident` is meant for: their request resolved most
    /// recently within `wishThanksWindow`, if that request is a wish. A resident whose
    /// latest closed request is something else is thanking for that.
    func thankedWish(of resident: String) throws -> ServiceRequest? {
        let closed = try transaction.requests(RequestQuery(statuses: [.resolved, .rated], resident: resident))
            .filter { $0.resident.isSameID(resident) && ($0.resolvedAt.map { now.timeIntervalSince($0) <= Self.wishThanksWindow } ?? false) }
        guard let latest = closed.max(by: { ($0.resolvedAt!, $0.number) < ($1.resolvedAt!, $1.number) }),
              latest.isFulfilledWish else { return nil }
        return latest
    }

    /// Passes the resident's words of thanks to the wish's claimer and records them in the
    /// wish's history (a `thanked` event, whose note is erased with the resident's data).
    func passThanks(_ text: String, for wish: ServiceRequest) throws {
        guard let claimer = wish.claimer else { return }
        let words = String(text.prefix(200))
        try transaction.append(RequestEvent(request: wish.number, kind: .thanked, actor: wish.resident, at: now, note: words))
        try notify([claimer], engine.responses.render(.wishThanksNotice, ["number": wish.number, "text": words]))
    }

    /// Tells the member who fulfilled a wish the score its resident gave (3–5; a lower one
    /// reopens the wish, and they hear that instead).
    func thankWisher(_ request: ServiceRequest, rating: Int) throws {
        guard request.isFulfilledWish, let claimer = request.claimer else { return }
        try notify([claimer], engine.responses.render(.wishRatedNotice, [
            "number": request.number, "rating": engine.responses.render(.ratingScore, ["score": rating]),
        ]))
    }
}
