import Foundation
import LinliCore
import PostgresNIO

extension PostgresStore {
    /// One step of the schema's history.
    struct Migration: Sendable {
        /// The name recorded in `schema_migrations`.
        let version: String
        /// The statements, run in order in one transaction.
        let statements: [String]
    }

    /// The key of the advisory lock held while migrating, so that servers starting together
    /// migrate once ("linli-mg").
    static let migrationLock: Int64 = 0x6C69_6E6C_692D_6D67

    /// The schema's history. Append-only: a migration that has landed is never edited,
    /// because databases in the field already ran it; change the schema with a new one.
    ///
    /// It mirrors the SQLite schema (times in Unix milliseconds, JSON bodies as TEXT), plus
    /// what several servers sharing one database need: outbox leases and shared tokens.
    static let migrations: [Migration] = [
        Migration(version: "v1-initial", statements: [
            """
            CREATE TABLE inbox (
                key TEXT PRIMARY KEY,
                replies TEXT NOT NULL,
                handled_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE conversation (
                user_id TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE request (
                number BIGINT PRIMARY KEY,
                intent TEXT NOT NULL,
                status TEXT NOT NULL,
                resident TEXT NOT NULL,
                grid TEXT,
                claimer TEXT,
                opened_at BIGINT NOT NULL,
                claimed_at BIGINT,
                resolved_at BIGINT,
                rating BIGINT,
                community TEXT,
                building TEXT,
                body TEXT NOT NULL
            )
            """,
            "CREATE INDEX request_on_status ON request(status)",
            "CREATE INDEX request_on_address ON request(community, building)",
            "CREATE INDEX request_on_resident ON request(resident)",
            "CREATE INDEX request_on_grid ON request(grid)",
            "CREATE INDEX request_on_opened_at ON request(opened_at, number)",
            """
            CREATE TABLE request_follower (
                request BIGINT NOT NULL REFERENCES request(number),
                user_id TEXT NOT NULL,
                PRIMARY KEY (request, user_id)
            )
            """,
            "CREATE INDEX request_follower_on_user ON request_follower(user_id)",
            """
            CREATE TABLE event (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                request BIGINT NOT NULL REFERENCES request(number),
                kind TEXT NOT NULL,
                actor TEXT NOT NULL,
                at BIGINT NOT NULL,
                note TEXT
            )
            """,
            "CREATE INDEX event_on_request ON event(request, at)",
            "CREATE INDEX event_on_at ON event(at)",
            """
            CREATE TABLE outbox (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                recipient TEXT NOT NULL,
                text TEXT NOT NULL,
                origin TEXT,
                created_at BIGINT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                delivered_at BIGINT,
                lease_owner TEXT,
                lease_until BIGINT
            )
            """,
            // Partial: only pending rows are ever searched, and they are few.
            "CREATE INDEX outbox_pending ON outbox(id) WHERE state = 'pending'",
            "CREATE INDEX outbox_pending_by_recipient ON outbox(recipient, id) WHERE state = 'pending'",
            """
            CREATE TABLE sequence (
                name TEXT PRIMARY KEY,
                value BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE access_token (
                name TEXT PRIMARY KEY,
                value TEXT,
                expires_at BIGINT
            )
            """,
        ]),
        // Followers live in request_follower alone, in the order they joined (id), so that
        // linking one more is one insert rather than a rewrite of the whole body, as in the
        // SQLite store (its v4). The body was the truth: the table is rebuilt from it, in
        // the body's order, then the followers are emptied out of it.
        Migration(version: "v2-followers-out-of-body", statements: [
            "ALTER TABLE request_follower ADD COLUMN id BIGINT GENERATED ALWAYS AS IDENTITY",
            "DELETE FROM request_follower",
            """
            INSERT INTO request_follower (request, user_id)
            SELECT request.number, follower.user_id
            FROM request, jsonb_array_elements_text(request.body::jsonb -> 'followers') WITH ORDINALITY AS follower(user_id, place)
            ORDER BY request.number, follower.place
            ON CONFLICT DO NOTHING
            """,
            """
            UPDATE request SET body = jsonb_set(body::jsonb, '{followers}', '[]')::text
            WHERE body::jsonb -> 'followers' <> '[]'
            """,
        ]),
        // The start of every message in one statement rather than three (PostgresNIO sends
        // one statement per round trip): claim the dedupe key; when another transaction
        // handled it, return the replies it recorded; else take the reader's advisory lock
        // and then read their conversation. The function is VOLATILE, so under READ
        // COMMITTED each statement in it takes a fresh snapshot: the read after the lock
        // sees whatever the lock's previous holder committed.
        Migration(version: "v3-claim-message", statements: [
            """
            CREATE FUNCTION linli_claim_message(message_key TEXT, received_at BIGINT, reader TEXT, lock_space INTEGER)
            RETURNS TABLE (claimed BOOLEAN, stored TEXT)
            LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                INSERT INTO inbox (key, replies, handled_at) VALUES (message_key, '[]', received_at)
                ON CONFLICT DO NOTHING;
                IF NOT FOUND THEN
                    RETURN QUERY SELECT false, inbox.replies FROM inbox WHERE inbox.key = message_key;
                ELSIF reader IS NULL THEN
                    RETURN QUERY SELECT true, NULL::TEXT;
                ELSE
                    PERFORM pg_advisory_xact_lock(lock_space, hashtext(reader));
                    RETURN QUERY SELECT true, (SELECT conversation.state FROM conversation WHERE conversation.user_id = reader);
                END IF;
            END
            $$
            """,
        ]),
        // Pruning deletes by age in small batches; without these each batch would scan the
        // table for its rows (the SQLite store's v5).
        Migration(version: "v4-retention", statements: [
            "CREATE INDEX inbox_on_handled_at ON inbox(handled_at)",
            "CREATE INDEX outbox_on_created_at ON outbox(created_at)",
        ]),
        // The next moment the deadline timer must look at a request (the body's `alertAt`),
        // so that a pass locks the few due rows through the index rather than scanning every
        // open request; partial, as closed requests have none (the SQLite store's v6). Requests
        // still in hand are due at once, so the first pass works out their steps.
        Migration(version: "v5-request-alert-at", statements: [
            "ALTER TABLE request ADD COLUMN alert_at BIGINT",
            "CREATE INDEX request_on_alert_at ON request(alert_at, number) WHERE alert_at IS NOT NULL",
            """
            UPDATE request SET alert_at = (extract(epoch FROM now()) * 1000)::bigint
                WHERE status IN ('open', 'assigned', 'claimed', 'reopened', 'resolved')
            """,
        ]),
        // The console's sign-in records, as the SQLite store's `console-auth`: tokens and
        // sessions by the SHA-256 of the secret, deleted once expired by the next save.
        Migration(version: "console-auth", statements: [
            """
            CREATE TABLE console_sign_in_token (
                digest TEXT PRIMARY KEY,
                staff TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                used_at BIGINT
            )
            """,
            "CREATE INDEX console_sign_in_token_on_expires_at ON console_sign_in_token(expires_at)",
            """
            CREATE TABLE console_session (
                digest TEXT PRIMARY KEY,
                staff TEXT NOT NULL,
                csrf_token TEXT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX console_session_on_expires_at ON console_session(expires_at)",
            """
            CREATE TABLE console_password (
                staff TEXT PRIMARY KEY,
                hash TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
        ]),
        // The console's queue lists newest first, often within a grid or of one claimer, and
        // searches by a phone's last four digits (the SQLite store's console-indexes; the
        // opening order has had its index since v1).
        Migration(version: "console-indexes", statements: [
            "CREATE INDEX request_on_grid_opened_at ON request(grid, opened_at)",
            "CREATE INDEX request_on_claimer ON request(claimer)",
            // Read from the body's text: a body may hold a `\u0000` escape, which a cast to jsonb refuses.
            #"CREATE INDEX request_on_phone_tail ON request ((substring(body from '"phone":"[^"]*([0-9]{4})"')))"#,
        ]),
        // Published tasks and members' places on them, as the SQLite store's `tasks`.
        Migration(version: "tasks", statements: [
            """
            CREATE TABLE task (
                number BIGINT PRIMARY KEY,
                title TEXT NOT NULL,
                place TEXT NOT NULL,
                community TEXT,
                time TEXT NOT NULL,
                needed BIGINT NOT NULL,
                expected_minutes BIGINT NOT NULL,
                status TEXT NOT NULL,
                publisher TEXT NOT NULL,
                published_at BIGINT NOT NULL,
                done_at BIGINT
            )
            """,
            "CREATE INDEX task_on_published_at ON task(published_at)",
            """
            CREATE TABLE task_claim (
                task BIGINT NOT NULL REFERENCES task(number),
                member TEXT NOT NULL,
                claimed_at BIGINT NOT NULL,
                withdrawn_at BIGINT,
                minutes BIGINT,
                PRIMARY KEY (task, member)
            )
            """,
            "CREATE INDEX task_claim_on_member ON task_claim(member)",
        ]),
        // 订阅通知 consents: one row per 同意, used_at set when a one-time notice spends it.
        Migration(version: "notice-consents", statements: [
            """
            CREATE TABLE notice_consent (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                user_id TEXT NOT NULL,
                template_id TEXT NOT NULL,
                granted_at BIGINT NOT NULL,
                used_at BIGINT
            )
            """,
            "CREATE INDEX notice_consent_on_user ON notice_consent(user_id, template_id, used_at, id)",
        ]),
        // What a message tells a resident of their request, for a 订阅通知 in its place.
        Migration(version: "outbox-notice", statements: ["ALTER TABLE outbox ADD COLUMN notice TEXT"]),
        // What the report counts, as columns, so that it is aggregated in SQL (the SQLite
        // store's `report-columns`): the policy's due times, written by the engine with every
        // save under the policy `deadline_digest` names (NULL here: the engine works them out
        // before the next report), and what is only in the body.
        Migration(version: "report-columns", statements: [
            """
            ALTER TABLE request ADD COLUMN claim_due_at BIGINT, ADD COLUMN resolve_due_at BIGINT,
                ADD COLUMN yellow_at BIGINT, ADD COLUMN red_at BIGINT, ADD COLUMN deadline_digest TEXT,
                ADD COLUMN extensions INTEGER NOT NULL DEFAULT 0, ADD COLUMN reopened INTEGER NOT NULL DEFAULT 0,
                ADD COLUMN service_minutes INTEGER
            """,
            """
            UPDATE request SET
                extensions = (SELECT count(*) FROM jsonb_array_elements(coalesce(body::jsonb -> 'extensions', '[]'::jsonb)) AS x
                              WHERE x -> 'approvedAt' IS NOT NULL AND x -> 'approvedAt' <> 'null'::jsonb),
                reopened = CASE WHEN body::jsonb -> 'reopenedAt' IS NULL OR body::jsonb -> 'reopenedAt' = 'null'::jsonb THEN 0 ELSE 1 END,
                service_minutes = (body::jsonb ->> 'serviceMinutes')::integer
            """,
            "CREATE INDEX request_on_deadline_digest ON request(deadline_digest)",
            "CREATE INDEX request_on_status_grid ON request(status, grid, yellow_at, red_at)",
            "CREATE INDEX event_on_kind_at ON event(kind, at)",
        ]),
        // 双报到: members, units and offers, as the SQLite store's `members`.
        Migration(version: "members", statements: [
            """
            CREATE TABLE member (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                phone TEXT NOT NULL,
                unit_name TEXT,
                unit_id TEXT,
                community TEXT NOT NULL,
                grids TEXT NOT NULL,
                offers TEXT NOT NULL,
                times TEXT NOT NULL,
                registration BIGINT,
                active BOOLEAN NOT NULL,
                joined_at BIGINT NOT NULL,
                changed_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX member_on_unit ON member(unit_id)",
            """
            CREATE TABLE unit (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                contact_id TEXT NOT NULL,
                contact_name TEXT NOT NULL,
                phone TEXT NOT NULL,
                community TEXT NOT NULL,
                times TEXT NOT NULL,
                registration BIGINT,
                joined_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE offer (
                id TEXT PRIMARY KEY,
                owner_kind TEXT NOT NULL,
                owner_id TEXT NOT NULL,
                service_type TEXT NOT NULL,
                text TEXT NOT NULL,
                capacity TEXT,
                times TEXT NOT NULL,
                community TEXT NOT NULL
            )
            """,
            "CREATE INDEX offer_on_owner ON offer(owner_kind, owner_id)",
            "CREATE INDEX offer_on_community_type ON offer(community, service_type)",
            // The member roll's version read with the claim, so that the directory's check
            // on every message costs no round trip of its own.
            "DROP FUNCTION linli_claim_message(TEXT, BIGINT, TEXT, INTEGER)",
            """
            CREATE FUNCTION linli_claim_message(message_key TEXT, received_at BIGINT, reader TEXT, lock_space INTEGER)
            RETURNS TABLE (claimed BOOLEAN, stored TEXT, roll BIGINT)
            LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                INSERT INTO inbox (key, replies, handled_at) VALUES (message_key, '[]', received_at)
                ON CONFLICT DO NOTHING;
                IF NOT FOUND THEN
                    RETURN QUERY SELECT false, inbox.replies, NULL::BIGINT FROM inbox WHERE inbox.key = message_key;
                ELSIF reader IS NULL THEN
                    RETURN QUERY SELECT true, NULL::TEXT, NULL::BIGINT;
                ELSE
                    PERFORM pg_advisory_xact_lock(lock_space, hashtext(reader));
                    RETURN QUERY SELECT true, (SELECT conversation.state FROM conversation WHERE conversation.user_id = reader),
                        coalesce((SELECT sequence.value FROM sequence WHERE sequence.name = 'member_roll'), 0);
                END IF;
            END
            $$
            """,
        ]),
        // The 服务清单: confirmed matches of needs with offers, as the SQLite store's `lists`.
        Migration(version: "lists", statements: [
            """
            CREATE TABLE service_match (
                need BIGINT PRIMARY KEY REFERENCES request(number),
                offer_id TEXT NOT NULL,
                owner_kind TEXT NOT NULL,
                owner_id TEXT NOT NULL,
                service_type TEXT NOT NULL,
                confirmed_by TEXT NOT NULL,
                confirmed_at BIGINT NOT NULL
            )
            """,
        ]),
        // Photos, recordings, videos and files in the database itself (one row per content,
        // by SHA-256), so that every server on it serves them; the downloads owed, leased
        // like the outbox; each platform's downloads per day against its quota.
        Migration(version: "media", statements: [
            """
            CREATE TABLE media (
                id BIGSERIAL PRIMARY KEY,
                sha256 TEXT NOT NULL UNIQUE,
                content_type TEXT NOT NULL,
                size BIGINT NOT NULL,
                bytes BYTEA NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE media_job (
                id BIGSERIAL PRIMARY KEY,
                channel TEXT NOT NULL,
                user_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                media_id TEXT NOT NULL,
                url TEXT,
                recognition TEXT,
                attachment TEXT NOT NULL,
                closing_request BIGINT,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_at BIGINT NOT NULL,
                lease_owner TEXT,
                lease_until BIGINT,
                media BIGINT REFERENCES media(id),
                last_error TEXT,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX media_job_on_state ON media_job(state, next_at)",
            "CREATE INDEX media_job_on_attachment ON media_job(attachment)",
            "CREATE INDEX media_job_on_media ON media_job(media)",
            """
            CREATE TABLE media_quota (
                channel TEXT NOT NULL,
                day TEXT NOT NULL,
                count INTEGER NOT NULL,
                PRIMARY KEY (channel, day)
            )
            """,
        ]),
    ]

    /// Brings the schema up to date on `session` (up to migration `last` when given, for
    /// tests of later migrations), under the migration lock, recording each applied
    /// migration; servers that wait for the lock find the work done.
    static func migrate(_ session: Session, schema: String?, upTo last: String? = nil) throws {
        try withStoreErrors("migrating the PostgreSQL database") {
            try session.run("SELECT pg_advisory_lock(\(migrationLock))")
            defer { _ = try? session.run("SELECT pg_advisory_unlock(\(migrationLock))") }
            if let schema {
                guard Configuration.isPlainIdentifier(schema) else {
                    throw CoreError(.storeFailure, "schema \(schema) must be lower-case letters, digits and _")
                }
                try session.run(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"))
            }
            try session.run("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version TEXT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """)
            let applied = Set(try session.run("SELECT version FROM schema_migrations").rows.map { try $0.decode(String.self) })
            var wanted = migrations[...]
            if let last {
                guard let end = migrations.firstIndex(where: { $0.version == last }) else {
                    throw CoreError(.storeFailure, "migrating the PostgreSQL database: no migration \(last)")
                }
                wanted = migrations[...end]
            }
            for migration in wanted where !applied.contains(migration.version) {
                try session.transaction {
                    for statement in migration.statements {
                        try session.run(PostgresQuery(unsafeSQL: statement))
                    }
                    try session.run("INSERT INTO schema_migrations (version) VALUES (\(migration.version))")
                }
            }
        }
    }

    /// The migrations recorded in the database, in the order they were applied.
    func appliedMigrations() throws -> [String] {
        try withSession("reading applied migrations") { session in
            try session.run("SELECT version FROM schema_migrations ORDER BY applied_at, version").rows
                .map { try $0.decode(String.self) }
        }
    }
}
