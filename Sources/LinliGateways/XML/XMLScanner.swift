/// The byte-level recursive-descent parser behind ``XML/Reader``.
///
/// Works on validated UTF-8 bytes; every failure reports the byte offset where it was noticed.
struct XMLScanner {
    private let bytes: [UInt8]
    private let maxDepth: Int
    private var index = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    // MARK: Document

    mutating func document() throws(GatewayError) -> XML.Element {
        if starts(with: [0xEF, 0xBB, 0xBF]) { index += 3 }
        if starts(with: "<?xml"), index + 5 < bytes.count, isWhitespace(bytes[index + 5]) || bytes[index + 5] == UInt8(ascii: "?") {
            try declaration()
        }
        try miscellany()
        guard index < bytes.count else {
            throw failure(.malformedXML, "document has no root element")
        }
        guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count, isNameStart(bytes[index + 1]) else {
            throw failure(.malformedXML, "expected the root element")
        }
        let root = try element(depth: 1)
        try miscellany()
        guard index == bytes.count else {
            throw failure(.malformedXML, "content after the root element")
        }
        return root
    }

    /// The XML declaration: accepted only at the very start, its pseudo-attributes are not interpreted.
    private mutating func declaration() throws(GatewayError) {
        let start = index
        index += 5
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "?"), bytes[index + 1] == UInt8(ascii: ">") {
                index += 2
                return
            }
            if bytes[index] == UInt8(ascii: "<") { break }
            index += 1
        }
        index = start
        throw failure(.malformedXML, "unterminated XML declaration")
    }

    /// Whitespace and comments around the root; any other markup there is refused.
    private mutating func miscellany() throws(GatewayError) {
        while index < bytes.count {
            if isWhitespace(bytes[index]) {
                index += 1
            } else if starts(with: "<!--") {
                try comment()
            } else if starts(with: "<!") || starts(with: "<?") {
                try refuseMarkup()
            } else {
                return
            }
        }
    }

    // MARK: Elements

    private mutating func element(depth: Int) throws(GatewayError) -> XML.Element {
        guard depth <= maxDepth else {
            throw failure(.malformedXML, "elements nested deeper than \(maxDepth)")
        }
        index += 1  // "<"
        var node = XML.Element(name: try name())
        if try attributes(into: &node) {
            return node  // self-closing
        }
        var text: [UInt8] = []
        while true {
            guard index < bytes.count else {
                throw failure(.malformedXML, "unclosed element", value: node.name)
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                if starts(with: "</") {
                    try closingTag(of: node.name)
                    node.text = String(decoding: text, as: UTF8.self)
                    return node
                } else if starts(with: "<![CDATA[") {
                    try cdata(into: &text)
                } else if starts(with: "<!--") {
                    try comment()
                } else if starts(with: "<!") || starts(with: "<?") {
                    try refuseMarkup()
                } else {
                    node.children.append(try element(depth: depth + 1))
                }
            } else if byte == UInt8(ascii: "&") {
                try reference(into: &text)
            } else {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "<"), bytes[index] != UInt8(ascii: "&") {
                    index += 1
                }
                text.append(contentsOf: bytes[start..<index])
            }
        }
    }

    /// Reads attributes up to the end of a start tag; returns true for a self-closing tag.
    private mutating func attributes(into node: inout XML.Element) throws(GatewayError) -> Bool {
        while true {
            let sawWhitespace = skipWhitespace()
            guard index < bytes.count else {
                throw failure(.malformedXML, "unterminated start tag", value: node.name)
            }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                return false
            }
            if starts(with: "/>") {
                index += 2
                return true
            }
            guard sawWhitespace, isNameStart(bytes[index]) else {
                throw failure(.malformedXML, "malformed start tag", value: node.name)
            }
            let attribute = try name()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                throw failure(.malformedXML, "attribute without a value", value: attribute)
            }
            index += 1
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw failure(.malformedXML, "attribute value is not quoted", value: attribute)
            }
            let quote = bytes[index]
            index += 1
            var value: [UInt8] = []
            while true {
                guard index < bytes.count else {
                    throw failure(.malformedXML, "unterminated attribute value", value: attribute)
                }
                let byte = bytes[index]
                if byte == quote {
                    index += 1
                    break
                } else if byte == UInt8(ascii: "<") {
                    throw failure(.malformedXML, "'<' in an attribute value", value: attribute)
                } else if byte == UInt8(ascii: "&") {
                    try reference(into: &value)
                } else {
                    value.append(byte)
                    index += 1
                }
            }
            guard node.attributes[attribute] == nil else {
                throw failure(.malformedXML, "duplicate attribute", value: attribute)
            }
            node.attributes[attribute] = String(decoding: value, as: UTF8.self)
        }
    }

    private mutating func closingTag(of expected: String) throws(GatewayError) {
        let start = index
        index += 2
        guard index < bytes.count, isNameStart(bytes[index]) else {
            throw failure(.malformedXML, "malformed end tag", value: expected)
        }
        let found = try name()
        guard found == expected else {
            index = start
            // Both names are the sender's: they go in the value, which is capped, never in the message.
            throw failure(.malformedXML, "end tag does not close the open element", value: "</\(found)> for <\(expected)>")
        }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
            throw failure(.malformedXML, "unterminated end tag", value: expected)
        }
        index += 1
    }

    private mutating func name() throws(GatewayError) -> String {
        let start = index
        guard index < bytes.count, isNameStart(bytes[index]) else {
            throw failure(.malformedXML, "expected a name")
        }
        index += 1
        while index < bytes.count, isNameCharacter(bytes[index]) {
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    // MARK: Character data

    private mutating func cdata(into text: inout [UInt8]) throws(GatewayError) {
        let start = index
        index += 9  // "<![CDATA["
        guard let end = find("]]>") else {
            index = start
            throw failure(.malformedXML, "unterminated CDATA section")
        }
        text.append(contentsOf: bytes[index..<end])
        index = end + 3
    }

    private mutating func comment() throws(GatewayError) {
        let start = index
        index += 4  // "<!--"
        guard let end = find("-->") else {
            index = start
            throw failure(.malformedXML, "unterminated comment")
        }
        index = end + 3
    }

    /// Decodes `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and `&#…;` references; any other entity is refused.
    private mutating func reference(into text: inout [UInt8]) throws(GatewayError) {
        let start = index
        index += 1
        var body: [UInt8] = []
        while index < bytes.count, bytes[index] != UInt8(ascii: ";"), body.count < 12 {
            body.append(bytes[index])
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else {
            index = start
            throw failure(.malformedXML, "'&' that does not start a reference")
        }
        index += 1
        let scalar: Unicode.Scalar?
        switch String(decoding: body, as: UTF8.self) {
        case "lt": scalar = "<"
        case "gt": scalar = ">"
        case "amp": scalar = "&"
        case "quot": scalar = "\""
        case "apos": scalar = "'"
        case let reference where reference.hasPrefix("#x"):
            let digits = reference.dropFirst(2)
            scalar = digits.allSatisfy(\.isHexDigit) ? UInt32(digits, radix: 16).flatMap(Self.xmlCharacter) : nil
        case let reference where reference.hasPrefix("#"):
            let digits = reference.dropFirst(1)
            scalar = digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
                ? UInt32(digits, radix: 10).flatMap(Self.xmlCharacter) : nil
        default:
            index = start
            throw failure(.malformedXML, "undefined entity", value: String(decoding: body, as: UTF8.self))
        }
        guard let scalar else {
            index = start
            throw failure(.malformedXML, "character reference to a character XML does not allow")
        }
        text.append(contentsOf: String(Character(scalar)).utf8)
    }

    /// The scalar when `value` is a character XML 1.0 allows.
    private static func xmlCharacter(_ value: UInt32) -> Unicode.Scalar? {
        switch value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: Unicode.Scalar(value)
        default: nil
        }
    }

    // MARK: Refused markup

    /// Classifies markup the dialect refuses: declarations are the XXE and billion-laughs vector.
    private mutating func refuseMarkup() throws(GatewayError) -> Never {
        if startsCaseInsensitive(with: "<!DOCTYPE") || startsCaseInsensitive(with: "<!ENTITY") {
            throw failure(.doctypeRefused, "document type and entity declarations are refused")
        }
        if starts(with: "<?") {
            throw failure(.unsupportedMarkup, "processing instructions are refused")
        }
        throw failure(.unsupportedMarkup, "markup declarations are refused")
    }

    // MARK: Helpers

    private func failure(_ code: GatewayError.Code, _ message: String, value: String? = nil) -> GatewayError {
        GatewayError(code, message, value: value, position: index)
    }

    private func starts(with prefix: some Collection<UInt8>) -> Bool {
        bytes.count - index >= prefix.count && bytes[index..<index + prefix.count].elementsEqual(prefix)
    }

    private func starts(with prefix: String) -> Bool {
        starts(with: prefix.utf8)
    }

    private func startsCaseInsensitive(with prefix: String) -> Bool {
        let expected = Array(prefix.utf8)
        guard bytes.count - index >= expected.count else { return false }
        return zip(bytes[index..<index + expected.count], expected).allSatisfy { asciiLowercased($0) == asciiLowercased($1) }
    }

    private func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private func find(_ terminator: String) -> Int? {
        let needle = Array(terminator.utf8)
        var position = index
        while position + needle.count <= bytes.count {
            if bytes[position..<position + needle.count].elementsEqual(needle) {
                return position
            }
            position += 1
        }
        return nil
    }

    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = index
        while index < bytes.count, isWhitespace(bytes[index]) {
            index += 1
        }
        return index > start
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// ASCII letters, `_`, `:` and any non-ASCII byte, which covers XML's wider name alphabet loosely.
    private func isNameStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private func isNameCharacter(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}
