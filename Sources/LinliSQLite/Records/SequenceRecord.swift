import GRDB

/// A row of `sequence`: the last number handed out by a named counter (`request`).
///
/// A table rather than the request table's rowid because a handler takes the number before
/// the request row exists (it goes into the texts and events it writes first).
struct SequenceRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "sequence"

    /// The counter's name.
    var name: String
    /// The last value handed out; 0 before the first.
    var value: Int
}
