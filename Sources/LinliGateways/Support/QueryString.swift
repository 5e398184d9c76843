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
            guard let name = pieces[0].removingPercentEncoding else {
                throw GatewayError(.malformedParameter, "bad percent-encoding in a parameter name")
            }
            let rawValue = pieces.count > 1 ? pieces[1] : ""
            guard let value = rawValue.removingPercentEncoding else {
                throw GatewayError(.malformedParameter, "bad percent-encoding in a parameter value", value: name)
            }
            if result[name] == nil {
                result[name] = value
            }
        }
        return result
    }

    /// The value of `name`, or ``GatewayError/Code/missingParameter`` when it is absent or empty.
    static func required(_ name: String, in query: [String: String]) throws(GatewayError) -> String {
        guard let value = query[name], !value.isEmpty else {
            throw GatewayError(.missingParameter, "query parameter is missing", value: name)
        }
        return value
    }
}
