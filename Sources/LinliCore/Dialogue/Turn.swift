import Foundation
import LinliNLU

/// One message being handled inside its store transaction: reads the conversation, decides,
/// writes, and collects the replies.
struct Turn {
    let engine: Engine
    let transaction: any StoreTransaction
    let message: InboundMessage
    var conversation: Conversation
    var replies: [String] = []
    /// The message's understanding, computed before the transaction.
    let understanding: Understanding?
    var now: Date { message.receivedAt }
    /// The sender, as the store and the directory keep user ids.
    var user: String { message.userID.rawValue }
    var desk: RequestDesk { RequestDesk(engine: engine, transaction: transaction, now: now) }

    init(engine: Engine, transaction: any StoreTransaction, message: InboundMessage, understanding: Understanding? = nil) {
        self.engine = engine
        self.understanding = understanding
        self.transaction = transaction
        self.message = message
        self.conversation = Conversation(userID: message.userID.rawValue, updatedAt: message.receivedAt)
    }

    mutating func run() throws -> [String] {
        if case .noticeConsents(let choices) = message.content {
            // Kept, and nothing said: answering a pop-up is not talking to linli, and it
            // leaves the conversation (and its 48-hour window) as it was.
            try record(choices)
            return []
        }
        if let saved = try transaction.conversation(for: user) { conversation = saved }
        if let form = conversation.form, now.timeIntervalSince(conversation.updatedAt) > engine.configuration.conversationTimeout {
            conversation.form = nil
            say(.formExpired, ["intent_name": engine.intentName(form.intent)])
        }
        if conversation.taskDraft != nil, now.timeIntervalSince(conversation.updatedAt) > engine.configuration.conversationTimeout {
            // An admin who left 发布任务 half done long ago is not answering its question now.
            conversation.taskDraft = nil
        }
        if conversation.enrolment != nil, now.timeIntervalSince(conversation.updatedAt) > engine.configuration.conversationTimeout {
            // As a task draft: an applicant back after long is not answering its question.
            conversation.enrolment = nil
        }
        if conversation.question != nil, now.timeIntervalSince(conversation.updatedAt) > engine.configuration.conversationTimeout {
            // Nothing to announce: the numbers it offered would only confuse the new message.
            conversation.question = nil
        }
        switch message.content {
        case .text(let text):
            if let member = engine.directory.member(message.userID), case let command = StaffCommand.parse(text, words: engine.responses.words),
               command != nil || conversation.taskDraft != nil {
                // A staff member publishing a task answers its questions in plain words; a
                // command meanwhile is carried out and the draft kept.
                var staff = StaffTurn(desk: desk, member: member, engine: engine, draft: conversation.taskDraft)
                if let command {
                    replies += try staff.run(command)
                    conversation.recentClosing = try closing(after: command)
                } else {
                    let understood = understanding.flatMap { $0.text == text ? $0 : nil } ?? engine.nlu.parse(text)
                    try staff.continueDraft(text, cancelling: engine.kind(of: understood.intent) == .cancel)
                    replies += staff.replies
                }
                conversation.taskDraft = staff.draft
            } else {
                try resident(text)
            }
        case .location(let latitude, let longitude, let label):
            // WeChat and WeCom send location messages in GCJ-02.
            let place = Place(latitude: latitude, longitude: longitude, datum: .gcj02, label: label)
            try attach(engine.responses.render(.attachmentLocation, ["place": place.text]),
                       what: engine.responses.render(.attachmentLocationName), slot: place.text, place: place)
        case .image(let url):
            try attach(engine.responses.render(.attachmentImage, ["url": url]), what: engine.responses.render(.attachmentImageName), slot: nil)
        case .media(let media):
            try receive(media)
        case .noticeConsents:
            break  // handled before the conversation is read
        case .event(let name, let key):
            if name.lowercased() == "subscribe" {
                say(.welcome)
            } else if let key, !key.isEmpty {
                // Menu clicks carry a key that configuration maps to words a resident would type.
                try resident(key)
            }
        }
        conversation.updatedAt = now
        try transaction.save(conversation)
        return replies
    }

    /// Tells a WeChat resident who has no unused 订阅通知 consent where to give one, so that
    /// news of their request reaches them after 48 hours of silence too.
    private mutating func pointToSubscription() throws {
        guard let link = engine.configuration.subscribeLink, message.userID.channel == "wechat",
              try transaction.noticeConsents(of: user).allSatisfy({ $0.usedAt != nil }) else { return }
        say(.subscribeHint, ["link": link])
    }

    /// Stores 订阅通知 answers: each 同意 is one more notice of that template; a refusal
    /// withdraws the unused ones.
    private func record(_ choices: [NoticeConsentChoice]) throws {
        for choice in choices {
            if choice.accepted {
                try transaction.grantNoticeConsent(user: user, templateID: choice.templateID, at: now)
            } else {
                try transaction.withdrawNoticeConsents(user: user, templateID: choice.templateID)
            }
        }
    }

    mutating func say(_ key: ResponseKey, _ values: [String: Any] = [:]) {
        replies.append(engine.responses.render(key, values))
    }

    // MARK: Residents

    mutating func resident(_ text: String) throws {
        let understanding = self.understanding.flatMap { $0.text == text ? $0 : nil } ?? engine.nlu.parse(text)
        if try helpOrStatus(text) { return }
        if let draft = conversation.enrolment {
            try continueEnrolment(draft, understanding, text)
            return
        }
        if try nudge(text, kind: engine.kind(of: understanding.intent)) { return }
        if let question = conversation.question, try answer(question, understanding, text) { return }
        if let number = conversation.awaitingRating, let rating = Rating.parse(text, words: words) {
            conversation.awaitingRating = nil
            if try desk.rate(number, by: user, rating: rating) {
                say(rating <= 2 ? .ratedUnhappy : .rated, ["number": number])
                return
            }
        }
        if startsEnrolment(understanding, text) {
            startEnrolment(understanding, text)
        } else if let form = conversation.form {
            try continueForm(form, understanding, text)
        } else if !understanding.choices.isEmpty {
            askWhichIntent(understanding, text)
        } else {
            try fresh(understanding, text)
        }
        if conversation.enrolment == nil {
            try pointToOffers(text, community: conversation.form?.slots["community"] ?? understanding.slots["community"])
        }
    }

    /// The words replies are read by.
    var words: Words { engine.responses.words }

    func confident(_ u: Understanding) -> Bool {
        engine.kind(of: u.intent) != .fallback && u.confidence >= engine.understandingThreshold
    }

    /// Whether `u` is sure enough of an intent to act on it without asking: open a complete
    /// report at once, or leave a form for another one.
    private func sure(_ u: Understanding) -> Bool {
        confident(u) && u.confidence >= engine.directOpenThreshold
    }

    mutating func fresh(_ u: Understanding, _ text: String) throws {
        guard confident(u) else {
            conversation.misunderstandings += 1
            say(conversation.misunderstandings >= 2 ? .fallbackOfferHuman : .outOfScope)
            return
        }
        conversation.misunderstandings = 0
        switch engine.kind(of: u.intent) {
        case .smalltalk:
            replies.append(engine.responses.render(template: u.intent) ?? engine.responses.render(.greeting))
            try thankForWish(text, intent: u.intent)
        case .status: try status(number: words.requestNumber(in: text)?.number)
        case .cancel: try cancelLatest()
        case .question: replies.append(engine.responses.answer(question: text))
        case .rating:
            if let number = conversation.lastRequest, let rating = Rating.parse(text, words: words), try desk.rate(number, by: user, rating: rating) {
                say(rating <= 2 ? .ratedUnhappy : .rated, ["number": number])
            } else {
                say(.feedbackThanks)
            }
        case .handoff:
            let request = try desk.open(intent: u.intent, resident: user, text: text, slots: u.slots, attachments: [])
            conversation.lastRequest = request.number
            say(.handoffOpened, ["number": request.number])
        case .service where u.intent == Self.enrolmentIntent:
            // Chosen after a clarifying question: a registration, as when understood at once.
            startEnrolment(u, text)
        case .report, .service:
            let form = Conversation.Form(intent: u.intent, slots: u.slots, text: text)
            if missing(form).isEmpty && sure(u) {
                try open(form)
            } else {
                proceed(form)
            }
        case .fallback:
            say(.outOfScope)
        }
    }

    private mutating func continueForm(_ original: Conversation.Form, _ u: Understanding, _ text: String) throws {
        var form = original
        // 不对，是4号楼 reads like a cancellation but carries a slot: it is a correction.
        if engine.kind(of: u.intent) == .cancel && confident(u) && u.slots.isEmpty {
            conversation.form = nil
            say(.formCancelled)
            return
        }
        if form.confirming && words.isYes(text) {
            try open(form)
            return
        }
        var slots = u.slots
        if slots.isEmpty, let asking = form.asking, ["community", "location", "person"].contains(asking),
           !(sure(u) && u.intent != form.intent), text.count <= 20 {
            // A bare answer to 哪个小区？ is the answer, even without a suffix.
            slots[asking] = text.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        }
        // 改成6号楼 may read like a report of its own; with a correction word it corrects this one.
        let correcting = !slots.isEmpty && words.isCorrection(text)
        let switching = !correcting && sure(u) && u.intent != form.intent && engine.kind(of: u.intent).opensRequest
        if !slots.isEmpty && !switching {
            let changed = slots.filter { key, value in form.slots[key].map { $0 != value } ?? false }
            for (key, value) in slots { form.slots[key] = value }
            form.text += "；" + text
            if !changed.isEmpty { say(.corrected, ["changes": engine.summary(changed)]) }
            proceed(form)
            return
        }
        if switching {
            say(.topicSwitched, ["old_intent_name": engine.intentName(form.intent)])
            conversation.form = nil
            try fresh(u, text)
            return
        }
        if form.confirming && words.isNo(text) {
            conversation.form = nil
            say(.formCancelled)
            return
        }
        // Questions and small talk are answered in passing; the form waits for them.
        if confident(u) && [.status, .smalltalk, .question].contains(engine.kind(of: u.intent)) {
            try fresh(u, text)
            say(.formResumed, ["intent_name": engine.intentName(form.intent)])
        }
        proceed(form)
    }

    private func missing(_ form: Conversation.Form) -> [String] {
        (engine.nlu.catalog.intent(form.intent)?.requiredSlots ?? []).filter { form.slots[$0] == nil }
    }

    /// Asks for the next missing slot, or for confirmation when nothing is missing.
    mutating func proceed(_ original: Conversation.Form) {
        var form = original
        if let next = missing(form).first {
            form.asking = next
            form.confirming = false
            say(ResponseKey(rawValue: "ask_\(next)") ?? .askLocation)
        } else {
            form.asking = nil
            form.confirming = true
            say(.confirm, ["intent_name": engine.intentName(form.intent), "summary": engine.summary(form.slots)])
        }
        conversation.form = form
    }

    private mutating func open(_ form: Conversation.Form) throws {
        conversation.form = nil
        if let existing = try desk.duplicate(of: form, resident: user) {
            try desk.link(existing, follower: user, text: form.text)
            conversation.lastRequest = existing.number
            say(.duplicateLinked, ["number": existing.number])
            return
        }
        // A shared pin is where the resident stood; a spot named in the text is the office's own point.
        let place = form.place ?? engine.landmark(for: form.text, slots: form.slots)
        let request = try desk.open(intent: form.intent, resident: user, text: form.text, slots: form.slots,
                                    attachments: form.attachments, place: place)
        conversation.lastRequest = request.number
        replies.append(engine.openedNotice(for: request))
        try pointToSubscription()
        try desk.proposeMatch(for: request)
    }

    private mutating func cancelLatest() throws {
        let active = try transaction.requests(RequestQuery(resident: user)).filter { $0.status.isActive && $0.resident.isSameID(user) }
        guard let latest = active.last else { say(.nothingToCancel); return }
        try desk.cancel(latest, by: user)
        say(.requestCancelled, ["number": latest.number])
    }

    /// Keeps `attachment` on the open form or the sender's latest open request, and tells
    /// them so; true when it was kept.
    @discardableResult
    mutating func attach(_ attachment: String, what: String, slot: String?, place: Place? = nil) throws -> Bool {
        if var form = conversation.form {
            form.attachments.append(attachment)
            if let slot, form.slots["location"] == nil { form.slots["location"] = slot }
            if form.place == nil { form.place = place }
            // Asked which community, a resident may answer with a pin: the nearest
            // configured community centre answers for them.
            let near = form.asking == "community" ? place.flatMap(engine.directory.nearestCommunity(to:)) : nil
            if let near { form.slots["community"] = near.community }
            conversation.form = form
            say(.attachmentKept, ["what": what])
            if form.asking == "location" || near != nil { proceed(form) }
            return true
        } else if let number = conversation.lastRequest, let request = try transaction.request(number: number), request.status.isActive {
            // Only to a request of their own: a follower adding pictures to another
            // resident's report would speak in that resident's name.
            guard request.resident.isSameID(user) else {
                say(.attachmentNotOwn, ["what": what, "number": number])
                return false
            }
            try desk.attach(attachment, to: request, by: user, place: place)
            say(.attachmentAdded, ["what": what, "number": number])
            return true
        } else {
            say(.greeting)
            return false
        }
    }
}
