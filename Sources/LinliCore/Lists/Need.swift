import Foundation

/// A line of the 需求清单: a resident's 微心愿, 帮办代办 request or 小困难, with the service
/// type its words name and where it stands.
public struct Need: Sendable, Codable, Equatable {
    /// Where a need stands.
    public enum Status: String, Sendable, Codable {
        /// Nobody has it yet.
        case open
        /// A match was confirmed or someone claimed it.
        case matched
        /// Resolved (rated or not).
        case fulfilled
    }

    /// The request's number.
    public var number: Int
    /// The request's intent.
    public var intent: String
    /// The community it is in, when given.
    public var community: String?
    /// The configured service type its words name, if any.
    public var serviceType: String?
    /// The resident's words, cut short.
    public var text: String
    /// Where it stands.
    public var status: Status
    /// When it was opened.
    public var openedAt: Date

    /// The longest text a list line keeps of the resident's words.
    static let textLimit = 60

    /// The need `request` is, or nil when it is not one (not a need, or cancelled);
    /// `matched` says whether a match of it was confirmed.
    init?(_ request: ServiceRequest, words: ListWords, types: [String], matched: Bool) {
        guard words.isNeed(request), request.status != .cancelled else { return nil }
        number = request.number
        intent = request.intent
        community = request.slots["community"]
        serviceType = words.serviceType(of: request.text, types: types)
        text = String(request.text.prefix(Self.textLimit))
        openedAt = request.openedAt
        switch request.status {
        case .resolved, .rated: status = .fulfilled
        case .claimed: status = .matched
        default: status = matched || request.claimer != nil ? .matched : .open
        }
    }
}
