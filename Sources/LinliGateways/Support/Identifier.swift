import LinliCore

/// The bounds every user and message identifier from outside must keep.
///
/// Identifiers become primary keys, rate-limiter keys and log fields, so their size is
/// bounded; they are compared byte for byte, so invisible characters are refused.
public enum Identifier {
    /// The longest identifier accepted, in UTF-8 bytes: a user id's bound.
    public static let maxBytes = UserID.maxBytes

    /// What an identifier may consist of.
    enum Alphabet {
        /// Printable ASCII (U+0020–U+007E): ids of the JSON channel, where look-alike
        /// Unicode spellings of a staff id must not exist at all.
        case printableASCII
        /// Any character but controls: platform-assigned ids.
        case noControls
    }

    /// Throws ``GatewayError/Code/invalidField`` naming `field` when `value` is longer than
    /// ``maxBytes`` or holds a character outside `alphabet`.
    static func check(_ value: String, field: String, alphabet: Alphabet) throws(GatewayError) {
        guard value.utf8.count <= maxBytes else {
            throw GatewayError(.invalidField, "identifier is longer than \(maxBytes) bytes", value: field)
        }
        let allowed: (Unicode.Scalar) -> Bool = switch alphabet {
        case .printableASCII: { (0x20...0x7E).contains($0.value) }
        case .noControls: UserID.isAllowed
        }
        guard value.unicodeScalars.allSatisfy(allowed) else {
            throw GatewayError(.invalidField, "identifier holds a character that is not allowed", value: field)
        }
    }
}
