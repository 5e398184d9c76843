import Foundation
import LinliCore
import PostgresNIO

/// Media downloads and stored media (`MediaLedger`) in the `media` tables. Several servers
/// lease jobs at once: `FOR UPDATE SKIP LOCKED` lets each take different ones, and a job
/// whose server stopped mid-download is taken again when its lease runs out.
extension PostgresTransaction {
    private static let jobColumns = """
        id, channel, user_id, kind, media_id, url, recognition, attachment, closing_request, state, attempts, media, last_error, created_at
        """

    func queueMediaDownload(_ job: MediaJob) throws -> Int64 {
        try withStoreErrors("queueing a media download") {
            let rows = try session.run("""
                INSERT INTO media_job (channel, user_id, kind, media_id, url, recognition, attachment, closing_request, state, attempts,
                                       next_at, created_at)
                VALUES (\(job.channel), \(job.user), \(job.media.kind.rawValue), \(job.media.mediaID), \(job.media.url),
                        \(job.media.recognition), \(job.attachment), \(job.closing.map(Int64.init)), \(MediaJob.State.pending.rawValue), 0,
                        \(job.createdAt.millisecondsSince1970), \(job.createdAt.millisecondsSince1970))
                RETURNING id
                """).rows
            return try rows.first?.decode(Int64.self) ?? 0
        }
    }

    func claimMediaJobs(limit: Int, owner: String, at date: Date, leaseUntil: Date) throws -> [MediaJob] {
        try withStoreErrors("claiming media downloads") {
            let now = date.millisecondsSince1970
            return try session.run("""
                WITH due AS (
                    SELECT id FROM media_job
                    WHERE state = 'pending' AND next_at <= \(now)
                      AND (lease_owner IS NULL OR lease_until < \(now))
                    ORDER BY id LIMIT \(Int64(limit))
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE media_job SET lease_owner = \(owner), lease_until = \(leaseUntil.millisecondsSince1970)
                FROM due WHERE media_job.id = due.id
                RETURNING \(unescaped: Self.jobColumns.split(separator: ",").map { "media_job." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", "))
                """).rows.map(Self.mediaJob).sorted { $0.id < $1.id }
        }
    }

    func settleMediaJob(id: Int64, owner: String, _ settlement: MediaJob.Settlement) throws -> Bool {
        try withStoreErrors("settling media download \(id)") {
            let rows: [PostgresRow]
            switch settlement {
            case .stored(let media):
                rows = try session.run("""
                    UPDATE media_job SET state = 'stored', media = \(media), last_error = NULL, lease_owner = NULL, lease_until = NULL
                    WHERE id = \(id) AND state = 'pending' AND lease_owner = \(owner) RETURNING id
                    """).rows
            case .lost(let reason):
                rows = try session.run("""
                    UPDATE media_job SET state = 'lost', last_error = \(reason), lease_owner = NULL, lease_until = NULL
                    WHERE id = \(id) AND state = 'pending' AND lease_owner = \(owner) RETURNING id
                    """).rows
            case .retry(let reason, let at):
                rows = try session.run("""
                    UPDATE media_job SET attempts = attempts + 1, last_error = \(reason), next_at = \(at.millisecondsSince1970),
                        lease_owner = NULL, lease_until = NULL
                    WHERE id = \(id) AND state = 'pending' AND lease_owner = \(owner) RETURNING id
                    """).rows
            }
            return !rows.isEmpty
        }
    }

    func storeMedia(_ media: StoredMedia) throws -> Int64 {
        try withStoreErrors("storing media") {
            try session.run("""
                INSERT INTO media (sha256, content_type, size, bytes, created_at)
                VALUES (\(media.sha256), \(media.contentType), \(Int64(media.bytes.count)), \(media.bytes), \(media.createdAt.millisecondsSince1970))
                ON CONFLICT (sha256) DO NOTHING
                """)
            return try session.run("SELECT id FROM media WHERE sha256 = \(media.sha256)").rows.first?.decode(Int64.self) ?? 0
        }
    }

    func media(id: Int64) throws -> StoredMedia? {
        try withStoreErrors("reading media \(id)") {
            try session.run("SELECT id, sha256, content_type, bytes, created_at FROM media WHERE id = \(id)").rows.first.map { row in
                let (id, sha256, contentType, bytes, createdAt) = try row.decode((Int64, String, String, Data, Int64).self)
                return StoredMedia(id: id, sha256: sha256, contentType: contentType, bytes: bytes,
                                   createdAt: Date(millisecondsSince1970: createdAt))
            }
        }
    }

    func mediaJobs(attachments: [String]) throws -> [String: MediaJob] {
        guard !attachments.isEmpty else { return [:] }
        return try withStoreErrors("reading media downloads of attachments") {
            let jobs = try session.run("""
                SELECT \(unescaped: Self.jobColumns) FROM media_job WHERE attachment = ANY(\(attachments)) ORDER BY id
                """).rows.map(Self.mediaJob)
            // The newest wins: the same media sent again was downloaded again.
            return Dictionary(jobs.map { ($0.attachment, $0) }, uniquingKeysWith: { _, newer in newer })
        }
    }

    func countMediaDownload(channel: String, day: String, limit: Int) throws -> Bool {
        try withStoreErrors("counting a media download") {
            try session.run("""
                INSERT INTO media_quota (channel, day, count) VALUES (\(channel), \(day), 1)
                ON CONFLICT (channel, day) DO UPDATE SET count = media_quota.count + 1 WHERE media_quota.count < \(Int64(limit))
                RETURNING count
                """).rows.isEmpty == false
        }
    }

    func mediaJobs(createdBefore date: Date, afterID: Int64, limit: Int) throws -> [MediaJob] {
        try withStoreErrors("reading old media downloads") {
            try session.run("""
                SELECT \(unescaped: Self.jobColumns) FROM media_job
                WHERE created_at < \(date.millisecondsSince1970) AND id > \(afterID) ORDER BY id LIMIT \(Int64(limit))
                """).rows.map(Self.mediaJob)
        }
    }

    func forgetMediaJobs(ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try withStoreErrors("forgetting \(ids.count) media downloads") {
            _ = try session.run("DELETE FROM media_job WHERE id = ANY(\(ids))")
        }
    }

    func deleteUnreferencedMedia() throws -> Int {
        try withStoreErrors("deleting media no download refers to") {
            try session.run("""
                DELETE FROM media WHERE NOT EXISTS (SELECT 1 FROM media_job WHERE media_job.media = media.id) RETURNING id
                """).rows.count
        }
    }

    private static func mediaJob(_ row: PostgresRow) throws -> MediaJob {
        let (id, channel, user, kind, mediaID, url, recognition, attachment, closing, state, attempts, media, error, createdAt) =
            try row.decode((Int64, String, String, String, String, String?, String?, String, Int64?, String, Int32, Int64?, String?, Int64).self)
        return MediaJob(id: id, channel: channel, user: user,
                        media: InboundMedia(kind: InboundMedia.Kind(rawValue: kind) ?? .file, mediaID: mediaID, url: url, recognition: recognition),
                        attachment: attachment, closing: closing.map(Int.init), state: MediaJob.State(rawValue: state) ?? .pending, attempts: Int(attempts),
                        storedMedia: media, error: error, createdAt: Date(millisecondsSince1970: createdAt))
    }
}
