extension Webhook {
    /// The synchronous answer `{"replies":[{"text":…},…]}`.
    public static func encodeReplies(_ texts: [String]) -> String {
        let items = texts.map { "{\"text\":\(jsonString($0))}" }
        return "{\"replies\":[\(items.joined(separator: ","))]}"
    }

    /// A later message for the callback URL, `{"user_id":…,"text":…}`; sign the exact returned bytes.
    public static func encodeCallback(userID: String, text: String) -> String {
        "{\"user_id\":\(jsonString(userID)),\"text\":\(jsonString(text))}"
    }

    /// A JSON string literal; written by hand so that field order and bytes are fixed, which
    /// matters because the receiver checks an HMAC over exactly these bytes.
    static func jsonString(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            // U+2028/2029 are valid JSON but break JavaScript consumers that eval or embed it.
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
