/// One intent as written in `intents/<id>.yaml`.
public struct IntentDefinition: Sendable, Codable, Equatable {
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
    /// Whether this intent opens a service request.
    public var opensRequest: Bool
    /// Who handles it: `grid_worker`, `party_member`, `admin`, `department:NAME` or `none`.
    public var route: String

    /// Creates a definition.
    public init(id: String, name: String, description: String = "", examples: [String], keywords: [String] = [],
                patterns: [String] = [], requiredSlots: [String] = [], opensRequest: Bool = false, route: String = "none") {
        self.id = id
        self.name = name
        self.description = description
        self.examples = examples
        self.keywords = keywords
        self.patterns = patterns
        self.requiredSlots = requiredSlots
        self.opensRequest = opensRequest
        self.route = route
    }

    enum CodingKeys: String, CodingKey {
        case version, id, name, description, examples, keywords, patterns
        case requiredSlots = "required_slots"
        case opensRequest = "opens_request"
        case route
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
        opensRequest = try container.decodeIfPresent(Bool.self, forKey: .opensRequest) ?? false
        route = try container.decodeIfPresent(String.self, forKey: .route) ?? "none"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(1, forKey: .version)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(opensRequest, forKey: .opensRequest)
        try container.encode(route, forKey: .route)
        try container.encode(requiredSlots, forKey: .requiredSlots)
        try container.encode(keywords, forKey: .keywords)
        try container.encode(patterns, forKey: .patterns)
        try container.encode(examples, forKey: .examples)
    }
}
