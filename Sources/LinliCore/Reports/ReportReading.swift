import Foundation

/// The report's reads, answered by aggregating in the store (GROUP BY over the `request`
/// table's columns and the `event` table) rather than by decoding every request.
public protocol ReportReading {
    /// The counts, sums and medians of the requests of `scope`, per group, and the per-staff
    /// tallies of their history in the same period; 超期在办 is what is active and red at `now`.
    /// Reads the stored due times (`ServiceRequest.reportDueTimes`) as they are.
    func reportAggregates(_ scope: ReportScope, now: Date) throws -> ReportAggregates
    /// For each of `ranges`: the requests of `grids` (all when nil) opened in it, and the
    /// resolutions (办结 events) of such requests in it, whenever the request was opened.
    func reportTimeline(_ ranges: [Range<Date>], grids: Set<String>?) throws -> (opened: [Int], resolved: [Int])
    /// The active requests of `grids` (all when nil) by their deadline colour at `now`; nil
    /// counts those with no deadline.
    func deadlineColours(grids: Set<String>?, now: Date) throws -> [DeadlineColour?: Int]
    /// Up to `limit` requests whose stored due times were not worked out under the policy
    /// with digest `digest` (or not at all), in no particular order.
    func requestsWithStaleReportFacts(digest: String, limit: Int) throws -> [ServiceRequest]
}
