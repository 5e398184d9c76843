import Foundation
import GRDB
import LinliCore

/// 订阅通知 consents (`NoticeConsentStore`) in `notice_consent`. One writer at a time, so
/// taking the oldest unused row needs no lock of its own.
extension SQLiteTransaction {
    func grantNoticeConsent(user: String, templateID: String, at date: Date) throws {
        try withStoreErrors("recording a notice consent") {
            try db.execute(sql: "INSERT INTO notice_consent (user_id, template_id, granted_at) VALUES (?, ?, ?)",
                           arguments: [user, templateID, date.millisecondsSince1970])
        }
    }

    func withdrawNoticeConsents(user: String, templateID: String) throws {
        try withStoreErrors("withdrawing notice consents") {
            try db.execute(sql: "DELETE FROM notice_consent WHERE user_id = ? AND template_id = ? AND used_at IS NULL",
                           arguments: [user, templateID])
        }
    }

    func useNoticeConsent(user: String, templateID: String, longTerm: Bool, at date: Date) throws -> Bool {
        try withStoreErrors("using a notice consent") {
            guard let id = try Int64.fetchOne(db, sql: """
                SELECT id FROM notice_consent WHERE user_id = ? AND template_id = ? AND used_at IS NULL ORDER BY id LIMIT 1
                """, arguments: [user, templateID]) else { return false }
            if !longTerm {
                try db.execute(sql: "UPDATE notice_consent SET used_at = ? WHERE id = ?", arguments: [date.millisecondsSince1970, id])
            }
            return true
        }
    }

    func noticeConsents(of user: String) throws -> [NoticeConsent] {
        try withStoreErrors("reading notice consents") {
            try Row.fetchAll(db, sql: "SELECT * FROM notice_consent WHERE user_id = ? ORDER BY id", arguments: [user]).map { row in
                NoticeConsent(user: row["user_id"], templateID: row["template_id"],
                              grantedAt: Date(millisecondsSince1970: row["granted_at"]),
                              usedAt: (row["used_at"] as Int64?).map(Date.init(millisecondsSince1970:)))
            }
        }
    }
}
