import Foundation

extension Turn {
    /// A photo, voice message, video or file: kept on the open form or the sender's latest
    /// open request like a picture, with its download queued in this turn's transaction, so
    /// that what was acknowledged is fetched even if the server stops right after.
    ///
    /// A voice message the platform recognised is first heard as the words it says, then
    /// kept quietly on whatever those words left open: the resident spoke, they did not
    /// send a recording.
    mutating func receive(_ media: InboundMedia) throws {
        if try closeWithPhoto(media) { return }
        let attachment = engine.responses.render(.attachmentMedia, [
            "what": mediaName(media.kind), "ref": media.url.flatMap { $0.isEmpty ? nil : $0 } ?? media.mediaID,
            "recognition": media.spokenText ?? "",
        ])
        if let spoken = media.spokenText {
            try resident(spoken)
            if try keepQuietly(attachment) { try queueDownload(of: media, as: attachment) }
        } else if try attach(attachment, what: mediaName(media.kind), slot: nil) {
            try queueDownload(of: media, as: attachment)
        }
    }

    /// The attachments of `request`, with their links, to the resident who opened it (a
    /// follower's question shows none: they are another resident's photos).
    mutating func sayAttachments(of request: ServiceRequest) throws {
        guard request.resident.isSameID(user), !request.attachments.isEmpty else { return }
        say(.statusAttachments, ["attachments": try engine.attachmentLines(of: request, in: transaction, at: now)])
    }

    /// The word for a kind of media in replies (图片, 语音, 视频, 文件).
    private func mediaName(_ kind: InboundMedia.Kind) -> String {
        switch kind {
        case .image: engine.responses.render(.attachmentImageName)
        case .voice: engine.responses.render(.attachmentVoiceName)
        case .video: engine.responses.render(.attachmentVideoName)
        case .file: engine.responses.render(.attachmentFileName)
        }
    }

    /// Adds `attachment` to the open form, or to the sender's own open latest request,
    /// saying nothing; false when there is neither.
    private mutating func keepQuietly(_ attachment: String) throws -> Bool {
        if var form = conversation.form {
            form.attachments.append(attachment)
            conversation.form = form
            return true
        }
        guard let number = conversation.lastRequest, let request = try transaction.request(number: number),
              request.status.isActive, request.resident.isSameID(user) else { return false }
        try desk.attach(attachment, to: request, by: user)
        return true
    }

    private func queueDownload(of media: InboundMedia, as attachment: String, closing: Int? = nil) throws {
        try transaction.queueMediaDownload(MediaJob(channel: message.userID.channel, user: user, media: media,
                                                    attachment: attachment, closing: closing, createdAt: now))
    }

    /// A staff member's photo within `closingPhotoWithin` of 办结 N, their last command: kept
    /// on N as its closing evidence, and N's residents are told once it is downloaded.
    private mutating func closeWithPhoto(_ media: InboundMedia) throws -> Bool {
        guard media.kind == .image, let member = engine.directory.member(message.userID), let closing = conversation.recentClosing,
              now.timeIntervalSince(closing.at) <= engine.configuration.closingPhotoWithin,
              let request = try transaction.request(number: closing.number) else { return false }
        let attachment = engine.responses.render(.attachmentClosing, ["ref": media.url.flatMap { $0.isEmpty ? nil : $0 } ?? media.mediaID])
        try desk.attach(attachment, to: request, by: member.id)
        try queueDownload(of: media, as: attachment, closing: request.number)
        say(.closingPhotoAdded, ["number": request.number])
        return true
    }

    /// What a staff command leaves for a photo to close: 办结 N or 实现心愿 N when it resolved N,
    /// else nothing.
    func closing(after command: StaffCommand) throws -> RecentClosing? {
        let closed: Int?
        switch command {
        case .done(let number?, _), .fulfilWish(let number?, _): closed = number
        default: closed = nil
        }
        guard let number = closed, let request = try transaction.request(number: number),
              request.status == .resolved else { return nil }
        return RecentClosing(number: number, at: now)
    }
}
