extension XML {
    /// One element: its name, attributes, character data (text and CDATA joined) and child elements.
    public struct Element: Sendable, Equatable {
        /// The tag name, case-sensitive as on the wire.
        public var name: String
        /// Attributes by name; the platforms send none, but they are parsed rather than refused.
        public var attributes: [String: String]
        /// All character data directly inside the element, entities decoded, CDATA unwrapped.
        public var text: String
        /// Child elements in document order.
        public var children: [Element]

        /// Creates an element.
        public init(name: String, attributes: [String: String] = [:], text: String = "", children: [Element] = []) {
            self.name = name
            self.attributes = attributes
            self.text = text
            self.children = children
        }

        /// The first child called `name`.
        public func child(_ name: String) -> Element? {
            children.first { $0.name == name }
        }

        /// The text of the first child called `name`, the usual way to read a field.
        public func value(_ name: String) -> String? {
            child(name)?.text
        }
    }
}
