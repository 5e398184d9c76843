import Foundation
import GRDB
import LinliCore

/// The console's sign-in records (`ConsoleCredentials`) in the `console-auth` tables.
extension SQLiteTransaction {
    func saveSignInToken(_ token: SignInToken, at date: Date) throws {
        try withStoreErrors("saving a console sign-in token") {
            try db.execute(sql: "DELETE FROM console_sign_in_token WHERE expires_at < ?", arguments: [date.millisecondsSince1970])
            try db.execute(sql: "INSERT INTO console_sign_in_token (digest, staff, expires_at) VALUES (?, ?, ?)",
                           arguments: [token.digest, token.staff, token.expiresAt.millisecondsSince1970])
        }
    }

    func useSignInToken(digest: String, at date: Date) throws -> String? {
        try withStoreErrors("using a console sign-in token") {
            // One writer at a time, so reading then marking cannot let two uses through.
            guard let staff = try String.fetchOne(db, sql: """
                SELECT staff FROM console_sign_in_token WHERE digest = ? AND used_at IS NULL AND expires_at > ?
                """, arguments: [digest, date.millisecondsSince1970]) else { return nil }
            try db.execute(sql: "UPDATE console_sign_in_token SET used_at = ? WHERE digest = ?",
                           arguments: [date.millisecondsSince1970, digest])
            return staff
        }
    }

    func saveConsoleSession(_ session: ConsoleSession, at date: Date) throws {
        try withStoreErrors("saving a console session") {
            try db.execute(sql: "DELETE FROM console_session WHERE expires_at < ?", arguments: [date.millisecondsSince1970])
            try db.execute(sql: """
                INSERT INTO console_session (digest, staff, csrf_token, expires_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (digest) DO UPDATE SET staff = excluded.staff, csrf_token = excluded.csrf_token,
                    expires_at = excluded.expires_at
                """, arguments: [session.digest, session.staff, session.csrfToken, session.expiresAt.millisecondsSince1970])
        }
    }

    func consoleSession(digest: String, at date: Date) throws -> ConsoleSession? {
        try withStoreErrors("reading a console session") {
            try Row.fetchOne(db, sql: """
                SELECT staff, csrf_token, expires_at FROM console_session WHERE digest = ? AND expires_at > ?
                """, arguments: [digest, date.millisecondsSince1970]).map { row in
                ConsoleSession(digest: digest, staff: row[0], csrfToken: row[1], expiresAt: Date(millisecondsSince1970: row[2]))
            }
        }
    }

    func deleteConsoleSession(digest: String) throws {
        try withStoreErrors("ending a console session") {
            try db.execute(sql: "DELETE FROM console_session WHERE digest = ?", arguments: [digest])
        }
    }

    func savePasswordHash(_ hash: String, staff: String, at date: Date) throws {
        try withStoreErrors("saving a console password") {
            try db.execute(sql: """
                INSERT INTO console_password (staff, hash, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (staff) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at
                """, arguments: [staff, hash, date.millisecondsSince1970])
        }
    }

    func passwordHash(staff: String) throws -> String? {
        try withStoreErrors("reading a console password") {
            try String.fetchOne(db, sql: "SELECT hash FROM console_password WHERE staff = ?", arguments: [staff])
        }
    }
}
