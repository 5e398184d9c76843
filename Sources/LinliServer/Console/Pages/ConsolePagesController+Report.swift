import Foundation
import Hummingbird
import LinliCore

/// `/console/report`: `linli report`'s figures as cards with their trends, definitions and
/// the lists behind them, and the charts.
extension ConsolePagesController {
    /// The periods the page offers, in days.
    static let periods = [7, 30, 90]

    /// The cache's key of a report: the period and the grids (`*` for all).
    static func reportKey(days: Int, grids: Set<String>?) -> String {
        "\(days)|" + (grids.map { $0.sorted().joined(separator: ",") } ?? "*")
    }

    func reportPage(_ identity: ConsoleIdentity, _ query: [String: String]) async throws -> Response {
        let days = query["days"].flatMap(Int.init).flatMap { Self.periods.contains($0) ? $0 : nil } ?? 30
        let member = identity.staff
        // A staff member's report is of their grids; an admin's of the whole community, as `linli report`.
        let grids: Set<String>? = member.role == .admin ? nil : engine.directory.grids(of: member)
        let key = Self.reportKey(days: days, grids: grids)
        let now = pipeline.now()
        let make: ConsoleReportCache.Maker = { [engine] date in try ConsoleReport.make(engine: engine, grids: grids, days: days, now: date) }
        let report = try await pipeline.blocking { [reports] in try reports.report(key, now: now, make: make) }
        if reports.refreshing(key, now: now) {
            pipeline.executor.submit { [reports, logger = pipeline.logger] in
                do {
                    try reports.refreshed(key, now: now, make: make)
                } catch {
                    logger.warning("linli.console.report_failed", metadata: ["linli.error": .string(String(describing: error))])
                }
            }
        }
        var context = frame(identity, title: engine.consoleWords("title_report"))
        context["periods"] = Self.periods.map { ["days": $0, "selected": $0 == days] }
        context["days"] = days
        context["since"] = String(engine.officeTime(report.since).prefix(10))
        context["cards"] = ConsoleReportCards(engine: engine, report: report).cards
        let encoder = JSONEncoder()
        // Inside a <script> element: no `</` may close it early.
        let json = String(decoding: try encoder.encode(report.charts), as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
        context["charts"] = json
        context["noServiceHours"] = report.charts.memberHours.isEmpty
        context["lists"] = grids == nil ? engine.listsLine(report.current.lists) : nil
        return html(assets.render("report", context))
    }
}
