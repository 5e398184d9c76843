import Foundation

/// The lists a member record keeps in one text column (grids, service types), as both
/// stores write and read them.
public enum StoredList {
    /// `list` as a JSON array.
    public static func text(_ list: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(list), as: UTF8.self)) ?? "[]"
    }

    /// The list a column holds; a malformed column is a store failure, not an empty list.
    public static func list(_ text: String, _ context: String) throws -> [String] {
        do {
            return try JSONDecoder().decode([String].self, from: Data(text.utf8))
        } catch {
            throw CoreError(.storeFailure, "\(context) is not a list of strings")
        }
    }
}
