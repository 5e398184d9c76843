import Foundation
import Hummingbird
import LinliCore

/// `/console`: the requests the staff member may see, filtered and searched; its rows again
/// for the live refresh (htmx polls them); and the same list as CSV.
extension ConsolePagesController {
    /// How often the queue's rows refresh themselves, in seconds.
    static let refreshSeconds = 15

    func queue(_ identity: ConsoleIdentity, _ filter: ConsoleQueueFilter) async throws -> Response {
        let words = engine.consoleWords
        var context = frame(identity, title: words("title_queue"))
        context.merge(try await rowsContext(identity, filter)) { $1 }
        let member = identity.staff
        let visibleGrids = engine.directory.grids.filter { member.role == .admin || engine.directory.grids(of: member).contains($0.id) }
        let statuses = [("active", words("status_active")), ("all", words("status_all")), ("done", words("status_done"))]
            + ServiceRequest.Status.allCases.map { ($0.rawValue, engine.officeStatusName($0)) }
        context["statuses"] = ConsoleViews.options(statuses, selected: filter.status)
        context["grids"] = ConsoleViews.options([("", words("all_grids"))] + visibleGrids.map { ($0.id, $0.name) }, selected: filter.grid ?? "")
        context["intents"] = ConsoleViews.options(
            [("", words("all_intents"))] + engine.nlu.catalog.intents.filter(\.opensRequest).map { ($0.id, $0.name) }, selected: filter.intent ?? "")
        context["staffOptions"] = ConsoleViews.options(
            [("", words("all_staff"))] + engine.directory.staff.map { ($0.id, $0.name) }, selected: filter.staff ?? "")
        context["colours"] = ConsoleViews.options(
            [("", words("all_colours"))] + DeadlineColour.allCases.map { ($0.rawValue, engine.colourName($0)) }, selected: filter.colour?.rawValue ?? "")
        context["from"] = filter.from ?? ""
        context["to"] = filter.to ?? ""
        context["q"] = filter.q ?? ""
        context["refresh"] = Self.refreshSeconds
        return html(assets.render("queue", context))
    }

    func rows(_ identity: ConsoleIdentity, _ filter: ConsoleQueueFilter) async throws -> Response {
        html(assets.render("rows", try await rowsContext(identity, filter)))
    }

    /// The rows and what is said about them (how many, the links with the same filters).
    private func rowsContext(_ identity: ConsoleIdentity, _ filter: ConsoleQueueFilter) async throws -> [String: Any] {
        let now = pipeline.now()
        let limit = ConsoleQueueFilter.pageSize
        let found = try await pipeline.blocking { [engine] in
            try filter.requests(for: identity.staff, engine: engine, limit: limit + 1, now: now)
        }
        let views = ConsoleViews(engine: engine, now: now)
        return ["rows": found.prefix(limit).map(views.row), "count": min(found.count, limit), "more": found.count > limit,
                "empty": found.isEmpty, "query": filter.queryString]
    }

    func csv(_ identity: ConsoleIdentity, _ filter: ConsoleQueueFilter) async throws -> Response {
        let now = pipeline.now()
        let text = try await pipeline.blocking { [engine] in
            let requests = try filter.requests(for: identity.staff, engine: engine, limit: nil, now: now)
            let rows = requests.map { r in
                RequestColumn.allCases.map { column in
                    column == .phone ? ConsoleViews.maskedPhone(r.slots["phone"]) : engine.cell(column, of: r, now: now)
                }
            }
            return CSV.text(engine.requestColumnNames, rows, bom: true)
        }
        var response = HTTPReply.body(text, status: .ok, contentType: "text/csv; charset=utf-8")
        response.headers[.contentDisposition] = #"attachment; filename="requests.csv""#
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
