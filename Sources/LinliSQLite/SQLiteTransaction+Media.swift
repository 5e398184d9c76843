import Foundation
import GRDB
import LinliCore

/// Media downloads and stored media (`MediaLedger`) in the `media` tables. One process owns
/// the file, but jobs are leased all the same: a download cut short by a stop is taken up
/// again once its lease runs out.
extension SQLiteTransaction {
    func queueMediaDownload(_ job: MediaJob) throws -> Int64 {
        try withStoreErrors("queueing a media download") {
            try db.execute(sql: """
                INSERT INTO media_job (channel, user_id, kind, media_id, url, recognition, attachment, closing_request, state, attempts,
                                       next_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                """, arguments: [job.channel, job.user, job.media.kind.rawValue, job.media.mediaID, job.media.url, job.media.recognition,
                                 job.attachment, job.closing, MediaJob.State.pending.rawValue, job.createdAt.millisecondsSince1970,
                                 job.createdAt.millisecondsSince1970])
            return db.lastInsertedRowID
        }
    }

    func claimMediaJobs(limit: Int, owner: String, at date: Date, leaseUntil: Date) throws -> [MediaJob] {
        try withStoreErrors("claiming media downloads") {
            let now = date.millisecondsSince1970
            let ids = try Int64.fetchAll(db, sql: """
                SELECT id FROM media_job
                WHERE state = 'pending' AND next_at <= ? AND (lease_owner IS NULL OR lease_until < ?)
                ORDER BY id LIMIT ?
                """, arguments: [now, now, limit])
            guard !ids.isEmpty else { return [] }
            let list = ids.map(String.init).joined(separator: ",")
            try db.execute(sql: "UPDATE media_job SET lease_owner = ?, lease_until = ? WHERE id IN (\(list))",
                           arguments: [owner, leaseUntil.millisecondsSince1970])
            return try Row.fetchAll(db, sql: "SELECT * FROM media_job WHERE id IN (\(list)) ORDER BY id").map(Self.mediaJob)
        }
    }

    func settleMediaJob(id: Int64, owner: String, _ settlement: MediaJob.Settlement) throws -> Bool {
        try withStoreErrors("settling media download \(id)") {
            let lease = "id = ? AND state = 'pending' AND lease_owner = ?"
            switch settlement {
            case .stored(let media):
                try db.execute(sql: "UPDATE media_job SET state = 'stored', media = ?, last_error = NULL, lease_owner = NULL, lease_until = NULL WHERE \(lease)",
                               arguments: [media, id, owner])
            case .lost(let reason):
                try db.execute(sql: "UPDATE media_job SET state = 'lost', last_error = ?, lease_owner = NULL, lease_until = NULL WHERE \(lease)",
                               arguments: [reason, id, owner])
            case .retry(let reason, let at):
                try db.execute(sql: """
                    UPDATE media_job SET attempts = attempts + 1, last_error = ?, next_at = ?, lease_owner = NULL, lease_until = NULL
                    WHERE \(lease)
                    """, arguments: [reason, at.millisecondsSince1970, id, owner])
            }
            return db.changesCount > 0
        }
    }

    func storeMedia(_ media: StoredMedia) throws -> Int64 {
        try withStoreErrors("storing media") {
            try db.execute(sql: """
                INSERT INTO media (sha256, content_type, size, bytes, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (sha256) DO NOTHING
                """, arguments: [media.sha256, media.contentType, media.bytes.count, media.bytes, media.createdAt.millisecondsSince1970])
            return try Int64.fetchOne(db, sql: "SELECT id FROM media WHERE sha256 = ?", arguments: [media.sha256]) ?? 0
        }
    }

    func media(id: Int64) throws -> StoredMedia? {
        try withStoreErrors("reading media \(id)") {
            try Row.fetchOne(db, sql: "SELECT * FROM media WHERE id = ?", arguments: [id]).map { row in
                StoredMedia(id: row["id"], sha256: row["sha256"], contentType: row["content_type"], bytes: row["bytes"],
                            createdAt: Date(millisecondsSince1970: row["created_at"]))
            }
        }
    }

    func mediaJobs(attachments: [String]) throws -> [String: MediaJob] {
        guard !attachments.isEmpty else { return [:] }
        return try withStoreErrors("reading media downloads of attachments") {
            let marks = Array(repeating: "?", count: attachments.count).joined(separator: ",")
            let jobs = try Row.fetchAll(db, sql: "SELECT * FROM media_job WHERE attachment IN (\(marks)) ORDER BY id",
                                        arguments: StatementArguments(attachments)).map(Self.mediaJob)
            // The newest wins: the same media sent again was downloaded again.
            return Dictionary(jobs.map { ($0.attachment, $0) }, uniquingKeysWith: { _, newer in newer })
        }
    }

    func countMediaDownload(channel: String, day: String, limit: Int) throws -> Bool {
        try withStoreErrors("counting a media download") {
            try db.execute(sql: """
                INSERT INTO media_quota (channel, day, count) VALUES (?, ?, 1)
                ON CONFLICT (channel, day) DO UPDATE SET count = count + 1 WHERE count < ?
                """, arguments: [channel, day, limit])
            return db.changesCount > 0
        }
    }

    func mediaJobs(createdBefore date: Date, afterID: Int64, limit: Int) throws -> [MediaJob] {
        try withStoreErrors("reading old media downloads") {
            try Row.fetchAll(db, sql: "SELECT * FROM media_job WHERE created_at < ? AND id > ? ORDER BY id LIMIT ?",
                             arguments: [date.millisecondsSince1970, afterID, limit]).map(Self.mediaJob)
        }
    }

    func forgetMediaJobs(ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try withStoreErrors("forgetting \(ids.count) media downloads") {
            try db.execute(sql: "DELETE FROM media_job WHERE id IN (\(ids.map(String.init).joined(separator: ",")))")
        }
    }

    func deleteUnreferencedMedia() throws -> Int {
        try withStoreErrors("deleting media no download refers to") {
            try db.execute(sql: "DELETE FROM media WHERE NOT EXISTS (SELECT 1 FROM media_job WHERE media_job.media = media.id)")
            return db.changesCount
        }
    }

    static func mediaJob(_ row: Row) -> MediaJob {
        MediaJob(id: row["id"], channel: row["channel"], user: row["user_id"],
                 media: InboundMedia(kind: InboundMedia.Kind(rawValue: row["kind"]) ?? .file, mediaID: row["media_id"], url: row["url"],
                                     recognition: row["recognition"]),
                 attachment: row["attachment"], closing: row["closing_request"], state: MediaJob.State(rawValue: row["state"]) ?? .pending, attempts: row["attempts"],
                 storedMedia: row["media"], error: row["last_error"], createdAt: Date(millisecondsSince1970: row["created_at"]))
    }
}
