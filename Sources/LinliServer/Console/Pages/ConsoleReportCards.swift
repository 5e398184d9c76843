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

    var cards: [[String: Any]] {
        let now = report.current.total, before = report.previous.total
        let t = now.timeliness, p = before.timeliness
        let from = "from=" + engine.officeTime(report.since).prefix(10)
        return [
            card("受理", .neither, now.opened, before.opened, .count, "周期内新受理的工单（含已撤销）。", "status=all&" + from),
            card("办结", .higher, now.resolved, before.resolved, .count, "周期内受理、现已办结或已评价的工单。", "status=done&" + from),
            card("办结率", .higher, now.resolutionRate, before.resolutionRate, .share, "办结 ÷（受理 − 撤销）。", "status=all&" + from),
            card("响应率", .higher, t.responseRate, p.responseRate, .share, "在接单时限内接单的 ÷ 受理。", "status=all&" + from),
            card("按时办结率", .higher, t.onTimeRate, p.onTimeRate, .share, "在办结时限（含批准的延期）内办结的 ÷ 曾办结的。", "status=done&" + from),
            card("解决率", .higher, t.solvedRate, p.solvedRate, .share, "现为办结或已评价的 ÷ 受理。", "status=done&" + from),
            card("接单用时（中位数）", .lower, now.medianMinutesToClaim, before.medianMinutesToClaim, .minutes, "从受理到首次接单的分钟数的中位数。", "status=all&" + from),
            card("办结用时（中位数）", .lower, now.medianMinutesToResolve, before.medianMinutesToResolve, .minutes, "从受理到办结的分钟数的中位数。", "status=done&" + from),
            card("满意率", .higher, now.satisfiedShare, before.satisfiedShare, .share,
                 "评价为 4 或 5 星的 ÷ 已评价。评价率（已评价 ÷ 曾办结）：\(Self.text(t.ratedRate, .share))。", "status=rated&" + from),
            card("平均评分", .higher, now.meanRating, before.meanRating, .rating, "居民评分（1–5）的平均值。", "status=rated&" + from),
            card("重开率", .lower, t.reopenRate, p.reopenRate, .share, "曾被居民重新打开的 ÷ 曾办结的。", "status=all&" + from),
            card("超期在办", .lower, Double(t.overdueOpen), Double(p.overdueOpen), .count, "仍在办且当前环节已超时限（红灯）的工单，按此刻计。", "status=active&colour=red&" + from),
            card("延期", .lower, Double(t.extensions), Double(p.extensions), .count, "周期内工单获批准的延期次数。", "status=all&" + from),
            card("志愿服务时长", .higher, report.current.volunteerHours, report.previous.volunteerHours, .hours,
                 "在职党员办结的工单记录的服务时长（小时）；目前办结时尚不记录服务时长。", "status=done&" + from),
        ]
    }

    private func card(_ title: String, _ better: Better, _ value: Int, _ previous: Int, _ kind: Kind, _ definition: String,
                      _ query: String) -> [String: Any] {
        card(title, better, Double(value), Double(previous), kind, definition, query)
    }

    private func card(_ title: String, _ better: Better, _ value: Double?, _ previous: Double?, _ kind: Kind, _ definition: String,
                      _ query: String) -> [String: Any] {
        var trend = "", direction = "flat"
        if let value, let previous {
            let change = value - previous
            switch (better, change > 0, change < 0) {
            case (.higher, true, _), (.lower, _, true): direction = "good"
            case (.higher, _, true), (.lower, true, _): direction = "bad"
            default: direction = "flat"
            }
            let sign = change > 0 ? "+" : change < 0 ? "−" : "±"
            trend = sign + (kind == .share ? Self.text(abs(change), .points) : Self.text(abs(change), kind))
        }
        return ["title": title, "value": Self.text(value, kind), "previous": Self.text(previous, kind), "trend": trend,
                "direction": direction, "definition": definition, "link": "/console?" + query]
    }

    /// How a change of a share is written: in percentage points.
    private enum Unit { case points }

    private static func text(_ value: Double?, _ unit: Unit) -> String {
        value.map { String(format: "%.1f 个百分点", $0 * 100) } ?? "-"
    }

    static func text(_ value: Double?, _ kind: Kind) -> String {
        guard let value else { return "-" }
        switch kind {
        case .count: return String(Int(value.rounded()))
        case .share: return String(format: "%.1f%%", value * 100)
        case .minutes: return String(format: "%.0f 分钟", value)
        case .hours: return String(format: "%.1f 小时", value)
        case .rating: return String(format: "%.2f", value)
        }
    }
}
