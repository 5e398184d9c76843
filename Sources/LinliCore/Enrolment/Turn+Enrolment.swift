import Foundation
import LinliNLU

/// 双报到 in the chat: a registration asked field by field, confirmed, and opened as a
/// request of intent `volunteer_signup` whose slots are the answers, so it has a number, a
/// history and a place in the queue; the admins are told how to approve it.
extension Turn {
    /// The intent a registration is kept as.
    static let enrolmentIntent = "volunteer_signup"

    /// Whether `text` starts a registration: its words alone (双报到), or the intent
    /// understood surely enough (more surely while another form is open, whose answers it
    /// must not take over).
    func startsEnrolment(_ u: Understanding, _ text: String) -> Bool {
        if engine.responses.enrolment.starts(text) { return true }
        guard u.intent == Self.enrolmentIntent else { return false }
        return conversation.form == nil ? confident(u) : confident(u) && u.confidence >= engine.directOpenThreshold
    }

    /// Starts a registration from its first message, keeping the phone and community it
    /// already gives.
    mutating func startEnrolment(_ u: Understanding, _ text: String) {
        let words = engine.responses.enrolment
        var draft = EnrolmentDraft(kind: words.isUnit(text) ? .unit : .member, text: text)
        for (field, slot) in [(EnrolmentDraft.Field.phone, "phone"), (.community, "community")] {
            if let value = u.slots[slot] { draft.fill(field, with: value, words: words, communities: engine.directory.communities) }
        }
        conversation.form = nil
        conversation.misunderstandings = 0
        say(.enrolStarted, ["unit": draft.kind == .unit])
        askNext(draft)
    }

    /// Takes the applicant's answer to the question asked, or their confirmation.
    mutating func continueEnrolment(_ original: EnrolmentDraft, _ u: Understanding, _ text: String) throws {
        var draft = original
        if (engine.kind(of: u.intent) == .cancel && confident(u)) || (draft.confirming && words.isNo(text)) {
            conversation.enrolment = nil
            say(.enrolCancelled)
            return
        }
        if draft.confirming {
            if words.isYes(text) {
                try submit(draft)
            } else {
                say(.enrolConfirmAgain)
            }
            return
        }
        if let field = draft.asking {
            guard draft.fill(field, with: text, words: engine.responses.enrolment, communities: engine.directory.communities) else {
                say(.enrolAskAgain, askValues(field, draft).merging(["other": ![.phone, .community].contains(field), "limit": field.limit]) { $1 })
                return
            }
            draft.text += "；" + text
        }
        askNext(draft)
    }

    /// Asks the next unanswered field, or for confirmation of the summary.
    private mutating func askNext(_ original: EnrolmentDraft) {
        var draft = original
        if let next = draft.missing {
            draft.asking = next
            draft.confirming = false
            say(.enrolAsk, askValues(next, draft))
        } else {
            draft.asking = nil
            draft.confirming = true
            say(.enrolConfirm, Self.values(of: draft.slots))
        }
        conversation.enrolment = draft
    }

    /// What the question for `field` is rendered with: the field set (the unit question as
    /// `unit_name`, `unit` meaning a unit registers), the service types and the communities.
    private func askValues(_ field: EnrolmentDraft.Field, _ draft: EnrolmentDraft) -> [String: Any] {
        [field == .unit ? "unit_name" : field.rawValue: true, "unit": draft.kind == .unit,
         "types": engine.responses.enrolment.serviceTypes.joined(separator: "、"),
         "communities": engine.directory.communities.joined(separator: "、")]
    }

    /// A registration's slots as its templates name them: `unit_name` for the unit, `unit`
    /// set when a unit registers.
    static func values(of slots: [String: String]) -> [String: Any] {
        var values: [String: Any] = slots
        values["unit_name"] = slots["unit"] ?? ""
        values["unit"] = slots[EnrolmentDraft.kindSlot] == EnrolmentDraft.Kind.unit.rawValue
        return values
    }

    /// Opens the registration as a request; the admins get the approval notice instead of
    /// the new-request one.
    private mutating func submit(_ draft: EnrolmentDraft) throws {
        conversation.enrolment = nil
        let slots = draft.slots
        let responses = engine.responses
        let request = try desk.open(intent: Self.enrolmentIntent, resident: user, text: draft.text, slots: slots, attachments: []) {
            responses.render(.enrolNotifyAdmins, Self.values(of: slots).merging(["number": $0.number]) { $1 })
        }
        conversation.lastRequest = request.number
        say(.enrolSubmitted, ["number": request.number, "unit": draft.kind == .unit])
    }
}

extension EnrolmentDraft.Field {
    /// The longest answer taken for this field, as the ask-again reply says.
    var limit: Int {
        switch self {
        case .name, .contact: 20
        case .unit: 50
        default: 200
        }
    }
}
