import ArgumentParser
import Foundation
import LinliCore

/// `linli report`: what the community achieved.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Requests by intent and grid, resolution rate, median times, satisfaction, volunteer hours; published tasks and service hours; reported units and members, and the three lists."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only requests opened on or after this date (YYYY-MM-DD).")
    var since: String?

    @Option(help: "table, csv or json (English keys, for programs).")
    var format: OutputFormat = .table

    @Flag(help: "CSV without the UTF-8 byte order mark that Excel needs to read Chinese.")
    var noBom = false

    @Option(help: ArgumentHelp("Count overdue requests as of this moment (2026-11-01T08:00:00Z) instead of now."))
    var now: String?

    func validate() throws {
        if let since, Dates.parse(since) == nil { throw ValidationError("--since must be a date like 2026-11-01, not '\(since)'") }
        if let now, Dates.parse(now) == nil { throw ValidationError("--now must be a date like 2026-11-01T08:00:00Z, not '\(now)'") }
    }

    func run() throws {
        let runtime = try Runtime.make(try options.settings(), label: "linli.report")
        let engine = runtime.engine
        let report = try engine.report(since: since.flatMap { Dates.parse($0, timeZone: runtime.settings.timeZone) },
                                       now: now.flatMap { Dates.parse($0, timeZone: runtime.settings.timeZone) } ?? Date())
        let header = ReportColumn.allCases.map { engine.responses.render(template: $0.template) ?? $0.rawValue }
        switch format {
        case .json:
            print(try Tabular.json(report))
        case .csv:
            print(Tabular.csv(header, rows(report, engine), bom: !noBom))
        case .table:
            print(Tabular.table(header, rows(report, engine)))
            print("")
            print(engine.responses.render(.reportFooter, ["hours": Tabular.number(report.volunteerHours), "wishes": report.microWishesFulfilled,
                                                          "wishes_collected": report.microWishesCollected,
                                                          "wishes_claimed": report.microWishesClaimed]))
            let tasks = report.tasks
            print(engine.responses.render(.reportFooterTasks, ["published": tasks.published, "claimed": tasks.claimed,
                                                               "completed": tasks.completed, "rate": Tabular.percent(tasks.completionRate),
                                                               "hours": Tabular.number(tasks.hours)]))
            print(engine.listsLine(report.lists))
            let whistles = report.whistles
            print(engine.responses.render(.reportFooterWhistles, ["whistles": whistles.whistles, "answered": whistles.answered,
                                                                  "in_time": whistles.answeredInTime,
                                                                  "not_answering": whistles.notAnswering.joined(separator: "、")]))
        }
    }

    private func rows(_ report: Report, _ engine: Engine) -> [[String]] {
        func cells(_ group: ResponseKey, _ row: Report.Row) -> [String] {
            let t = row.timeliness
            let counts: [String] = [engine.responses.render(group), row.key, row.name, String(row.opened), String(row.cancelled),
                                    String(row.claimed), String(row.resolved)]
            let times: [String] = [Tabular.percent(row.resolutionRate), Tabular.number(row.medianMinutesToClaim),
                                   Tabular.number(row.medianMinutesToResolve)]
            let ratings: [String] = [String(row.rated), Tabular.number(row.meanRating, digits: 2), Tabular.percent(row.satisfiedShare),
                                     Tabular.percent(t.ratedRate), Tabular.number(row.serviceHours)]
            let deadlines: [String] = [Tabular.percent(t.responseRate), Tabular.percent(t.onTimeRate), Tabular.percent(t.solvedRate),
                                       Tabular.percent(t.reopenRate), String(t.overdueOpen), String(t.extensions), "",
                                       row.rank.map(String.init) ?? ""]
            return counts + times + ratings + deadlines
        }
        // A person has the spreadsheet's columns: claimed, reassigned, resolved, mean rating.
        func cells(_ row: Report.StaffRow) -> [String] {
            var result = Array(repeating: "", count: ReportColumn.allCases.count)
            for (index, column) in ReportColumn.allCases.enumerated() {
                switch column {
                case .group: result[index] = engine.responses.render(.reportGroupStaff)
                case .key: result[index] = row.key
                case .name: result[index] = row.name
                case .claimed: result[index] = String(row.claimed)
                case .resolved: result[index] = String(row.resolved)
                case .reassigned: result[index] = String(row.reassigned)
                case .meanRating: result[index] = Tabular.number(row.meanRating, digits: 2)
                case .rank: result[index] = row.rank.map(String.init) ?? ""
                default: break
                }
            }
            return result
        }
        return [cells(.reportGroupTotal, report.total)] + report.byIntent.map { cells(.reportGroupIntent, $0) }
            + report.byGrid.map { cells(.reportGroupGrid, $0) } + report.byStaff.map(cells) + taskRows(report.tasks, engine)
            + whistleRows(report.whistles, engine) + listRows(report.lists, engine)
    }

    /// A row with `cells` in their columns and the others empty.
    private func row(_ cells: [ReportColumn: String]) -> [String] {
        ReportColumn.allCases.map { cells[$0] ?? "" }
    }

    /// Published tasks in the same columns: one row for the tasks (opened = published,
    /// resolved = completed, 办结率, hours), then one per member with their hours.
    private func taskRows(_ tasks: TaskFigures, _ engine: Engine) -> [[String]] {
        let total = row([.group: engine.responses.render(.reportGroupTasks), .key: "tasks",
                         .name: engine.responses.render(.reportTasksName), .opened: String(tasks.published),
                         .claimed: String(tasks.claimed), .resolved: String(tasks.completed),
                         .resolutionRate: Tabular.percent(tasks.completionRate), .serviceHours: Tabular.number(tasks.hours)])
        return [total] + tasks.members.map { member in
            row([.group: engine.responses.render(.reportGroupTaskHours), .key: member.id, .name: member.name,
                 .claimed: String(member.claimed), .resolved: String(member.completed), .serviceHours: Tabular.number(member.hours)])
        }
    }

    /// 双报到 and the three lists in the same columns: a row each for the units, the members
    /// and the 资源清单 (opened = how many), the 需求清单 (opened = collected, claimed =
    /// matched, resolved = fulfilled, 办结率), then each unit's members and task hours.
    private func listRows(_ lists: ListFigures, _ engine: Engine) -> [[String]] {
        let group = engine.responses.render(.reportGroupLists)
        let counts = [("units", ResponseKey.reportListsUnits, lists.units), ("members", .reportListsMembers, lists.members),
                      ("resources", .reportListsResources, lists.resources)].map { key, name, count in
            row([.group: group, .key: key, .name: engine.responses.render(name), .opened: String(count)])
        }
        let rate = lists.needsCollected > 0 ? Double(lists.needsFulfilled) / Double(lists.needsCollected) : nil
        let needs = row([.group: group, .key: "needs", .name: engine.responses.render(.reportListsNeeds),
                         .opened: String(lists.needsCollected), .claimed: String(lists.needsMatched),
                         .resolved: String(lists.needsFulfilled), .resolutionRate: Tabular.percent(rate)])
        return counts + [needs] + lists.unitHours.map { unit in
            row([.group: engine.responses.render(.reportGroupUnitHours), .key: unit.id, .name: unit.name, .claimed: String(unit.members),
                 .serviceHours: Tabular.number(unit.hours)])
        }
    }

    /// Whistles in the same columns: opened = whistles, claimed = answered (报到), resolved =
    /// answered in time, overdue = not answered in time; one row in all, then one per department.
    private func whistleRows(_ whistles: WhistleFigures, _ engine: Engine) -> [[String]] {
        let total = row([.group: engine.responses.render(.reportGroupWhistles), .key: "whistles",
                         .name: engine.responses.render(.reportWhistlesName), .opened: String(whistles.whistles),
                         .claimed: String(whistles.answered), .resolved: String(whistles.answeredInTime),
                         .overdueOpen: String(whistles.departments.map(\.missed).reduce(0, +))])
        return [total] + whistles.departments.map { department in
            row([.group: engine.responses.render(.reportGroupWhistleDepartment), .key: department.name, .name: department.name,
                 .opened: String(department.whistles), .claimed: String(department.answered),
                 .resolved: String(department.answeredInTime), .overdueOpen: String(department.missed)])
        }
    }
}
