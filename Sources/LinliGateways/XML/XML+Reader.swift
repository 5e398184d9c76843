extension XML {
    /// Parses one document into its root ``Element``, refusing everything the platforms never send.
    public struct Reader: Sendable {
        /// Inputs longer than this many bytes are refused before parsing.
        public var maxBytes: Int
        /// The deepest element nesting accepted; the root is depth 1 (news replies need 4).
        public var maxDepth: Int

        /// Creates a reader with the given bounds (64 KiB and depth 8 by default).
        public init(maxBytes: Int = 65_536, maxDepth: Int = 8) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
        }

        /// Parses `input` (UTF-8) and returns the root element.
        public func parse(_ input: some Collection<UInt8>) throws(GatewayError) -> Element {
            guard input.count <= maxBytes else {
                throw GatewayError(.bodyTooLarge, "XML document exceeds the size cap", value: "\(input.count) bytes")
            }
            let bytes = Array(input)
            guard String(validating: bytes, as: UTF8.self) != nil else {
                throw GatewayError(.malformedXML, "document is not valid UTF-8")
            }
            // XML 1.0 allows no C0 control but tab, LF and CR, raw or as a reference (the scanner
            // refuses `&#1;`); NUL in particular cannot be stored in a PostgreSQL TEXT column.
            if let position = bytes.firstIndex(where: ControlCharacters.isForbiddenInText) {
                throw GatewayError(
                    .malformedXML, "control character XML does not allow",
                    value: ControlCharacters.describe(bytes[position]), position: position)
            }
            var scanner = XMLScanner(bytes: bytes, maxDepth: maxDepth)
            return try scanner.document()
        }

        /// Parses a string; convenience for callers that already hold text.
        public func parse(_ text: String) throws(GatewayError) -> Element {
            try parse(Array(text.utf8))
        }
    }
}
