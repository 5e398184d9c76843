/// A stored list that decodes as empty when its key is missing, so that a field added to a
/// stored body (`ServiceRequest.extensions`) does not make older bodies unreadable.
@propertyWrapper
public struct DefaultEmpty<Value: RangeReplaceableCollection & Codable & Sendable & Equatable>: Sendable, Equatable, Codable {
    /// The list.
    public var wrappedValue: Value

    /// Wraps `wrappedValue`.
    public init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    /// Decodes the list itself (the key's value), not a wrapper around it.
    public init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode(Value.self)
    }

    /// Encodes the list itself.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

extension KeyedDecodingContainer {
    /// A missing key or a null gives the empty list.
    public func decode<Value>(_ type: DefaultEmpty<Value>.Type, forKey key: Key) throws -> DefaultEmpty<Value> {
        try decodeIfPresent(type, forKey: key) ?? DefaultEmpty(wrappedValue: Value())
    }
}
