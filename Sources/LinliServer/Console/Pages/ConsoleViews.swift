import Foundation
import LinliCore
import LinliGateways

/// What the templates show of requests and their history, as Mustache contexts.
struct ConsoleViews {
    let engine: Engine
    let now: Date

    /// A phone number as lists show it: the mask and its last four digits, enough to
    /// recognise a caller and to search by, not to call (the request page has it whole
    /// for those who serve the request, as the chat's 详情 does).
    static func maskedPhone(_ phone: String?) -> String {
        guard let phone, !phone.isEmpty else { return "" }
        let digits = phone.filter { $0.isASCII && $0.isNumber }
        return Open311.Privacy.mask + String(digits.suffix(4))
    }

    /// The resident's words with phone-like numbers masked, cut to `length` characters.
    static func excerpt(_ text: String, length: Int = 40) -> String {
        let masked = Open311.Privacy.maskingPhoneNumbers(in: text)
        return masked.count > length ? String(masked.prefix(length)) + "…" : masked
    }

    /// One row of the queue.
    func row(_ r: ServiceRequest) -> [String: Any] {
        let deadline = engine.deadline(for: r)
        let colour = deadline?.colour(at: now)
        var row: [String: Any] = [
            "number": r.number, "intent": engine.cell(.intent, of: r, now: now), "status": engine.officeStatusName(r.status),
            "grid": engine.cell(.grid, of: r, now: now), "claimer": engine.cell(.claimer, of: r, now: now),
            "opened": engine.officeTime(r.openedAt), "place": engine.summary(r.slots.filter { $0.key != "phone" }),
            "phone": Self.maskedPhone(r.slots["phone"]), "text": Self.excerpt(r.text),
            "due": engine.officeTime(deadline?.dueAt), "colour": colour?.rawValue ?? "none",
        ]
        // Absent rather than empty: Mustache counts an empty string as a value, and the
        // templates test these.
        row["colourName"] = colour.map(engine.colourName)
        return row
    }

    /// A request's whole sheet, for those who serve it, with its attachments as `attachments`
    /// (`Engine.attachmentViews`) describes them.
    func sheet(_ r: ServiceRequest, attachments: [AttachmentView]) -> [String: Any] {
        var sheet = row(r)
        sheet["phone"] = r.slots["phone"] ?? ""
        sheet["text"] = r.text
        sheet["place"] = engine.summary(r.slots)
        sheet["active"] = r.status.isActive
        sheet["attachments"] = attachments.map(attachment)
        sheet["hasAttachments"] = !r.attachments.isEmpty
        sheet["resolutionNote"] = r.resolutionNote.flatMap { $0.isEmpty ? nil : $0 }
        sheet["rating"] = r.rating.map(String.init)
        return sheet
    }

    /// One attachment: a stored photo as a thumbnail (`image`) and other stored media as a
    /// link, both signed; a download under way or lost says so, as 详情 does; the thumbnail of
    /// the finished work's photo is marked (`closing`: its text says so where no thumbnail is
    /// drawn). A platform's own link stays a link.
    func attachment(_ view: AttachmentView) -> [String: Any] {
        var item: [String: Any] = ["value": view.attachment]
        switch view.state {
        case .stored(let link?):
            item[view.kind == .image ? "image" : "link"] = link
        case .stored(nil):
            break
        case .pending:
            item["state"] = engine.responses.render(.mediaPending)
        case .lost:
            item["state"] = engine.responses.render(.mediaLost)
            item["lost"] = true
        case .plain:
            if view.attachment.hasPrefix("https://") || view.attachment.hasPrefix("http://") { item["link"] = view.attachment }
        }
        if view.isClosingPhoto { item["closing"] = engine.consoleWords("closing_photo") }
        return item
    }

    /// The history as a timeline: who (the resident, a staff member, the system), what, and the note.
    func timeline(_ events: [RequestEvent], of r: ServiceRequest) -> [[String: Any]] {
        let words = engine.consoleWords
        return events.map { event in
            let byResident = event.actor.isSameID(r.resident) || r.followers.containsID(event.actor)
            let actor = byResident ? words("actor_resident") : event.actor == "system" ? words("actor_system") : engine.targetName(event.actor)
            var note = event.note ?? ""
            if event.kind == .opened && note.isEmpty { note = r.text }
            if event.kind == .whistled { note = engine.whistleNote(note) }
            var item: [String: Any] = [
                "at": engine.officeTime(event.at), "actor": actor, "what": words("event_" + event.kind.rawValue),
                "side": byResident ? "resident" : event.actor == "system" ? "system" : "staff",
            ]
            if !note.isEmpty { item["note"] = note }
            return item
        }
    }

    /// Options of a select: `value`, `label`, and whether it is `selected`.
    static func options(_ pairs: [(String, String)], selected: String?) -> [[String: Any]] {
        pairs.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected] }
    }
}
