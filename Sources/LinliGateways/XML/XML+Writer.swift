extension XML {
    /// Builds reply documents: strings in CDATA, numbers bare, as the platforms' own examples do.
    ///
    /// Element names come from code, never from input, so they are written as given.
    public struct Writer: Sendable {
        private var output: String
        private var open: [String]
        private let separator: String

        /// Starts a document with root `root`; `separator` goes before every tag after the first (`"\n"` or `""`).
        public init(root: String = "xml", separator: String = "") {
            self.output = "<\(root)>"
            self.open = [root]
            self.separator = separator
        }

        /// Appends `<name><![CDATA[value]]></name>`.
        public mutating func cdata(_ name: String, _ value: String) {
            output += "\(separator)<\(name)>\(XML.cdata(value))</\(name)>"
        }

        /// Appends `<name>value</name>` with `&`, `<` and `>` escaped.
        public mutating func text(_ name: String, _ value: String) {
            output += "\(separator)<\(name)>\(XML.escape(value))</\(name)>"
        }

        /// Appends `<name>123</name>`.
        public mutating func number(_ name: String, _ value: some BinaryInteger) {
            output += "\(separator)<\(name)>\(value)</\(name)>"
        }

        /// Opens a nested element such as `<Articles>`; close it with ``close()``.
        public mutating func open(_ name: String) {
            output += "\(separator)<\(name)>"
            open.append(name)
        }

        /// Closes the innermost open element; closing the root is left to ``document``.
        public mutating func close() {
            guard open.count > 1, let name = open.popLast() else { return }
            output += "\(separator)</\(name)>"
        }

        /// The finished document, with every element still open closed.
        public var document: String {
            var result = output
            for name in open.reversed() {
                result += "\(separator)</\(name)>"
            }
            return result
        }
    }

    /// Wraps `value` in CDATA; a `]]>` inside is split across two sections so it survives intact.
    public static func cdata(_ value: String) -> String {
        let safe = replacingForbiddenCharacters(value)
        return "<![CDATA[" + safe.replacing("]]>", with: "]]]]><![CDATA[>") + "]]>"
    }

    /// Escapes `&`, `<` and `>` for use as element text.
    public static func escape(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for character in replacingForbiddenCharacters(value) {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Characters XML 1.0 cannot carry even in CDATA (most C0 controls, U+FFFE/U+FFFF) become U+FFFD,
    /// so generated text can never make a reply unparseable.
    static func replacingForbiddenCharacters(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { !isAllowed($0) }) else { return value }
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            scalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
        }
        return String(scalars)
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
