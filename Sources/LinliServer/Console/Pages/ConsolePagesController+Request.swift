import Foundation
import Hummingbird
import LinliCore

/// `/console/requests/N`: a request's sheet, its history as a timeline, and the actions
/// 接单、回复、办结、转派、延期 (and an admin's 确认匹配 of a need), each posted as a form and
/// handed to the engine as the staff member's own chat command.
extension ConsolePagesController {
    func requestPage(_ identity: ConsoleIdentity, number: Int, said: [String]) async throws -> Response {
        let admin = identity.staff.role == .admin
        let now = pipeline.now()
        let loaded = try await pipeline.blocking { [engine] in
            try engine.store.read { t in
                try t.request(number: number).map {
                    ($0, try t.events(request: number), admin ? try engine.proposedResources(for: $0, in: t) : [],
                     try engine.attachmentViews(of: $0, in: t, at: now))
                }
            }
        }
        let words = engine.consoleWords
        guard let (request, events, proposed, attachments) = loaded else {
            let context = frame(identity, title: words("title_not_found")).merging(["text": words("not_found", ["number": number])]) { $1 }
            return html(assets.render("message", context), status: .notFound)
        }
        // The chat's 详情 rule: only those who serve a request see the resident's words and phone.
        guard engine.serves(identity.staff, request) else {
            let context = frame(identity, title: words("title_forbidden")).merging(["text": words("forbidden", ["number": number])]) { $1 }
            return html(assets.render("message", context), status: .forbidden)
        }
        let views = ConsoleViews(engine: engine, now: now)
        var context = frame(identity, title: "#\(number)")
        // The signed links reach the page only past the grid check above: it is their authorisation.
        context["request"] = views.sheet(request, attachments: attachments)
        context["timeline"] = views.timeline(events, of: request)
        context["said"] = said
        context["hasSaid"] = !said.isEmpty
        context["nonce"] = UUID().uuidString
        context["targets"] = ConsoleViews.options(
            engine.directory.grids.map { ($0.id, words("target_grid", ["name": $0.name])) }
                + engine.directory.staff.map { ($0.id, words("target_staff", ["name": $0.name])) },
            selected: nil)
        // 确认匹配 for an admin, when the request is an open need that offers fit (Lists/).
        context["offers"] = ConsoleViews.options(proposed.map { resource in
            (resource.offer.id, words("match_offer", ["offer": resource.offer.id, "owner": resource.ownerName, "text": resource.offer.text]))
        }, selected: nil)
        context["canMatch"] = !proposed.isEmpty
        return html(assets.render("request", context))
    }

    /// The chat command an action is, or nil for an unknown action or a missing field.
    static func command(_ action: String, number: Int, form: [String: String]) -> String? {
        func field(_ name: String) -> String? {
            let text = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return text.isEmpty ? nil : text
        }
        switch action {
        case "claim": return "/claim \(number)"
        case "reply": return field("text").map { "/reply \(number) \($0)" }
        case "done": return "/done \(number)" + (field("note").map { " " + $0 } ?? "")
        case "assign": return field("target").map { "/assign \(number) \($0)" }
        case "match": return field("offer").map { "/confirm-match \(number) \($0)" }
        case "extend":
            guard let limit = field("limit"), let reason = field("reason") else { return nil }
            return "/extend \(number) \(limit) \(reason)"
        default: return nil
        }
    }

    /// Hands the action to the engine as a message from the staff member, keyed by the
    /// form's nonce (a form sent twice is handled once), and shows the page with the
    /// engine's answer.
    func act(_ identity: ConsoleIdentity, number: Int, action: String, form: [String: String]) async throws -> Response {
        guard let text = Self.command(action, number: number, form: form) else {
            return try await requestPage(identity, number: number, said: [engine.consoleWords("incomplete_form")])
        }
        let nonce = form["nonce"].flatMap { $0.count <= 64 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } ? $0 : nil }
        let message = InboundMessage(userID: try UserID(identity.staff.id), messageID: "console:" + (nonce ?? UUID().uuidString),
                                     content: .text(text), receivedAt: pipeline.now())
        let handled = try await pipeline.blocking { [engine] in try engine.handle(message) }
        return try await requestPage(identity, number: number, said: handled.replies)
    }
}
