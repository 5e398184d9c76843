import Foundation

/// A resident's answer to a 订阅通知 pop-up for one template: WeChat lets a service account
/// send a notice outside the 48-hour window only against such a consent.
public struct NoticeConsentChoice: Sendable, Equatable {
    /// The template's id.
    public var templateID: String
    /// Whether they agreed.
    public var accepted: Bool

    /// Creates a choice.
    public init(templateID: String, accepted: Bool) {
        self.templateID = templateID
        self.accepted = accepted
    }
}

/// One stored consent: each 同意 is one notice of that template for a one-time template; a
/// long-term template (allowed for 政务民生 accounts) is not used up by sending.
public struct NoticeConsent: Sendable, Equatable {
    /// The resident's channel-qualified id.
    public var user: String
    /// The template's id.
    public var templateID: String
    /// When they agreed.
    public var grantedAt: Date
    /// When a notice used it, if one did.
    public var usedAt: Date?

    /// Creates a consent.
    public init(user: String, templateID: String, grantedAt: Date, usedAt: Date? = nil) {
        self.user = user
        self.templateID = templateID
        self.grantedAt = grantedAt
        self.usedAt = usedAt
    }
}

/// What the stores keep of consents.
public protocol NoticeConsentStore {
    /// Records that `user` agreed to one notice of `templateID` at `date`.
    func grantNoticeConsent(user: String, templateID: String, at date: Date) throws
    /// Forgets every unused consent of `user` for `templateID` (they declined or turned the
    /// notices off): none of them may be used any more.
    func withdrawNoticeConsents(user: String, templateID: String) throws
    /// Takes a consent of `user` for `templateID` for a notice sent at `date`: a one-time
    /// template's oldest unused consent is marked used; a long-term template's is only
    /// looked for. False when there is none.
    func useNoticeConsent(user: String, templateID: String, longTerm: Bool, at date: Date) throws -> Bool
    /// Every consent of `user`, oldest first.
    func noticeConsents(of user: String) throws -> [NoticeConsent]
}
