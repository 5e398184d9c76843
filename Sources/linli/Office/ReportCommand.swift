import ArgumentParser
import Foundation
import LinliCore

/// `linli report`: what the community achieved.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Requests by intent and grid, resolution rate, median times, satisfaction, volunteer hours."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only requests opened on or after this date (YYYY-MM-DD).")
    var since: String?

    @Option(help: "table, csv or json (English keys, for programs).")
    var format: OutputFormat = .table

    @Flag(help: "CSV without the UTF-8 byte order mark that Excel needs to read Chinese.")
    var noBom = false

    func validate() throws {
        if let since, Dates.parse(since) == nil { throw ValidationError("--since must be a date like 2026-11-01, not '\(since)'") }
    }

    func run() throws {
        let runtime = try Runtime.make(try options.settings(), label: "linli.report")
        let engine = runtime.engine
        let report = try engine.report(since: since.flatMap { Dates.parse($0, timeZone: runtime.settings.timeZone) })
        let header = ReportColumn.allCases.map { engine.responses.render(template: $0.template) ?? $0.rawValue }
        switch format {
        case .json:
            print(try Tabular.json(report))
        case .csv:
            print(Tabular.csv(header, rows(report, engine), bom: !noBom))
        case .table:
            print(Tabular.table(header, rows(report, engine)))
            print("")
            print(engine.responses.render(.reportFooter, ["hours": Tabular.number(report.volunteerHours), "wishes": report.microWishesFulfilled]))
        }
    }

    private func rows(_ report: Report, _ engine: Engine) -> [[String]] {
        func cells(_ group: ResponseKey, _ row: Report.Row) -> [String] {
            [engine.responses.render(group), row.key, row.name, String(row.opened), String(row.cancelled), String(row.claimed), String(row.resolved),
             Tabular.percent(row.resolutionRate), Tabular.number(row.medianMinutesToClaim), Tabular.number(row.medianMinutesToResolve),
             String(row.rated), Tabular.number(row.meanRating, digits: 2), Tabular.percent(row.satisfiedShare), Tabular.number(row.serviceHours)]
        }
        return [cells(.reportGroupTotal, report.total)] + report.byIntent.map { cells(.reportGroupIntent, $0) }
            + report.byGrid.map { cells(.reportGroupGrid, $0) }
    }
}
