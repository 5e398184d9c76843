import Foundation

/// Encodes and decodes the JSON kept in TEXT columns (request bodies, conversations, replies).
///
/// The same format as the SQLite store's (sorted keys, dates as Unix milliseconds), so that
/// data moved between the two reads back equal.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.millisecondsSince1970)
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            Date(millisecondsSince1970: try decoder.singleValueContainer().decode(Int64.self))
        }
        return try decoder.decode(type, from: Data(text.utf8))
    }
}
