import LinliCore

/// One 订阅通知 template of the account, as the configuration maps a notice kind to it
/// (`wechat.subscribe_templates`): its id, whether consents to it last (长期订阅, for
/// 政务民生 accounts), the page a tap opens, and each field's words with `{{name}}` places
/// filled from a `RequestNotice`'s values.
public struct SubscribeTemplate: Sendable, Equatable {
    /// The template's id.
    public var templateID: String
    /// Whether a consent stays after a notice is sent.
    public var longTerm: Bool
    /// The page a tap opens, with `{{number}}` filled, if any.
    public var page: String?
    /// Field key (`thing1`, `time4` …) to its words.
    public var fields: [String: String]

    /// Creates a template, checking that every field key has a type the platform knows.
    ///
    /// - Throws: ``GatewayError/Code/invalidConfiguration`` naming the key otherwise, or when there are no fields.
    public init(templateID: String, longTerm: Bool = false, page: String? = nil, fields: [String: String]) throws(GatewayError) {
        guard !templateID.isEmpty, !fields.isEmpty else {
            throw GatewayError(.invalidConfiguration, "a subscription template needs an id and fields", value: templateID)
        }
        for key in fields.keys where SubscribeMessage.FieldKind(key: key) == nil {
            throw GatewayError(.invalidConfiguration, "not a subscription notice field type", value: key)
        }
        self.templateID = templateID
        self.longTerm = longTerm
        self.page = page
        self.fields = fields
    }

    /// The notice for `notice`: each field's words with its values put in, fitted to the field's type.
    ///
    /// - Throws: ``GatewayError/Code/invalidField`` when a field is left with nothing that fits.
    public func message(for notice: RequestNotice) throws(GatewayError) -> SubscribeMessage {
        func fill(_ words: String) -> String {
            notice.values.reduce(words) { text, value in text.replacingOccurrences(of: "{{\(value.key)}}", with: value.value) }
        }
        return try SubscribeMessage(templateID: templateID, page: page.map(fill), values: fields.mapValues(fill))
    }
}
