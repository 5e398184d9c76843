import Foundation
import LinliNLU

/// A resident hurrying an open request (催一下, 怎么还没人来): they get its state and
/// deadline, its history records the nudge and whoever works on it is told, once an hour.
extension Turn {
    /// How long after a counted nudge further ones count as the same.
    static let nudgeWindow: TimeInterval = 3600

    /// Longest message that is a nudge by its words alone; a longer one must also be a status
    /// question, so that a new report that mentions 一个礼拜了 still opens a request.
    static let nudgeLength = 20

    /// Handles `text` as a nudge when it is one and the resident has an active request of
    /// their own (opened or followed); false otherwise.
    mutating func nudge(_ text: String, kind: IntentDefinition.Kind) throws -> Bool {
        guard conversation.form == nil, words.nudges.contains(where: { text.contains($0) }),
              text.count <= Self.nudgeLength || kind == .status else { return false }
        let mine = try ownRequests().filter(\.status.isActive)
        let named = words.requestNumber(in: text)?.number
        // The one they name, else the one they last opened or joined.
        guard let request = named.flatMap({ n in mine.first { $0.number == n } }) ?? mine.max(by: { $0.openedAt < $1.openedAt }) else {
            return false
        }
        let values = statusValues(request)
        let counted = try transaction.events(request: request.number)
            .contains { $0.kind == .nudged && now.timeIntervalSince($0.at) < Self.nudgeWindow }
        if counted {
            say(.nudgeAgain, values)
        } else {
            try desk.nudge(request, by: user)
            say(.nudgeAnswer, values)
        }
        return true
    }
}
