import Foundation
import GRDB
import LinliCore

/// A row of `request`: the whole `ServiceRequest` as JSON in `body`, plus copies of the
/// fields that queries and reports filter on, as columns.
///
/// `body` is the truth, except for followers, which since migration v4 are rows of
/// `request_follower` (the store writes bodies with no followers); the columns are
/// rewritten from it on every save. `alert_at` (migration v6) is not a field: the store
/// writes it from the body's `alertAt`, and a record stays insertable into older schemas.
struct RequestRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "request"

    var number: Int
    var intent: String
    var status: String
    var resident: String
    var grid: String?
    var claimer: String?
    var openedAt: Int64
    var claimedAt: Int64?
    var resolvedAt: Int64?
    var rating: Int?
    /// The community and building slots, for finding reports of the same thing.
    var community: String?
    var building: String?
    /// The `ServiceRequest` as JSON.
    var body: String

    enum CodingKeys: String, CodingKey {
        case number, intent, status, resident, grid, claimer, rating, community, building, body
        case openedAt = "opened_at"
        case claimedAt = "claimed_at"
        case resolvedAt = "resolved_at"
    }

    init(_ request: ServiceRequest) throws {
        number = request.number
        intent = request.intent
        status = request.status.rawValue
        resident = request.resident
        grid = request.grid
        claimer = request.claimer
        openedAt = request.openedAt.millisecondsSince1970
        claimedAt = request.claimedAt?.millisecondsSince1970
        resolvedAt = request.resolvedAt?.millisecondsSince1970
        rating = request.rating
        community = request.slots["community"]
        building = request.slots["building"]
        body = try StoredJSON.encode(request)
    }

    func request() throws -> ServiceRequest {
        try StoredJSON.decode(ServiceRequest.self, from: body)
    }
}
