import Foundation

extension Open311 {
    /// `application/x-www-form-urlencoded` as HTML forms and Open311 clients send it.
    public enum Form {
        /// Splits `a=1&b=x+y` into names and values, `+` read as a space and `%XX` decoded;
        /// the first occurrence of a name wins, as in ``QueryString/decode(_:)``.
        ///
        /// - Throws: `GatewayError.malformedParameter` for bad percent-encoding or text that is not UTF-8.
        public static func decode(_ body: String) throws(GatewayError) -> [String: String] {
            try QueryString.decode(body.replacingOccurrences(of: "+", with: "%20"))
        }
    }
}
