import Foundation

/// Decoding of raw URL query strings the way the platforms expect.
public enum QueryString {
    /// Splits `a=1&b=2` and percent-decodes names and values; the first occurrence of a name wins.
    ///
    /// `+` is kept as `+`: the base64 `echostr` of WeCom contains it, and form decoding
    /// (`+` as space) would break the signature.
    public static func decode(_ raw: String) throws(GatewayError) -> [String: String] {
        var result: [String: String] = [:]
        let trimmed = raw.hasPrefix("?") ? String(raw.dropFirst()) : raw
        for pair in trimmed.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = percentDecoded(pieces[0]) else {
                throw GatewayError(.malformedParameter, "bad percent-encoding in a parameter name")
            }
            let rawValue = pieces.count > 1 ? pieces[1] : ""
            guard let value = percentDecoded(rawValue) else {
                throw GatewayError(.malformedParameter, "bad percent-encoding in a parameter value", value: name)
            }
            if result[name] == nil {
                result[name] = value
            }
        }
        return result
    }

    /// `text` with each `%XX` replaced by its byte; nil when a `%` is not followed by two hex
    /// digits or the bytes are not UTF-8 (as Foundation's `removingPercentEncoding`, which
    /// costs several times more: it goes through NSString on Linux, for every message).
    public static func percentDecoded(_ text: Substring) -> String? {
        let percent = UInt8(ascii: "%")
        guard text.utf8.contains(percent) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == percent else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The value of `name`, or ``GatewayError/Code/missingParameter`` when it is absent or empty.
    static func required(_ name: String, in query: [String: String]) throws(GatewayError) -> String {
        guard let value = query[name], !value.isEmpty else {
            throw GatewayError(.missingParameter, "query parameter is missing", value: name)
        }
        return value
    }
}
