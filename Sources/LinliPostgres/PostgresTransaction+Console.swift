import Foundation
import LinliCore
import PostgresNIO

/// The console's sign-in records (`ConsoleCredentials`) in the `console-auth` tables. None
/// of these is held back: they touch no table `HeldWrites` batches.
extension PostgresTransaction {
    func saveSignInToken(_ token: SignInToken, at date: Date) throws {
        try withStoreErrors("saving a console sign-in token") {
            try session.run("DELETE FROM console_sign_in_token WHERE expires_at < \(date.millisecondsSince1970)")
            try session.run("""
                INSERT INTO console_sign_in_token (digest, staff, expires_at)
                VALUES (\(token.digest), \(token.staff), \(token.expiresAt.millisecondsSince1970))
                """)
        }
    }

    func useSignInToken(digest: String, at date: Date) throws -> String? {
        try withStoreErrors("using a console sign-in token") {
            // One statement: of two servers using the same token at once, the second finds
            // it used once the first commits.
            try session.run("""
                UPDATE console_sign_in_token SET used_at = \(date.millisecondsSince1970)
                WHERE digest = \(digest) AND used_at IS NULL AND expires_at > \(date.millisecondsSince1970)
                RETURNING staff
                """).rows.first.map { try $0.decode(String.self) }
        }
    }

    func saveConsoleSession(_ session: ConsoleSession, at date: Date) throws {
        try withStoreErrors("saving a console session") {
            try self.session.run("DELETE FROM console_session WHERE expires_at < \(date.millisecondsSince1970)")
            try self.session.run("""
                INSERT INTO console_session (digest, staff, csrf_token, expires_at)
                VALUES (\(session.digest), \(session.staff), \(session.csrfToken), \(session.expiresAt.millisecondsSince1970))
                ON CONFLICT (digest) DO UPDATE SET staff = excluded.staff, csrf_token = excluded.csrf_token,
                    expires_at = excluded.expires_at
                """)
        }
    }

    func consoleSession(digest: String, at date: Date) throws -> ConsoleSession? {
        try withStoreErrors("reading a console session") {
            try session.run("""
                SELECT staff, csrf_token, expires_at FROM console_session
                WHERE digest = \(digest) AND expires_at > \(date.millisecondsSince1970)
                """).rows.first.map { row in
                let (staff, csrf, expiresAt) = try row.decode((String, String, Int64).self)
                return ConsoleSession(digest: digest, staff: staff, csrfToken: csrf, expiresAt: Date(millisecondsSince1970: expiresAt))
            }
        }
    }

    func deleteConsoleSession(digest: String) throws {
        try withStoreErrors("ending a console session") {
            try session.run("DELETE FROM console_session WHERE digest = \(digest)")
        }
    }

    func savePasswordHash(_ hash: String, staff: String, at date: Date) throws {
        try withStoreErrors("saving a console password") {
            try session.run("""
                INSERT INTO console_password (staff, hash, updated_at) VALUES (\(staff), \(hash), \(date.millisecondsSince1970))
                ON CONFLICT (staff) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at
                """)
        }
    }

    func passwordHash(staff: String) throws -> String? {
        try withStoreErrors("reading a console password") {
            try session.run("SELECT hash FROM console_password WHERE staff = \(staff)").rows.first.map { try $0.decode(String.self) }
        }
    }
}
