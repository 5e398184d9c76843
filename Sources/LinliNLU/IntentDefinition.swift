/// One intent as written in `intents/<id>.yaml`.
public struct IntentDefinition: Sendable, Codable, Equatable {
    /// What linli does with a message of an intent, declared as `kind:` in its YAML, so that
    /// the dialogue follows the data rather than intent ids.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A problem at a shared place: a form, then a request; a neighbour's report of the
        /// same thing at the same address is linked to it.
        case report
        /// One resident's own case (a service, an errand, a dispute): a form, then a request
        /// that is never merged with another resident's.
        case service
        /// Answered with the response template named like the intent; a form waits meanwhile.
        case smalltalk
        /// Drops the form being filled, or withdraws the resident's latest request.
        case cancel
        /// Lists the resident's requests and where they stand.
        case status
        /// Opens a request for a person to call back, at once and without a form.
        case handoff
        /// Rates the resident's last request when the message reads as a rating; thanks otherwise.
        case rating
        /// Answered from the FAQ of `responses/`; a form waits meanwhile.
        case question
        /// Nothing linli handles: answered as a message it did not understand.
        case fallback

        /// Whether an intent of this kind opens a service request.
        public var opensRequest: Bool {
            switch self {
            case .report, .service, .handoff: true
            case .smalltalk, .cancel, .status, .rating, .question, .fallback: false
            }
        }
    }

    /// The stable id: requests store it, so it never changes once in use.
    public var id: String
    /// The Chinese name shown to people.
    public var name: String
    /// What residents mean by it.
    public var description: String
    /// Example messages: the classifier's training data.
    public var examples: [String]
    /// Short phrases that strongly suggest this intent.
    public var keywords: [String]
    /// Regular expressions over the normalised text that suggest this intent.
    public var patterns: [String]
    /// Slots a request of this intent needs before it can be opened.
    public var requiredSlots: [String]
    /// What linli does with a message of this intent.
    public var kind: Kind
    /// Whether this intent opens a service request; its kind decides.
    public var opensRequest: Bool { kind.opensRequest }
    /// Who handles it: `grid_worker`, `party_member`, `admin`, `department:NAME` or `none`.
    public var route: String

    /// Creates a definition.
    public init(id: String, name: String, description: String = "", examples: [String], keywords: [String] = [],
                patterns: [String] = [], requiredSlots: [String] = [], kind: Kind = .report, route: String = "none") {
        self.id = id
        self.name = name
        self.description = description
        self.examples = examples
        self.keywords = keywords
        self.patterns = patterns
        self.requiredSlots = requiredSlots
        self.kind = kind
        self.route = route
    }

    enum CodingKeys: String, CodingKey {
        case version, id, name, description, examples, keywords, patterns
        case requiredSlots = "required_slots"
        case opensRequest = "opens_request"
        case kind, route
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        examples = try container.decode([String].self, forKey: .examples)
        keywords = try container.decodeIfPresent([String].self, forKey: .keywords) ?? []
        patterns = try container.decodeIfPresent([String].self, forKey: .patterns) ?? []
        requiredSlots = try container.decodeIfPresent([String].self, forKey: .requiredSlots) ?? []
        let kindName = try container.decode(String.self, forKey: .kind)
        guard let kind = Kind(rawValue: kindName) else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription:
                "unknown kind '\(kindName)'; it is one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.kind = kind
        // Redundant with the kind, kept because interface.md names it: it must agree.
        if let opens = try container.decodeIfPresent(Bool.self, forKey: .opensRequest), opens != kind.opensRequest {
            throw DecodingError.dataCorruptedError(forKey: .opensRequest, in: container, debugDescription:
                "opens_request: \(opens) contradicts kind: \(kindName), which \(opens ? "opens no request" : "opens a request")")
        }
        route = try container.decodeIfPresent(String.self, forKey: .route) ?? "none"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(1, forKey: .version)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(kind, forKey: .kind)
        try container.encode(opensRequest, forKey: .opensRequest)
        try container.encode(route, forKey: .route)
        try container.encode(requiredSlots, forKey: .requiredSlots)
        try container.encode(keywords, forKey: .keywords)
        try container.encode(patterns, forKey: .patterns)
        try container.encode(examples, forKey: .examples)
    }
}
