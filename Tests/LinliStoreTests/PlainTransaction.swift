import Foundation
import LinliCore
import Testing

/// A store's transaction with only what `StoreTransaction` requires passed on, so that the
/// protocol's defaults (`firstRequest`, `addFollower`, `save(_:addingFollower:)`) run over
/// it: the answers every store's own versions must give.
struct PlainTransaction: StoreTransaction {
    let base: any StoreTransaction

    func conversation(for userID: String) throws -> Conversation? { try base.conversation(for: userID) }
    func save(_ conversation: Conversation) throws { try base.save(conversation) }
    func nextRequestNumber() throws -> Int { try base.nextRequestNumber() }
    func save(_ request: ServiceRequest) throws { try base.save(request) }
    func request(number: Int) throws -> ServiceRequest? { try base.request(number: number) }
    func requests(_ query: RequestQuery) throws -> [ServiceRequest] { try base.requests(query) }
    func requestsDue(at date: Date, limit: Int) throws -> [ServiceRequest] { try base.requestsDue(at: date, limit: limit) }
    func append(_ event: RequestEvent) throws { try base.append(event) }
    func events(request number: Int) throws -> [RequestEvent] { try base.events(request: number) }
    func events(since date: Date?) throws -> [RequestEvent] { try base.events(since: date) }
    func enqueue(_ message: OutboundMessage, at date: Date) throws { try base.enqueue(message, at: date) }
    func saveSignInToken(_ token: SignInToken, at date: Date) throws { try base.saveSignInToken(token, at: date) }
    func useSignInToken(digest: String, at date: Date) throws -> String? { try base.useSignInToken(digest: digest, at: date) }
    func saveConsoleSession(_ session: ConsoleSession, at date: Date) throws { try base.saveConsoleSession(session, at: date) }
    func consoleSession(digest: String, at date: Date) throws -> ConsoleSession? { try base.consoleSession(digest: digest, at: date) }
    func deleteConsoleSession(digest: String) throws { try base.deleteConsoleSession(digest: digest) }
    func savePasswordHash(_ hash: String, staff: String, at date: Date) throws { try base.savePasswordHash(hash, staff: staff, at: date) }
    func passwordHash(staff: String) throws -> String? { try base.passwordHash(staff: staff) }
    func nextTaskNumber() throws -> Int { try base.nextTaskNumber() }
    func save(_ task: ServiceTask) throws { try base.save(task) }
    func task(number: Int) throws -> ServiceTask? { try base.task(number: number) }
    func taskForUpdate(number: Int) throws -> ServiceTask? { try base.taskForUpdate(number: number) }
    func tasks(publishedSince since: Date?) throws -> [ServiceTask] { try base.tasks(publishedSince: since) }
    func save(_ claim: TaskClaim) throws { try base.save(claim) }
    func taskClaims(task number: Int) throws -> [TaskClaim] { try base.taskClaims(task: number) }
    func taskClaims(member: String) throws -> [TaskClaim] { try base.taskClaims(member: member) }
    func taskClaims(publishedSince since: Date?) throws -> [TaskClaim] { try base.taskClaims(publishedSince: since) }
    func grantNoticeConsent(user: String, templateID: String, at date: Date) throws {
        try base.grantNoticeConsent(user: user, templateID: templateID, at: date)
    }
    func withdrawNoticeConsents(user: String, templateID: String) throws { try base.withdrawNoticeConsents(user: user, templateID: templateID) }
    func useNoticeConsent(user: String, templateID: String, longTerm: Bool, at date: Date) throws -> Bool {
        try base.useNoticeConsent(user: user, templateID: templateID, longTerm: longTerm, at: date)
    }
    func noticeConsents(of user: String) throws -> [NoticeConsent] { try base.noticeConsents(of: user) }
    func reportAggregates(_ scope: ReportScope, now: Date) throws -> ReportAggregates { try base.reportAggregates(scope, now: now) }
    func reportTimeline(_ ranges: [Range<Date>], grids: Set<String>?) throws -> (opened: [Int], resolved: [Int]) {
        try base.reportTimeline(ranges, grids: grids)
    }
    func deadlineColours(grids: Set<String>?, now: Date) throws -> [DeadlineColour?: Int] { try base.deadlineColours(grids: grids, now: now) }
    func requestsWithStaleReportFacts(digest: String, limit: Int) throws -> [ServiceRequest] {
        try base.requestsWithStaleReportFacts(digest: digest, limit: limit)
    }
    func save(_ member: Member) throws { try base.save(member) }
    func member(id: String) throws -> Member? { try base.member(id: id) }
    func members() throws -> [Member] { try base.members() }
    func save(_ unit: CommunityUnit) throws { try base.save(unit) }
    func units() throws -> [CommunityUnit] { try base.units() }
    func save(_ offer: Offer) throws { try base.save(offer) }
    func offers() throws -> [Offer] { try base.offers() }
    func memberRollVersion() throws -> Int { try base.memberRollVersion() }
    func forgetMember(_ id: String) throws { try base.forgetMember(id) }
    func deleteOffers(ownerKind: Offer.OwnerKind, ownerID: String) throws { try base.deleteOffers(ownerKind: ownerKind, ownerID: ownerID) }
    func insert(_ match: ServiceMatch) throws -> Bool { try base.insert(match) }
    func serviceMatch(need number: Int) throws -> ServiceMatch? { try base.serviceMatch(need: number) }
    func serviceMatches() throws -> [ServiceMatch] { try base.serviceMatches() }
    func queueMediaDownload(_ job: MediaJob) throws -> Int64 { try base.queueMediaDownload(job) }
    func claimMediaJobs(limit: Int, owner: String, at date: Date, leaseUntil: Date) throws -> [MediaJob] {
        try base.claimMediaJobs(limit: limit, owner: owner, at: date, leaseUntil: leaseUntil)
    }
    func settleMediaJob(id: Int64, owner: String, _ settlement: MediaJob.Settlement) throws -> Bool {
        try base.settleMediaJob(id: id, owner: owner, settlement)
    }
    func storeMedia(_ media: StoredMedia) throws -> Int64 { try base.storeMedia(media) }
    func media(id: Int64) throws -> StoredMedia? { try base.media(id: id) }
    func mediaJobs(attachments: [String]) throws -> [String: MediaJob] { try base.mediaJobs(attachments: attachments) }
    func countMediaDownload(channel: String, day: String, limit: Int) throws -> Bool {
        try base.countMediaDownload(channel: channel, day: day, limit: limit)
    }
    func mediaJobs(createdBefore date: Date, afterID: Int64, limit: Int) throws -> [MediaJob] {
        try base.mediaJobs(createdBefore: date, afterID: afterID, limit: limit)
    }
    func forgetMediaJobs(ids: [Int64]) throws { try base.forgetMediaJobs(ids: ids) }
    func deleteUnreferencedMedia() throws -> Int { try base.deleteUnreferencedMedia() }
}

/// The two ways a test goes through a transaction: the store's own methods, and the
/// protocol's defaults over the store's required ones.
enum TransactionKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case store
    case defaults

    var testDescription: String { rawValue }

    func wrap(_ transaction: any StoreTransaction) -> any StoreTransaction {
        switch self {
        case .store: transaction
        case .defaults: PlainTransaction(base: transaction)
        }
    }
}
