import Foundation
import LinliCore

extension WeChat.Message {
    /// Builds a message from a decrypted, authenticated `<xml>` document.
    ///
    /// Unknown elements are ignored; fields a type requires throw ``GatewayError/Code/missingField``
    /// and unparsable numbers ``GatewayError/Code/invalidField``, each naming the element, as does
    /// a `FromUserName` (OpenID or WeCom UserID) outside the bounds of ``Identifier``.
    public init(xml root: XML.Element) throws(GatewayError) {
        guard root.name == "xml" else {
            throw GatewayError(.malformedXML, "root element is not <xml>", value: root.name)
        }
        var fields: [String: String] = [:]
        for child in root.children where child.children.isEmpty && fields[child.name] == nil {
            fields[child.name] = child.text
        }
        let reader = FieldReader(fields: fields)
        let msgType = try reader.required("MsgType")
        let content: Content
        switch msgType.lowercased() {
        case "text":
            content = .text(try reader.present("Content"))
        case "image":
            content = .image(picURL: try reader.required("PicUrl"), mediaID: try reader.required("MediaId"))
        case "voice":
            content = .voice(
                mediaID: try reader.required("MediaId"), format: try reader.required("Format"),
                recognition: reader.optional("Recognition"))
        case "location":
            content = .location(
                latitude: try reader.double("Location_X"), longitude: try reader.double("Location_Y"),
                scale: try reader.optionalDouble("Scale"), label: reader.optional("Label"))
        case "link":
            content = .link(
                title: try reader.present("Title"), description: reader.optional("Description"),
                url: try reader.required("Url"))
        case "event":
            content = .event(try Self.event(reader, root))
        default:
            content = .other(type: msgType)
        }
        let fromUserName = try reader.required("FromUserName")
        try Identifier.check(fromUserName, field: "FromUserName", alphabet: .noControls)
        self.init(
            toUserName: try reader.required("ToUserName"),
            fromUserName: fromUserName,
            createTime: try reader.integer("CreateTime"),
            msgType: msgType,
            msgID: try reader.optionalUnsigned("MsgId"),
            agentID: try reader.optionalInteger("AgentID").map { Int($0) },
            content: content,
            fields: fields)
    }

    private static func event(_ reader: FieldReader, _ root: XML.Element) throws(GatewayError) -> Event {
        let name = try reader.required("Event")
        switch name.lowercased() {
        case "subscribe":
            return .subscribe(eventKey: reader.optional("EventKey"), ticket: reader.optional("Ticket"))
        case "unsubscribe":
            return .unsubscribe
        case "scan":
            return .scan(eventKey: try reader.present("EventKey"), ticket: reader.optional("Ticket"))
        case "location":
            return .location(
                latitude: try reader.double("Latitude"), longitude: try reader.double("Longitude"),
                precision: try reader.optionalDouble("Precision"))
        case "click":
            return .click(eventKey: try reader.present("EventKey"))
        case "view":
            return .view(url: try reader.present("EventKey"), menuID: reader.optional("MenuId"))
        case "enter_agent":
            return .enterAgent
        case "subscribe_msg_popup_event", "subscribe_msg_change_event":
            return .subscriptionChoices(try subscriptionChoices(root))
        default:
            return .other(name: name, eventKey: reader.optional("EventKey"))
        }
    }
}

extension WeChat.Message {
    /// The `<List>` entries of a 订阅通知 event: under `SubscribeMsgPopupEvent`, or
    /// `SubscribeMsgChangeEvent` (the platform's own example of the change event names the
    /// pop-up's element, so either is read). A status other than accept or reject (a
    /// template the platform banned or filtered) is no answer and is left out.
    static func subscriptionChoices(_ root: XML.Element) throws(GatewayError) -> [NoticeConsentChoice] {
        let containers = root.children.filter { $0.name == "SubscribeMsgPopupEvent" || $0.name == "SubscribeMsgChangeEvent" }
        var choices: [NoticeConsentChoice] = []
        for entry in containers.flatMap(\.children) where entry.name == "List" {
            var fields: [String: String] = [:]
            for child in entry.children where child.children.isEmpty { fields[child.name] = child.text }
            let reader = FieldReader(fields: fields)
            let templateID = try reader.required("TemplateId")
            try Identifier.check(templateID, field: "TemplateId", alphabet: .noControls)
            switch try reader.required("SubscribeStatusString").lowercased() {
            case "accept": choices.append(NoticeConsentChoice(templateID: templateID, accepted: true))
            case "reject": choices.append(NoticeConsentChoice(templateID: templateID, accepted: false))
            default: continue
            }
        }
        guard !choices.isEmpty else {
            throw GatewayError(.missingField, "a subscription notice event without a template's answer", value: "SubscribeMsgPopupEvent")
        }
        return choices
    }
}

/// Typed access to the leaf fields of a message, with errors that name the element.
private struct FieldReader {
    let fields: [String: String]

    /// Present and not empty.
    func required(_ name: String) throws(GatewayError) -> String {
        guard let value = fields[name], !value.isEmpty else {
            throw GatewayError(.missingField, "required element is missing or empty", value: name)
        }
        return value
    }

    /// Present, possibly empty: an empty `Content` or `EventKey` is still a well-formed push.
    func present(_ name: String) throws(GatewayError) -> String {
        guard let value = fields[name] else {
            throw GatewayError(.missingField, "required element is missing", value: name)
        }
        return value
    }

    func optional(_ name: String) -> String? {
        fields[name]
    }

    func integer(_ name: String) throws(GatewayError) -> Int64 {
        let text = try required(name)
        guard let value = Int64(trimmed(text)) else {
            throw GatewayError(.invalidField, "element is not an integer", value: name)
        }
        return value
    }

    func optionalInteger(_ name: String) throws(GatewayError) -> Int64? {
        guard let text = fields[name], !trimmed(text).isEmpty else { return nil }
        return try integer(name)
    }

    func optionalUnsigned(_ name: String) throws(GatewayError) -> UInt64? {
        guard let text = fields[name], !trimmed(text).isEmpty else { return nil }
        guard let value = UInt64(trimmed(text)) else {
            throw GatewayError(.invalidField, "element is not a 64-bit unsigned integer", value: name)
        }
        return value
    }

    func double(_ name: String) throws(GatewayError) -> Double {
        let text = try required(name)
        guard let value = Double(trimmed(text)), value.isFinite else {
            throw GatewayError(.invalidField, "element is not a decimal number", value: name)
        }
        return value
    }

    func optionalDouble(_ name: String) throws(GatewayError) -> Double? {
        guard let text = fields[name], !trimmed(text).isEmpty else { return nil }
        return try double(name)
    }

    /// Numbers arrive bare or in CDATA, and hand-written or pretty-printed documents may pad them with whitespace.
    /// `text` without leading and trailing white space and newlines (in Swift rather than
    /// Foundation's `trimmingCharacters`, which goes through NSString for every number).
    private func trimmed(_ text: String) -> Substring {
        let end = text.lastIndex { !$0.isWhitespace }.map { text.index(after: $0) } ?? text.startIndex
        let start = text[..<end].firstIndex { !$0.isWhitespace } ?? end
        return text[start..<end]
    }
}
