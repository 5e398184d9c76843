/// The control characters message text and identifiers may not carry.
///
/// Text keeps tab, LF and CR, the only C0 controls XML 1.0 allows; identifiers keep none
/// (``UserID/isAllowed(_:)``), since they end up as database keys and in log lines.
enum ControlCharacters {
    /// Whether `byte` is a C0 control other than tab, LF and CR (UTF-8 never uses these bytes inside a longer sequence).
    static func isForbiddenInText(_ byte: UInt8) -> Bool {
        byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
    }

    /// Whether `text` holds a C0 control other than tab, LF and CR.
    static func forbiddenInText(_ text: String) -> Bool {
        text.utf8.contains(where: isForbiddenInText)
    }

    /// `U+0001`-style text for a byte, safe to put in an error.
    static func describe(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
