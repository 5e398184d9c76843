import Foundation

extension Engine {
    /// The community report over requests opened since `since`; 超期在办 counts what is red at `now`.
    /// Aggregated by the store (`reportAggregates`), after `refreshReportFacts()`.
    public func report(since: Date? = nil, now: Date = Date()) throws -> Report {
        try refreshDirectory()
        try refreshReportFacts()
        let scope = ReportScope(openedSince: since)
        let (aggregates, events, tasks, claims, lists) = try store.read {
            let claims = try $0.taskClaims(publishedSince: since)
            return try ($0.reportAggregates(scope, now: now), $0.events(since: since), $0.tasks(publishedSince: since), claims,
                        listFigures(in: $0, since: since, claims: claims))
        }
        var report = report(aggregates, since: since)
        report.lists = lists
        report.tasks = TaskFigures.make(tasks: tasks, claims: claims, directory: directory)
        report.whistles = WhistleFigures.make(events: events, within: configuration.whistleAnswerWithin,
                                              calendar: configuration.deadlines.calendar, now: now)
        return report
    }

    /// The report of `aggregates` over the period from `since`, named as this engine names
    /// intents, grids and the total: what `linli report` and the console's report page share.
    public func report(_ aggregates: ReportAggregates, since: Date?) -> Report {
        Report.make(aggregates: aggregates, directory: directory, intentNames: intentNames, since: since,
                    totalName: responses.render(.reportTotalName), noGridName: responses.render(.reportNoGridName))
    }

    /// Intent ids to their Chinese names.
    public var intentNames: [String: String] {
        Dictionary(uniqueKeysWithValues: nlu.catalog.intents.map { ($0.id, $0.name) })
    }

    /// Works out the report's due times again for every request whose stored ones were made
    /// under another deadline policy, or never (rows from before migration `report-columns`,
    /// or saved without going through the engine), in batches of `batch`; returns how many.
    ///
    /// Called before each report, so that a change of the policy in the configuration shows
    /// in the next report; when nothing is stale it is one indexed read.
    @discardableResult
    public func refreshReportFacts(batch: Int = 2_000) throws -> Int {
        let policy = configuration.deadlines
        let digest = policy.digest
        guard try !store.read({ try $0.requestsWithStaleReportFacts(digest: digest, limit: 1).isEmpty }) else { return 0 }
        var refreshed = 0
        while true {
            let count = try store.write { t in
                let stale = try t.requestsWithStaleReportFacts(digest: digest, limit: batch)
                for request in stale { try t.save(request.refreshingReportFacts(policy: policy, digest: digest)) }
                return stale.count
            }
            refreshed += count
            if count < batch { return refreshed }
        }
    }
}
