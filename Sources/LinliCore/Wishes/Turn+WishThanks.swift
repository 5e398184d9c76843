import Foundation

/// A resident's 谢谢 after a wish of theirs was fulfilled is passed to the member who
/// fulfilled it; the resident is told it was.
extension Turn {
    /// The intent whose messages are thanks (`intents/thanks.yaml`).
    static let thanksIntent = "thanks"

    /// Passes `text` to the member who fulfilled the resident's latest fulfilled wish, when
    /// `intent` is thanks and there is one (see `RequestDesk.thankedWish(of:)`).
    mutating func thankForWish(_ text: String, intent: String) throws {
        guard intent == Self.thanksIntent, let wish = try desk.thankedWish(of: user), let claimer = wish.claimer else { return }
        try desk.passThanks(text, for: wish)
        say(.wishThanksPassed, ["number": wish.number, "staff_name": engine.directory.member(claimer)?.name ?? ""])
    }
}
