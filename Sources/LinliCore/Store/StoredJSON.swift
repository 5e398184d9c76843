import Foundation

/// Encodes and decodes the JSON the stores keep in text columns (request bodies,
/// conversations, replies), in one format for SQLite and PostgreSQL, so that data moved
/// between them reads back equal.
///
/// Dates inside the JSON use the same Unix milliseconds as the date columns, so a request's
/// `opened_at` column and its body never disagree.
public enum StoredJSON {
    /// `value` as JSON text: sorted keys, dates as Unix milliseconds.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        // Sorted keys keep equal values byte-equal, so rewriting an unchanged row changes nothing.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.millisecondsSince1970)
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A `T` from JSON text written by ``encode(_:)``.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            Date(millisecondsSince1970: try decoder.singleValueContainer().decode(Int64.self))
        }
        return try decoder.decode(type, from: Data(text.utf8))
    }
}
