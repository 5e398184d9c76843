import Foundation
import LinliCore

/// The report's figures as cards: the value, the previous period's with the change, what the
/// figure means, and the queue listing the requests behind it.
struct ConsoleReportCards {
    let engine: Engine
    let report: ConsoleReport

    /// How a figure is written and compared.
    enum Kind {
        case count, share, minutes, hours, rating
    }

    /// Which way a figure should move: a change is coloured good or bad by it, or not at all.
    enum Better {
        case higher, lower, neither
    }

    private var words: ConsoleWords { engine.consoleWords }

    var cards: [[String: Any]] {
        let now = report.current.total, before = report.previous.total
        let t = now.timeliness, p = before.timeliness
        let from = "from=" + engine.officeTime(report.since).prefix(10)
        let rated = Self.text(t.ratedRate, .share, words: words)
        return [
            card("opened", .neither, now.opened, before.opened, .count, "status=all&" + from),
            card("resolved", .higher, now.resolved, before.resolved, .count, "status=done&" + from),
            card("resolution_rate", .higher, now.resolutionRate, before.resolutionRate, .share, "status=all&" + from),
            card("response_rate", .higher, t.responseRate, p.responseRate, .share, "status=all&" + from),
            card("on_time_rate", .higher, t.onTimeRate, p.onTimeRate, .share, "status=done&" + from),
            card("solved_rate", .higher, t.solvedRate, p.solvedRate, .share, "status=done&" + from),
            card("claim_time", .lower, now.medianMinutesToClaim, before.medianMinutesToClaim, .minutes, "status=all&" + from),
            card("resolve_time", .lower, now.medianMinutesToResolve, before.medianMinutesToResolve, .minutes, "status=done&" + from),
            card("satisfied", .higher, now.satisfiedShare, before.satisfiedShare, .share, "status=rated&" + from, ["rated": rated]),
            card("mean_rating", .higher, now.meanRating, before.meanRating, .rating, "status=rated&" + from),
            card("reopen_rate", .lower, t.reopenRate, p.reopenRate, .share, "status=all&" + from),
            card("overdue_open", .lower, Double(t.overdueOpen), Double(p.overdueOpen), .count, "status=active&colour=red&" + from),
            card("extensions", .lower, Double(t.extensions), Double(p.extensions), .count, "status=all&" + from),
            card("volunteer_hours", .higher, report.current.volunteerHours + report.current.tasks.hours,
                 report.previous.volunteerHours + report.previous.tasks.hours, .hours, "status=done&" + from),
        ]
    }

    private func card(_ key: String, _ better: Better, _ value: Int, _ previous: Int, _ kind: Kind, _ query: String) -> [String: Any] {
        card(key, better, Double(value), Double(previous), kind, query)
    }

    /// The card of figure `key` (its name is `console_card_<key>`, its definition
    /// `console_card_<key>_definition`, rendered with `values`).
    private func card(_ key: String, _ better: Better, _ value: Double?, _ previous: Double?, _ kind: Kind, _ query: String,
                      _ values: [String: Any] = [:]) -> [String: Any] {
        var trend = "", direction = "flat"
        if let value, let previous {
            let change = value - previous
            switch (better, change > 0, change < 0) {
            case (.higher, true, _), (.lower, _, true): direction = "good"
            case (.higher, _, true), (.lower, true, _): direction = "bad"
            default: direction = "flat"
            }
            let sign = change > 0 ? "+" : change < 0 ? "−" : "±"
            trend = sign + (kind == .share ? words("unit_points", ["value": String(format: "%.1f", abs(change) * 100)])
                                           : Self.text(abs(change), kind, words: words))
        }
        return ["title": words("card_" + key), "value": Self.text(value, kind, words: words),
                "previous": Self.text(previous, kind, words: words), "trend": trend, "direction": direction,
                "definition": words("card_\(key)_definition", values), "link": "/console?" + query]
    }

    /// `value` written as a figure of `kind`.
    static func text(_ value: Double?, _ kind: Kind, words: ConsoleWords) -> String {
        guard let value else { return "-" }
        switch kind {
        case .count: return String(Int(value.rounded()))
        case .share: return String(format: "%.1f%%", value * 100)
        case .minutes: return words("unit_minutes", ["value": String(format: "%.0f", value)])
        case .hours: return words("unit_hours", ["value": String(format: "%.1f", value)])
        case .rating: return String(format: "%.2f", value)
        }
    }
}
