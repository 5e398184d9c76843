extension Open311 {
    /// One field's value in an Open311 document.
    public enum Value: Sendable, Equatable {
        /// Text; escaped for the format.
        case string(String)
        /// A whole number, bare in both formats.
        case integer(Int)
        /// A number with a fraction (a coordinate), written to six places, about 0.1 m.
        case number(Double)
        /// A JSON boolean (`true`, not `"true"`); `true`/`false` in XML.
        case boolean(Bool)
        /// JSON `null`; an empty element in XML, as the spec's examples write absent values.
        case null
        /// A nested list of records, each an element named `item` in XML (`attributes` of `attribute`).
        case list(item: String, [Record])

        /// How a `.number` is written in both formats.
        static func decimal(_ number: Double) -> String {
            String(format: "%.6f", number)
        }

        /// `.string(text)`, or `.null` when `text` is nil.
        public static func optional(_ text: String?) -> Value {
            text.map(Value.string) ?? .null
        }
    }

    /// An ordered set of fields: one service, one request, one error. The order is the spec's,
    /// in both formats.
    public struct Record: Sendable, Equatable {
        /// The fields, in the order they are written.
        public var fields: [(name: String, value: Value)]

        /// Creates a record from its fields in order.
        public init(_ fields: [(name: String, value: Value)]) {
            self.fields = fields
        }

        public static func == (lhs: Record, rhs: Record) -> Bool {
            lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
        }
    }

    /// A top-level answer: a list of records (`services` of `service`), or one record
    /// (`service_definition`), in either format.
    public struct Document: Sendable, Equatable {
        /// The XML root element.
        public var root: String
        /// The XML element of each record; nil when the document is a single record (the root itself).
        public var item: String?
        /// The records.
        public var records: [Record]

        /// A list document: a JSON array, an XML `root` holding one `item` per record.
        public init(list root: String, of item: String, _ records: [Record]) {
            self.root = root
            self.item = item
            self.records = records
        }

        /// A single-record document: a JSON object, the XML `root` holding its fields.
        public init(single root: String, _ record: Record) {
            self.root = root
            self.item = nil
            self.records = [record]
        }

        /// The document as text in `format`.
        public func rendered(_ format: Format) -> String {
            switch format {
            case .json: json
            case .xml: xml
            }
        }

        /// JSON: an array of objects, or the one object.
        public var json: String {
            var output = ""
            if item == nil, let record = records.first {
                JSONText.write(record, to: &output)
            } else {
                JSONText.write(records, to: &output)
            }
            return output
        }

        /// XML 1.0 in UTF-8 with its declaration.
        public var xml: String {
            var writer = XML.Writer(root: root)
            if let item {
                for record in records {
                    writer.open(item)
                    Self.write(record, to: &writer)
                    writer.close()
                }
            } else if let record = records.first {
                Self.write(record, to: &writer)
            }
            return #"<?xml version="1.0" encoding="utf-8"?>"# + writer.document
        }

        private static func write(_ record: Record, to writer: inout XML.Writer) {
            for (name, value) in record.fields {
                switch value {
                case .string(let text): writer.text(name, text)
                case .integer(let number): writer.number(name, number)
                case .number(let number): writer.text(name, Open311.Value.decimal(number))
                case .boolean(let flag): writer.text(name, flag ? "true" : "false")
                case .null: writer.text(name, "")
                case .list(let item, let records):
                    writer.open(name)
                    for nested in records {
                        writer.open(item)
                        write(nested, to: &writer)
                        writer.close()
                    }
                    writer.close()
                }
            }
        }
    }
}

/// Writes JSON by hand, so that fields keep the spec's order (Foundation's encoder sorts or shuffles them).
private enum JSONText {
    static func write(_ records: [Open311.Record], to output: inout String) {
        output += "["
        for (index, record) in records.enumerated() {
            if index > 0 { output += "," }
            write(record, to: &output)
        }
        output += "]"
    }

    static func write(_ record: Open311.Record, to output: inout String) {
        output += "{"
        for (index, field) in record.fields.enumerated() {
            if index > 0 { output += "," }
            string(field.name, to: &output)
            output += ":"
            switch field.value {
            case .string(let text): string(text, to: &output)
            case .integer(let number): output += String(number)
            case .number(let number): output += Open311.Value.decimal(number)
            case .boolean(let flag): output += flag ? "true" : "false"
            case .null: output += "null"
            case .list(_, let records): write(records, to: &output)
            }
        }
        output += "}"
    }

    /// The webhook's escaping: the same bytes for the same text across linli's JSON.
    static func string(_ text: String, to output: inout String) {
        output += Webhook.jsonString(text)
    }
}
