import Foundation
import LinliCore
import PostgresNIO

/// A `RequestQuery` as SQL over the request table's indexed columns.
///
/// The SQL narrows; `RequestQuery.matches` decides, as in the SQLite store, so both stores
/// answer the same.
struct RequestFilter {
    private var conditions: [String] = []
    private var bindings = PostgresBindings()
    /// False when the query can match nothing (an empty set of statuses or grids).
    private var satisfiable = true

    /// The query with its date rounded to the millisecond, as stored dates are.
    static func rounded(_ query: RequestQuery) -> RequestQuery {
        var query = query
        query.openedSince = query.openedSince.map { Date(millisecondsSince1970: $0.millisecondsSince1970) }
        return query
    }

    init(_ query: RequestQuery) throws {
        let query = Self.rounded(query)
        if let statuses = query.statuses {
            if statuses.isEmpty { satisfiable = false }
            add("status = ANY(?)", statuses.map(\.rawValue).sorted())
        }
        if let resident = query.resident {
            add("(resident = ? OR number IN (SELECT request FROM request_follower WHERE user_id = ?))", resident, resident)
        }
        if let grids = query.grids {
            if grids.isEmpty { satisfiable = false }
            let (condition, named) = Self.gridCondition(grids)
            add(condition, named)
        }
        if let intent = query.intent { add("intent = ?", intent) }
        if let community = query.community { add("community = ?", community) }
        if let building = query.building { add("building = ?", building) }
        if let openedSince = query.openedSince { add("opened_at >= ?", openedSince.millisecondsSince1970) }
    }

    /// The condition "in one of `grids`" with one parameter, the named grids; `matches` treats
    /// a request without a grid as being in grid "".
    static func gridCondition(_ grids: Set<String>) -> (String, [String]) {
        let named = grids.filter { !$0.isEmpty }.sorted()
        return (grids.contains("") ? "(grid = ANY(?) OR grid IS NULL OR grid = '')" : "grid = ANY(?)", named)
    }

    /// Adds the condition "in `scope`": its grids, its claimer, or an intent routed to it in
    /// one of that intent's grids. Every parameter is a list of text, so one binder takes them.
    mutating func add(_ scope: RequestScope) {
        var alternatives = ["claimer = ANY(?)"]
        var values: [[String]] = [[scope.claimer]]
        if !scope.grids.isEmpty {
            let (condition, named) = Self.gridCondition(scope.grids)
            alternatives.append(condition)
            values.append(named)
        }
        for (intent, grids) in scope.routed.sorted(by: { $0.key < $1.key }) where !grids.isEmpty {
            let (condition, named) = Self.gridCondition(grids)
            alternatives.append("(intent = ANY(?) AND \(condition))")
            values += [[intent], named]
        }
        add("(" + alternatives.joined(separator: " OR ") + ")", binding: values)
    }

    /// The SELECT of matching bodies and their followers, oldest first; nil when nothing
    /// can match.
    var requests: PostgresQuery? {
        select("body, \(PostgresTransaction.followersColumn)")
    }

    /// The SELECT of the number and resident of the oldest matching request that `resident`
    /// did not open; nil when nothing can match. For queries over neither residents nor
    /// grids: it skips `matches`, which decides those.
    func first(notOpenedBy resident: String) -> PostgresQuery? {
        var filter = self
        filter.add("resident <> ?", resident)
        return filter.select("number, resident", limit: 1)
    }

    /// The SELECT of `columns` of matching requests, oldest first.
    func select(_ columns: String, limit: Int? = nil, newestFirst: Bool = false) -> PostgresQuery? {
        guard satisfiable else { return nil }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let order = newestFirst ? "opened_at DESC, number DESC" : "opened_at, number"
        let sql = "SELECT \(columns) FROM request \(filter) ORDER BY \(order)" + (limit.map { " LIMIT \($0)" } ?? "")
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// Adds `condition`, whose `?` are replaced in order by numbered parameters bound to `values`.
    mutating func add<Value: PostgresDynamicTypeEncodable>(_ condition: String, _ values: Value...) {
        add(condition, binding: values)
    }

    /// Adds `condition`, whose `?` are replaced in order by numbered parameters bound to the
    /// elements of `values`, one each.
    mutating func add<Value: PostgresDynamicTypeEncodable>(_ condition: String, binding values: [Value]) {
        var sql = ""
        var remaining = values[...]
        for character in condition {
            if character == "?", let value = remaining.popFirst() {
                bindings.append(value)
                sql += "$\(bindings.count)"
            } else {
                sql.append(character)
            }
        }
        conditions.append(sql)
    }
}
