/// The columns of `linli requests` in table and CSV form, in order; each one's header is the
/// template `requests_column_<id>` of `responses/`, so the office reads its own words.
public enum RequestColumn: String, Sendable, CaseIterable {
    case number, intent, status, resident, community, building, unit, room, location, phone, person, age, plate
    case grid, claimer, opened, claimed, resolved, rating
    /// The current stage's deadline and its colour now.
    case due, colour
    /// The point shared for it, in the datum it arrived in (`wgs84` or `gcj02`).
    case latitude, longitude, datum

    /// The template that names the column.
    public var template: String { "requests_column_" + rawValue }

    /// The slot this column shows, if it is one.
    public var slot: String? {
        switch self {
        case .community, .building, .unit, .room, .location, .phone, .person, .age, .plate: return rawValue
        default: return nil
        }
    }
}

/// The columns of `linli report` in table and CSV form, in order; headers are the templates
/// `report_column_<id>`.
public enum ReportColumn: String, Sendable, CaseIterable {
    case group, key, name, opened, cancelled, claimed, resolved
    case resolutionRate = "resolution_rate", medianMinutesToClaim = "median_min_to_claim"
    case medianMinutesToResolve = "median_min_to_resolve", rated, meanRating = "mean_rating", satisfied
    /// 评价率, always beside 满意率.
    case ratedRate = "rated_rate"
    case serviceHours = "service_hours"
    /// The deadline figures (`Report.Timeliness`), a person's 转派, and the ranking.
    case responseRate = "response_rate", onTimeRate = "on_time_rate", solvedRate = "solved_rate", reopenRate = "reopen_rate"
    case overdueOpen = "overdue_open", extensions, reassigned, rank

    /// The template that names the column.
    public var template: String { "report_column_" + rawValue }
}
