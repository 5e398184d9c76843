import LinliCore
@testable import LinliSQLite

extension SQLiteStore {
    /// Every outbox row, delivered and failed ones too, by id from 1 (the store numbers them
    /// from 1 and never deletes one).
    func outboxRows() throws -> [OutboxEntry] {
        var rows: [OutboxEntry] = []
        var id: Int64 = 1
        while let row = try outboxRow(id) {
            rows.append(row.entry)
            id += 1
        }
        return rows
    }
}
