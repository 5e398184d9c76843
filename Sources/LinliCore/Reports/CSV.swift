import Foundation

/// CSV as the office's spreadsheet reads it, for `linli requests`, `linli report` and the
/// console's exports alike.
public enum CSV {
    /// The header and rows as CSV text; with `bom` it starts with a UTF-8 byte order mark,
    /// without which Excel reads UTF-8 Chinese as mojibake.
    public static func text(_ header: [String], _ rows: [[String]], bom: Bool) -> String {
        (bom ? "\u{FEFF}" : "") + ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n")
    }

    /// A field, quoted when it holds a comma, a quote or a line break.
    private static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
