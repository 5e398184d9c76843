import Foundation

/// One attachment of a request as those who serve it see it: its text, and where the
/// download of the media behind it stands. 详情 writes it as a line; the console draws it.
public struct AttachmentView: Sendable, Equatable {
    /// Where the media behind an attachment stands.
    public enum State: Sendable, Equatable {
        /// Nothing to download: a location, or a link the platform gave.
        case plain
        /// Queued, not stored yet.
        case pending
        /// Stored: `link` is its signed link, when links are configured.
        case stored(link: String?)
        /// Never to be had: expired on the platform, or against a rule.
        case lost
    }

    /// The attachment's text as the request keeps it.
    public var attachment: String
    /// The kind of media behind it, when a download was queued for it.
    public var kind: InboundMedia.Kind?
    /// Where its download stands.
    public var state: State
    /// Whether it is the photo staff sent after 办结 as evidence of the finished work.
    public var isClosingPhoto: Bool

    /// Creates a view.
    public init(attachment: String, kind: InboundMedia.Kind? = nil, state: State = .plain, isClosingPhoto: Bool = false) {
        self.attachment = attachment
        self.kind = kind
        self.state = state
        self.isClosingPhoto = isClosingPhoto
    }
}

extension Engine {
    /// The attachments of `request` with where their downloads stand, signed links made at
    /// `now`; in the request's order.
    public func attachmentViews(of request: ServiceRequest, in transaction: any StoreTransaction, at now: Date) throws -> [AttachmentView] {
        guard !request.attachments.isEmpty else { return [] }
        let jobs = try transaction.mediaJobs(attachments: request.attachments)
        return request.attachments.map { attachment in
            guard let job = jobs[attachment] else { return AttachmentView(attachment: attachment) }
            let state: AttachmentView.State = switch job.state {
            case .stored: .stored(link: job.storedMedia.flatMap { id in configuration.mediaLinks?.link(to: id, at: now) })
            case .lost: .lost
            case .pending: .pending
            }
            return AttachmentView(attachment: attachment, kind: job.media.kind, state: state, isClosingPhoto: job.closing != nil)
        }
    }
}
