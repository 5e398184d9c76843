import ArgumentParser
import Foundation
import LinliCore

/// How office commands print: an aligned table, CSV for a spreadsheet, or JSON.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// Table and CSV rendering shared by `report` and `requests`.
enum Tabular {
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(displayWidth)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], displayWidth(cell)) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in cell + String(repeating: " ", count: widths[i] - displayWidth(cell)) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    static func csv(_ header: [String], _ rows: [[String]], bom: Bool) -> String {
        CSV.text(header, rows, bom: bom)
    }

    /// Wide (CJK) characters take two columns on a terminal.
    private static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 && ($1.value <= 0x115F || $1.value >= 0x2E80) ? 2 : 1) }
    }

    static func number(_ value: Double?, digits: Int = 1) -> String {
        value.map { String(format: "%.\(digits)f", $0) } ?? "-"
    }

    static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
