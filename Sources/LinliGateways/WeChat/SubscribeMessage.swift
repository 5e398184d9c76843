import Foundation

/// A 订阅通知 ready for `POST /cgi-bin/message/subscribe/bizsend`: the template, the page a
/// tap opens, and each field's value cut to what its type allows.
///
/// A field's type is the key without its number (`thing1` is a `thing`). The platform refuses
/// the whole notice (47003) when one value breaks its type's rule, so values are fitted here
/// rather than sent and lost: too long is cut (text ends in `…`), characters a type does not
/// take are dropped, and a field left empty is refused before sending.
public struct SubscribeMessage: Sendable, Equatable {
    /// The template id.
    public var templateID: String
    /// The web page a tap on the notice opens, if any.
    public var page: String?
    /// Field key to its fitted value, in key order when sent.
    public var data: [String: String]

    /// Fits `values` (field key to raw text) to their types.
    ///
    /// - Throws: ``GatewayError/Code/invalidField`` naming the key when a key's type is unknown
    ///   or nothing of its value fits it.
    public init(templateID: String, page: String? = nil, values: [String: String]) throws(GatewayError) {
        self.templateID = templateID
        self.page = page
        var data: [String: String] = [:]
        for (key, raw) in values {
            guard let kind = FieldKind(key: key) else {
                throw GatewayError(.invalidField, "not a subscription notice field type", value: key)
            }
            let fitted = kind.fit(raw.trimmingCharacters(in: .whitespacesAndNewlines))
            guard !fitted.isEmpty else { throw GatewayError(.invalidField, "nothing of the value fits the field's type", value: key) }
            data[key] = fitted
        }
        self.data = data
    }

    /// The request body: `{"touser":…,"template_id":…,"page":…,"data":{"thing1":{"value":…}}}`.
    public func body(to openID: String) -> String {
        let fields = data.keys.sorted().map { "\(Webhook.jsonString($0)):{\"value\":\(Webhook.jsonString(data[$0]!))}" }
        let page = self.page.map { ",\"page\":\(Webhook.jsonString($0))" } ?? ""
        return "{\"touser\":\(Webhook.jsonString(openID)),\"template_id\":\(Webhook.jsonString(templateID))\(page),"
            + "\"data\":{\(fields.joined(separator: ","))}}"
    }

    /// The field types of MP-SUBMSG and their rules.
    enum FieldKind: String, CaseIterable {
        case thing, number, letter, symbol
        case characterString = "character_string"
        case time, date, amount
        case phoneNumber = "phone_number"
        case carNumber = "car_number"
        case name, phrase

        /// The type of `key`: its name without the trailing digits.
        init?(key: String) {
            let type = String(key.reversed().drop(while: \.isNumber).reversed())
            guard type != key, let kind = FieldKind(rawValue: type) else { return nil }
            self = kind
        }

        /// `value` cut and filtered to the type's rule.
        func fit(_ value: String) -> String {
            switch self {
            case .thing: return Self.cut(value, to: 20)
            case .number: return String(value.filter { $0.isASCII && ($0.isNumber || $0 == ".") }.prefix(32))
            case .letter: return String(value.filter { $0.isASCII && $0.isLetter }.prefix(32))
            case .symbol: return String(value.filter { $0.isASCII && ($0.isPunctuation || $0.isSymbol) }.prefix(5))
            case .characterString:
                return String(value.filter { $0.isASCII && !$0.isWhitespace && !$0.isNewline && $0.asciiValue! >= 0x21 }.prefix(32))
            case .time, .date, .amount: return String(value.prefix(40))
            case .phoneNumber: return String(value.filter { $0.isASCII && ($0.isNumber || "+-()".contains($0)) }.prefix(17))
            case .carNumber: return String(value.filter { !$0.isWhitespace }.prefix(8))
            case .name:
                // Ten characters when any is Chinese, twenty otherwise.
                let hasHan = value.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
                return String(value.prefix(hasHan ? 10 : 20))
            case .phrase: return String(value.filter { $0.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) } }.prefix(5))
            }
        }

        /// `text` in at most `limit` characters, ending in `…` when cut.
        static func cut(_ text: String, to limit: Int) -> String {
            text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
        }
    }
}
