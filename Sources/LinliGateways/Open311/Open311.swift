/// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): the shapes of its answers in
/// JSON and XML, and the parsing of its query parameters. No HTTP and no linli types: the
/// server maps requests and intents to these shapes and sends back the rendered text.
public enum Open311 {
    /// The two formats every GeoReport v2 resource is offered in, named by the path's extension.
    public enum Format: String, Sendable, CaseIterable {
        /// `application/json`.
        case json
        /// `text/xml`, UTF-8.
        case xml

        /// Splits `services.json` into `services` and `.json`; nil when the extension is neither.
        public static func split(_ file: String) -> (name: String, format: Format)? {
            guard let dot = file.lastIndex(of: "."),
                  let format = Format(rawValue: String(file[file.index(after: dot)...])) else { return nil }
            return (String(file[..<dot]), format)
        }

        /// The media type of a document in this format.
        public var contentType: String {
            switch self {
            case .json: "application/json; charset=utf-8"
            case .xml: "text/xml; charset=utf-8"
            }
        }
    }
}
