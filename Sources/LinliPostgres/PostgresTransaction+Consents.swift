import Foundation
import LinliCore
import PostgresNIO

/// 订阅通知 consents (`NoticeConsentStore`) in `notice_consent`.
extension PostgresTransaction {
    func grantNoticeConsent(user: String, templateID: String, at date: Date) throws {
        try withStoreErrors("recording a notice consent") {
            try session.run("""
                INSERT INTO notice_consent (user_id, template_id, granted_at) VALUES (\(user), \(templateID), \(date.millisecondsSince1970))
                """)
        }
    }

    func withdrawNoticeConsents(user: String, templateID: String) throws {
        try withStoreErrors("withdrawing notice consents") {
            try session.run("DELETE FROM notice_consent WHERE user_id = \(user) AND template_id = \(templateID) AND used_at IS NULL")
        }
    }

    func useNoticeConsent(user: String, templateID: String, longTerm: Bool, at date: Date) throws -> Bool {
        try withStoreErrors("using a notice consent") {
            // FOR UPDATE SKIP LOCKED: two servers sending to the same resident at once each
            // take a different consent, or find none, rather than both spending one.
            guard let row = try session.run("""
                SELECT id FROM notice_consent WHERE user_id = \(user) AND template_id = \(templateID) AND used_at IS NULL
                ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                """).rows.first else { return false }
            if !longTerm {
                let id = try row.decode(Int64.self)
                try session.run("UPDATE notice_consent SET used_at = \(date.millisecondsSince1970) WHERE id = \(id)")
            }
            return true
        }
    }

    func noticeConsents(of user: String) throws -> [NoticeConsent] {
        try withStoreErrors("reading notice consents") {
            try session.run("""
                SELECT user_id, template_id, granted_at, used_at FROM notice_consent WHERE user_id = \(user) ORDER BY id
                """).rows.map { row in
                let (user, template, granted, used) = try row.decode((String, String, Int64, Int64?).self)
                return NoticeConsent(user: user, templateID: template, grantedAt: Date(millisecondsSince1970: granted),
                                     usedAt: used.map(Date.init(millisecondsSince1970:)))
            }
        }
    }
}
