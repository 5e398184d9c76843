import Foundation
import LinliCore
import LinliNLU

/// `deadlines:` and `calendar:` of the configuration file, read into a `DeadlinePolicy`.
extension Settings {
    /// The `calendar:` section (interface.md).
    struct CalendarFile: Decodable {
        var time_zone: String?
        /// `09:00-12:00,14:00-17:30`, or a list of such spans.
        var hours: Hours?
        /// Weekdays off by English name (`saturday`, `sun`).
        var weekend: [String]?
        /// Public holidays, `yyyy-MM-dd`.
        var holidays: [String]?
        /// Make-up working days (调休), `yyyy-MM-dd`.
        var workdays: [String]?

        /// Office hours as one comma-separated string or a list.
        struct Hours: Decodable {
            var spans: [String]
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) { spans = [text] } else { spans = try container.decode([String].self) }
            }
        }
    }

    /// Weekday names as `Calendar` numbers them (1 Sunday … 7 Saturday).
    private static let weekdays: [String: Int] = [
        "sunday": 1, "sun": 1, "monday": 2, "mon": 2, "tuesday": 3, "tue": 3, "wednesday": 4, "wed": 4,
        "thursday": 5, "thu": 5, "friday": 6, "fri": 6, "saturday": 7, "sat": 7,
    ]

    /// The working calendar of `file` in `timeZone`; defaults for what it leaves out.
    static func workCalendar(_ file: CalendarFile?, timeZone: TimeZone, path: String) throws -> WorkCalendar {
        var configuration = WorkCalendar.Configuration(timeZone: timeZone)
        guard let file else { return WorkCalendar(configuration) }
        do {
            if let hours = file.hours { configuration.hours = try WorkCalendar.Span.list(parsing: hours.spans.joined(separator: ",")) }
            if let weekend = file.weekend {
                configuration.weekend = Set(try weekend.map { name in
                    guard let day = weekdays[name.lowercased()] else {
                        throw CoreError(.invalidConfiguration, "weekend day \"\(name)\" is not a weekday name such as saturday or sun")
                    }
                    return day
                })
            }
            configuration.holidays = Set(try (file.holidays ?? []).map(WorkCalendar.day(parsing:)))
            configuration.workdays = Set(try (file.workdays ?? []).map(WorkCalendar.day(parsing:)))
        } catch let error as CoreError {
            throw SettingsError("\(path): calendar: \(error.message)")
        }
        if let both = configuration.holidays.intersection(configuration.workdays).sorted().first {
            throw SettingsError("\(path): calendar: \(both) is both a holiday and a workday")
        }
        return WorkCalendar(configuration)
    }

    /// The policy of `deadlines:` (intent id or `default` → stage → limit) on `calendar`.
    static func deadlinePolicy(_ file: [String: [String: String]]?, calendar: WorkCalendar, path: String) throws -> DeadlinePolicy {
        guard let file else { return DeadlinePolicy(default: StageLimits(), perIntent: [:], calendar: calendar) }
        var perIntent: [String: StageLimits] = [:]
        for (intent, stages) in file {
            var limits = StageLimits()
            for (name, text) in stages {
                guard let stage = DeadlineStage(rawValue: name) else {
                    throw SettingsError("\(path): deadlines.\(intent): unknown stage '\(name)'; the stages are "
                        + DeadlineStage.allCases.map(\.rawValue).joined(separator: ", "))
                }
                do {
                    limits[stage] = try TimeLimit(parsing: text)
                } catch let error as CoreError {
                    throw SettingsError("\(path): deadlines.\(intent).\(name): \(error.message)")
                }
            }
            perIntent[intent] = limits
        }
        let defaults = perIntent.removeValue(forKey: "default") ?? StageLimits()
        return DeadlinePolicy(default: defaults, perIntent: perIntent, calendar: calendar)
    }

    /// Fails on a `deadlines:` entry for an intent `catalog` does not have: a typo there
    /// would silently leave that intent on the default limits.
    func checkDeadlines(against catalog: IntentCatalog) throws {
        let known = Set(catalog.intents.map(\.id))
        if let unknown = deadlines.perIntent.keys.sorted().first(where: { !known.contains($0) }) {
            throw SettingsError("configuration: deadlines: '\(unknown)' is not an intent id; the intents are "
                + known.sorted().joined(separator: ", "))
        }
    }
}
