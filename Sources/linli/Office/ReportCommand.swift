import ArgumentParser
import Foundation
import LinliCore

/// `linli report`: what the community achieved.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Requests by intent and grid, resolution rate (办结率), median times, satisfaction, volunteer hours."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only requests opened on or after this date (YYYY-MM-DD).")
    var since: String?

    @Option(help: "table, csv or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if let since, Dates.parse(since) == nil { throw ValidationError("--since must be a date like 2026-11-01, not '\(since)'") }
    }

    func run() throws {
        let runtime = try Runtime.make(try options.settings(), label: "linli.report")
        let report = try runtime.engine.report(since: since.flatMap(Dates.parse))
        switch format {
        case .json:
            print(try Tabular.json(report))
        case .csv:
            print(Tabular.csv(Self.header, rows(report)))
        case .table:
            print(Tabular.table(Self.header, rows(report)))
            print("")
            print("志愿服务时长（在职党员）：\(Tabular.number(report.volunteerHours)) 小时　微心愿已实现：\(report.microWishesFulfilled) 个")
        }
    }

    static let header = ["group", "key", "name", "opened", "cancelled", "claimed", "resolved", "resolution_rate",
                         "median_min_to_claim", "median_min_to_resolve", "rated", "mean_rating", "satisfied", "service_hours"]

    private func rows(_ report: Report) -> [[String]] {
        func cells(_ group: String, _ row: Report.Row) -> [String] {
            [group, row.key, row.name, String(row.opened), String(row.cancelled), String(row.claimed), String(row.resolved),
             Tabular.percent(row.resolutionRate), Tabular.number(row.medianMinutesToClaim), Tabular.number(row.medianMinutesToResolve),
             String(row.rated), Tabular.number(row.meanRating, digits: 2), Tabular.percent(row.satisfiedShare), Tabular.number(row.serviceHours)]
        }
        return [cells("total", report.total)] + report.byIntent.map { cells("intent", $0) } + report.byGrid.map { cells("grid", $0) }
    }
}
