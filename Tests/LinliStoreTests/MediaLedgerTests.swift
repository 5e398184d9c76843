import Foundation
import LinliCore
import Testing

/// Media downloads and stored media on every store: jobs are leased to one owner at a time
/// and come back when a lease runs out, bytes are kept once per SHA-256, and the daily quota
/// stops counting at its limit.
@Suite("Stores: media")
struct MediaLedgerTests {
    static func job(_ mediaID: String, attachment: String) -> MediaJob {
        MediaJob(channel: "wechat", user: "wechat:resident-1", media: InboundMedia(kind: .image, mediaID: mediaID, url: "http://p/\(mediaID)"),
                 attachment: attachment, createdAt: t0)
    }

    @Test(arguments: Backend.all)
    func aLeasedJobIsOneOwnersUntilItsLeaseRunsOut(backend: Backend) throws {
        try backend.withStore { store in
            let id = try store.write { try $0.queueMediaDownload(Self.job("m1", attachment: "图片：http://p/m1")) }
            let lease = t0.addingTimeInterval(300)
            let first = try store.write { try $0.claimMediaJobs(limit: 4, owner: "A", at: t0, leaseUntil: lease) }
            #expect(first.map(\.id) == [id])
            #expect(first.first?.media == InboundMedia(kind: .image, mediaID: "m1", url: "http://p/m1"))
            // Another server finds nothing while A holds it, and may not settle it.
            #expect(try store.write { try $0.claimMediaJobs(limit: 4, owner: "B", at: t0.addingTimeInterval(10), leaseUntil: lease) }.isEmpty)
            #expect(try !store.write { try $0.settleMediaJob(id: id, owner: "B", .lost("x")) })
            // A stopped: after the lease, B takes the job over and A's late record is refused.
            let later = t0.addingTimeInterval(301)
            let taken = try store.write { try $0.claimMediaJobs(limit: 4, owner: "B", at: later, leaseUntil: later.addingTimeInterval(300)) }
            #expect(taken.map(\.id) == [id])
            #expect(try !store.write { try $0.settleMediaJob(id: id, owner: "A", .lost("late")) })
            // A retry waits for its time, then anyone may take it.
            #expect(try store.write { try $0.settleMediaJob(id: id, owner: "B", .retry("HTTP 502", at: later.addingTimeInterval(60))) })
            #expect(try store.write { try $0.claimMediaJobs(limit: 4, owner: "A", at: later.addingTimeInterval(30), leaseUntil: later) }.isEmpty)
            let retried = try store.write {
                try $0.claimMediaJobs(limit: 4, owner: "A", at: later.addingTimeInterval(61), leaseUntil: later.addingTimeInterval(400))
            }
            #expect(retried.map(\.attempts) == [1])
            #expect(retried.map(\.error) == ["HTTP 502"])
        }
    }

    @Test(arguments: Backend.all)
    func bytesAreKeptOncePerContentAndLinkedToTheirAttachments(backend: Backend) throws {
        try backend.withStore { store in
            let bytes = Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 7, count: 3000))
            let media = StoredMedia(sha256: "abc123", contentType: "image/jpeg", bytes: bytes, createdAt: t0)
            let first = try store.write { try $0.storeMedia(media) }
            let second = try store.write { try $0.storeMedia(media) }
            #expect(first == second)
            #expect(try store.read { try $0.media(id: first) } == StoredMedia(id: first, sha256: "abc123", contentType: "image/jpeg",
                                                                              bytes: bytes, createdAt: t0))
            #expect(try store.read { try $0.media(id: first + 1) } == nil)
            let ids = try store.write { tx in
                [try tx.queueMediaDownload(Self.job("m1", attachment: "图片：一")), try tx.queueMediaDownload(Self.job("m2", attachment: "图片：二"))]
            }
            _ = try store.write { try $0.claimMediaJobs(limit: 4, owner: "A", at: t0, leaseUntil: t0.addingTimeInterval(60)) }
            #expect(try store.write { try $0.settleMediaJob(id: ids[0], owner: "A", .stored(first)) })
            #expect(try store.write { try $0.settleMediaJob(id: ids[1], owner: "A", .lost("errcode 40007")) })
            let jobs = try store.read { try $0.mediaJobs(attachments: ["图片：一", "图片：二", "位置：别处"]) }
            #expect(jobs["图片：一"]?.state == .stored)
            #expect(jobs["图片：一"]?.storedMedia == first)
            #expect(jobs["图片：二"]?.state == .lost)
            #expect(jobs["图片：二"]?.error == "errcode 40007")
            #expect(jobs["位置：别处"] == nil)
            // Settled jobs are not leased again.
            #expect(try store.write { try $0.claimMediaJobs(limit: 4, owner: "A", at: t0.addingTimeInterval(999), leaseUntil: t0) }.isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func retentionPagesThroughOldJobsAndDeletesMediaNoJobRefersTo(backend: Backend) throws {
        try backend.withStore { store in
            let ids = try store.write { tx in
                try (1...3).map { index in
                    var job = Self.job("m\(index)", attachment: "图片：\(index)")
                    job.createdAt = t0.addingTimeInterval(Double(index))
                    return try tx.queueMediaDownload(job)
                }
            }
            let page = try store.read { try $0.mediaJobs(createdBefore: t0.addingTimeInterval(3), afterID: ids[0], limit: 10) }
            #expect(page.map(\.id) == [ids[1]])
            let media = try store.write { tx in
                try ["a", "b"].map { try tx.storeMedia(StoredMedia(sha256: $0, contentType: "image/jpeg", bytes: Data([0xFF, 0xD8, 0xFF]), createdAt: t0)) }
            }
            _ = try store.write { try $0.claimMediaJobs(limit: 4, owner: "A", at: t0.addingTimeInterval(10), leaseUntil: t0.addingTimeInterval(60)) }
            #expect(try store.write { try $0.settleMediaJob(id: ids[0], owner: "A", .stored(media[0])) })
            #expect(try store.write { try $0.deleteUnreferencedMedia() } == 1)
            #expect(try store.read { try $0.media(id: media[1]) } == nil)
            try store.write { try $0.forgetMediaJobs(ids: [ids[0]]) }
            #expect(try store.write { try $0.deleteUnreferencedMedia() } == 1)
            #expect(try store.read { try $0.mediaJobs(createdBefore: t0.addingTimeInterval(99), afterID: 0, limit: 10) }.map(\.id) == Array(ids.dropFirst()))
        }
    }

    @Test(arguments: Backend.all)
    func theDailyQuotaCountsPerChannelAndDayUpToItsLimit(backend: Backend) throws {
        try backend.withStore { store in
            let counted = try (0..<3).map { _ in try store.write { try $0.countMediaDownload(channel: "wechat", day: "2026-12-06", limit: 2) } }
            #expect(counted == [true, true, false])
            #expect(try store.write { try $0.countMediaDownload(channel: "wecom", day: "2026-12-06", limit: 2) })
            #expect(try store.write { try $0.countMediaDownload(channel: "wechat", day: "2026-12-07", limit: 2) })
        }
    }
}

/// Two servers on one PostgreSQL database: media stored through one are read by the other.
@Suite("Stores: media shared by PostgreSQL servers")
struct MediaSharingTests {
    @Test(arguments: Backend.postgresOnly)
    func mediaStoredThroughOneServerAreReadByTheOther(backend: Backend) throws {
        try backend.withDatabase { database in
            let one = try database.open()
            let other = try database.open()
            let bytes = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 3, count: 100_000))
            let id = try one.write { try $0.storeMedia(StoredMedia(sha256: "png-1", contentType: "image/png", bytes: bytes, createdAt: t0)) }
            let read = try other.read { try $0.media(id: id) }
            #expect(read?.bytes == bytes)
            #expect(read?.contentType == "image/png")
            // The other server's claim passes over a job the first holds.
            let job = try one.write { try $0.queueMediaDownload(MediaLedgerTests.job("m9", attachment: "图片：九")) }
            #expect(try one.write { try $0.claimMediaJobs(limit: 4, owner: "one", at: t0, leaseUntil: t0.addingTimeInterval(60)) }.map(\.id) == [job])
            #expect(try other.write { try $0.claimMediaJobs(limit: 4, owner: "other", at: t0, leaseUntil: t0.addingTimeInterval(60)) }.isEmpty)
        }
    }
}
