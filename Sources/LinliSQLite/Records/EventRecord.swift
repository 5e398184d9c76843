import Foundation
import GRDB
import LinliCore

/// A row of `event`: one `RequestEvent` of a request's history. Rows are only ever inserted.
struct EventRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "event"

    /// Assigned by SQLite; orders events written at the same instant.
    var id: Int64?
    var request: Int
    var kind: String
    var actor: String
    /// Unix milliseconds.
    var at: Int64
    var note: String?

    init(_ event: RequestEvent) {
        id = nil
        request = event.request
        kind = event.kind.rawValue
        actor = event.actor
        at = event.at.millisecondsSince1970
        note = event.note
    }

    func event() throws -> RequestEvent {
        guard let kind = RequestEvent.Kind(rawValue: kind) else {
            throw CoreError(.storeFailure, "event \(id.map(String.init) ?? "?") of request #\(request) has unknown kind \(kind)")
        }
        return RequestEvent(request: request, kind: kind, actor: actor, at: Date(millisecondsSince1970: at), note: note)
    }
}
