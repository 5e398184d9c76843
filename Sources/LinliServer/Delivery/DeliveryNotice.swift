import LinliCore

/// The message that tells a staff member their reply did not reach the resident.
///
/// Only rows with an origin other than their recipient earn a notice, and a notice has no
/// origin itself, so a notice that fails in turn is never reported: no loops.
enum DeliveryNotice {
    /// Errcodes meaning the platform will not deliver to this user at all (unfollowed,
    /// unknown or invisible user), as opposed to not now.
    static let unreachableErrorCodes: Set<Int> = [40003, 43004, 81013]

    /// How much of the undelivered text the notice quotes, enough to recognise it.
    static let quotedLength = 60

    /// The notice for `row`, which failed for good with `reason`; nil when nobody is to be told.
    static func make(for row: OutboxEntry, reason: String, responses: Responses?) -> OutboundMessage? {
        guard let responses, let origin = row.message.origin, origin != row.message.recipient else { return nil }
        let text = String(row.message.text.prefix(quotedLength))
        let words = responses.render(.deliveryFailed, ["text": text, "reason": responses.render(reasonKey(reason))])
        return OutboundMessage(recipient: origin, text: words)
    }

    /// Which plain-words explanation fits a failure reason of `Courier` ("errcode 45015: …").
    static func reasonKey(_ reason: String) -> ResponseKey {
        switch errorCode(in: reason) {
        case 45015?: return .deliveryReasonSilent
        case let code? where unreachableErrorCodes.contains(code): return .deliveryReasonUnreachable
        default: return .deliveryReasonOther
        }
    }

    /// The platform errcode a reason starts with, if any.
    static func errorCode(in reason: String) -> Int? {
        let prefix = "errcode "
        guard reason.hasPrefix(prefix) else { return nil }
        return Int(reason.dropFirst(prefix.count).prefix { $0 == "-" || $0.isNumber })
    }
}
