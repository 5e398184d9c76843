import PostgresNIO

/// Every string the store binds goes through here: PostgreSQL's TEXT cannot hold U+0000,
/// and binding one fails the statement ("invalid byte sequence for encoding UTF8: 0x00").
/// A message carrying one would then fail its transaction on every retry, the platform's
/// included: a report that can never be submitted. So NUL becomes U+FFFD (the replacement
/// character) at the store boundary, for writes and lookups alike, and the message is
/// handled. SQLite keeps NUL as it is; the gateways refuse control characters before that.
///
/// These overloads are not generic, so Swift picks them over PostgresNIO's generic ones for
/// every `\(string)` in a query of this module.
extension PostgresQuery.StringInterpolation {
    /// Binds `value` with each NUL replaced by U+FFFD.
    mutating func appendInterpolation(_ value: String) {
        bind(Self.withoutNUL(value))
    }

    /// Binds `value` (NULL when nil) with each NUL replaced by U+FFFD.
    mutating func appendInterpolation(_ value: String?) {
        bind(value.map(Self.withoutNUL))
    }

    /// Binds `values` as a text array, each NUL replaced by U+FFFD.
    mutating func appendInterpolation(_ values: [String]) {
        bind(values.map(Self.withoutNUL))
    }

    /// `text` with U+0000 replaced by U+FFFD; the same string when it has none (the usual case).
    static func withoutNUL(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
    }

    /// PostgresNIO's binding of `value` (generic, so it does not call back into the overloads above).
    private mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) {
        appendInterpolation(value)
    }

    /// PostgresNIO's binding of `value` or NULL.
    private mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) {
        appendInterpolation(value)
    }
}
