import GRDB

extension SQLiteStore {
    /// The schema's history. Append-only: a migration that has landed is never edited,
    /// because databases in the field already ran it; change the schema with a new one.
    ///
    /// Raw SQL rather than GRDB's table builder so that what a migration does cannot change
    /// when the library does.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial") { db in
            try db.execute(sql: """
                CREATE TABLE inbox (
                    key TEXT PRIMARY KEY NOT NULL,
                    replies TEXT NOT NULL,
                    handled_at INTEGER NOT NULL
                );
                CREATE TABLE conversation (
                    user_id TEXT PRIMARY KEY NOT NULL,
                    state TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE request (
                    number INTEGER PRIMARY KEY NOT NULL,
                    intent TEXT NOT NULL,
                    status TEXT NOT NULL,
                    resident TEXT NOT NULL,
                    grid TEXT,
                    claimer TEXT,
                    opened_at INTEGER NOT NULL,
                    claimed_at INTEGER,
                    resolved_at INTEGER,
                    rating INTEGER,
                    community TEXT,
                    building TEXT,
                    body TEXT NOT NULL
                );
                CREATE INDEX request_on_status ON request(status);
                CREATE INDEX request_on_address ON request(community, building);
                CREATE INDEX request_on_resident ON request(resident);
                CREATE INDEX request_on_grid ON request(grid);
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    request INTEGER NOT NULL REFERENCES request(number),
                    kind TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    note TEXT
                );
                CREATE INDEX event_on_request ON event(request, at);
                CREATE INDEX event_on_at ON event(at);
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    recipient TEXT NOT NULL,
                    text TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    delivered_at INTEGER
                );
                CREATE INDEX outbox_on_state ON outbox(state, id);
                CREATE TABLE sequence (
                    name TEXT PRIMARY KEY NOT NULL,
                    value INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-request-followers") { db in
            // Residents whose duplicate reports joined a request, indexed, so that "my
            // requests" no longer scans every request body for the user id.
            try db.execute(sql: """
                CREATE TABLE request_follower (
                    request INTEGER NOT NULL REFERENCES request(number),
                    user_id TEXT NOT NULL,
                    PRIMARY KEY (request, user_id)
                );
                CREATE INDEX request_follower_on_user ON request_follower(user_id);
                INSERT OR IGNORE INTO request_follower (request, user_id)
                    SELECT request.number, followers.value FROM request, json_each(request.body, '$.followers') AS followers;
                """)
        }
        migrator.registerMigration("v3-outbox-origin") { db in
            // The staff member whose action a row carries, told when it cannot be delivered;
            // NULL for rows written before, which nobody is told about.
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN origin TEXT")
        }
        migrator.registerMigration("v4-followers-out-of-body") { db in
            // Followers live in request_follower alone, in the order they joined (rowid), so
            // that linking one more is one insert rather than a rewrite of the whole body.
            // The body was the truth: the table is rebuilt from it, then emptied out of it.
            try db.execute(sql: """
                DELETE FROM request_follower;
                INSERT OR IGNORE INTO request_follower (request, user_id)
                    SELECT request.number, followers.value FROM request, json_each(request.body, '$.followers') AS followers
                    ORDER BY request.number, followers.key;
                UPDATE request SET body = json_set(body, '$.followers', json('[]'));
                """)
        }
        migrator.registerMigration("v5-retention") { db in
            // Pruning deletes by age in small batches; without these each batch would scan
            // the table for its rows, holding the writer longer the larger the table.
            try db.execute(sql: """
                CREATE INDEX inbox_on_handled_at ON inbox(handled_at);
                CREATE INDEX outbox_on_created_at ON outbox(created_at);
                """)
        }
        migrator.registerMigration("v6-request-alert-at") { db in
            // The next moment the deadline timer must look at a request (the body's
            // `alertAt`), so that a pass reads the few due rows through the index rather than
            // every open request. Partial: most requests, once closed, have none. Requests
            // still in hand when it runs are due at once, so the first pass works out their
            // steps (none is forgotten for being older than the timer); closed ones never are.
            try db.execute(sql: """
                ALTER TABLE request ADD COLUMN alert_at INTEGER;
                CREATE INDEX request_on_alert_at ON request(alert_at, number) WHERE alert_at IS NOT NULL;
                UPDATE request SET alert_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000
                    WHERE status IN ('open', 'assigned', 'claimed', 'reopened', 'resolved');
                """)
        }
        migrator.registerMigration("console-auth") { db in
            // The console's sign-in records. Tokens and sessions are kept by the SHA-256 of
            // the secret, never the secret; both are deleted once expired (by the next save),
            // so the expiry indexes keep that cheap. Staff ids are compared as bytes (BLOB
            // collation is SQLite's default for TEXT).
            try db.execute(sql: """
                CREATE TABLE console_sign_in_token (
                    digest TEXT PRIMARY KEY NOT NULL,
                    staff TEXT NOT NULL,
                    expires_at INTEGER NOT NULL,
                    used_at INTEGER
                );
                CREATE INDEX console_sign_in_token_on_expires_at ON console_sign_in_token(expires_at);
                CREATE TABLE console_session (
                    digest TEXT PRIMARY KEY NOT NULL,
                    staff TEXT NOT NULL,
                    csrf_token TEXT NOT NULL,
                    expires_at INTEGER NOT NULL
                );
                CREATE INDEX console_session_on_expires_at ON console_session(expires_at);
                CREATE TABLE console_password (
                    staff TEXT PRIMARY KEY NOT NULL,
                    hash TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("console-indexes") { db in
            // The console's queue lists newest first, often within a grid or of one claimer:
            // with these a page reads its 200 rows in order instead of sorting the table. Its
            // search by a phone's last four digits reads the expression index.
            try db.execute(sql: """
                CREATE INDEX request_on_opened_at ON request(opened_at, number);
                CREATE INDEX request_on_grid_opened_at ON request(grid, opened_at);
                CREATE INDEX request_on_claimer ON request(claimer);
                CREATE INDEX request_on_phone_tail ON request(substr(json_extract(body, '$.slots.phone'), -4));
                """)
        }
        migrator.registerMigration("tasks") { db in
            // Published tasks (发布任务) and members' places on them, with the hours recorded
            // per member. A claim row stays when its place is given back (withdrawn_at), so
            // that taking it again is an update and the history of who took part is kept.
            try db.execute(sql: """
                CREATE TABLE task (
                    number INTEGER PRIMARY KEY NOT NULL,
                    title TEXT NOT NULL,
                    place TEXT NOT NULL,
                    community TEXT,
                    time TEXT NOT NULL,
                    needed INTEGER NOT NULL,
                    expected_minutes INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    publisher TEXT NOT NULL,
                    published_at INTEGER NOT NULL,
                    done_at INTEGER
                );
                CREATE INDEX task_on_published_at ON task(published_at);
                CREATE TABLE task_claim (
                    task INTEGER NOT NULL REFERENCES task(number),
                    member TEXT NOT NULL,
                    claimed_at INTEGER NOT NULL,
                    withdrawn_at INTEGER,
                    minutes INTEGER,
                    PRIMARY KEY (task, member)
                );
                CREATE INDEX task_claim_on_member ON task_claim(member);
                """)
        }
        migrator.registerMigration("notice-consents") { db in
            // 订阅通知 consents: one row per 同意, used_at set when a one-time notice spends it.
            try db.execute(sql: """
                CREATE TABLE notice_consent (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    user_id TEXT NOT NULL,
                    template_id TEXT NOT NULL,
                    granted_at INTEGER NOT NULL,
                    used_at INTEGER
                );
                CREATE INDEX notice_consent_on_user ON notice_consent(user_id, template_id, used_at, id);
                """)
        }
        migrator.registerMigration("outbox-notice") { db in
            // What a message tells a resident of their request, for a 订阅通知 in its place.
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN notice TEXT")
        }
        migrator.registerMigration("report-columns") { db in
            // What the report counts, as columns, so that it is aggregated in SQL rather than
            // by decoding every body: the due times the deadline policy gives (written by the
            // engine with every save, under the policy named by `deadline_digest`; NULL here,
            // so the engine works them out before the next report), and what is only in the
            // body: approved extensions, whether it was ever reopened, service minutes.
            try db.execute(sql: """
                ALTER TABLE request ADD COLUMN claim_due_at INTEGER;
                ALTER TABLE request ADD COLUMN resolve_due_at INTEGER;
                ALTER TABLE request ADD COLUMN yellow_at INTEGER;
                ALTER TABLE request ADD COLUMN red_at INTEGER;
                ALTER TABLE request ADD COLUMN deadline_digest TEXT;
                ALTER TABLE request ADD COLUMN extensions INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE request ADD COLUMN reopened INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE request ADD COLUMN service_minutes INTEGER;
                UPDATE request SET
                    extensions = (SELECT count(*) FROM json_each(request.body, '$.extensions')
                                  WHERE json_extract(json_each.value, '$.approvedAt') IS NOT NULL),
                    reopened = json_extract(body, '$.reopenedAt') IS NOT NULL,
                    service_minutes = json_extract(body, '$.serviceMinutes');
                CREATE INDEX request_on_deadline_digest ON request(deadline_digest);
                CREATE INDEX request_on_status_grid ON request(status, grid, yellow_at, red_at);
                CREATE INDEX event_on_kind_at ON event(kind, at);
                """)
        }
        migrator.registerMigration("members") { db in
            // 双报到: approved members (staff beside the configured ones), paired units, and
            // what each offers a community (the 资源清单's lines, by community and type).
            try db.execute(sql: """
                CREATE TABLE member (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    phone TEXT NOT NULL,
                    unit_name TEXT,
                    unit_id TEXT,
                    community TEXT NOT NULL,
                    grids TEXT NOT NULL,
                    offers TEXT NOT NULL,
                    times TEXT NOT NULL,
                    registration INTEGER,
                    active INTEGER NOT NULL,
                    joined_at INTEGER NOT NULL,
                    changed_at INTEGER NOT NULL
                );
                CREATE INDEX member_on_unit ON member(unit_id);
                CREATE TABLE unit (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    contact_id TEXT NOT NULL,
                    contact_name TEXT NOT NULL,
                    phone TEXT NOT NULL,
                    community TEXT NOT NULL,
                    times TEXT NOT NULL,
                    registration INTEGER,
                    joined_at INTEGER NOT NULL
                );
                CREATE TABLE offer (
                    id TEXT PRIMARY KEY NOT NULL,
                    owner_kind TEXT NOT NULL,
                    owner_id TEXT NOT NULL,
                    service_type TEXT NOT NULL,
                    text TEXT NOT NULL,
                    capacity TEXT,
                    times TEXT NOT NULL,
                    community TEXT NOT NULL
                );
                CREATE INDEX offer_on_owner ON offer(owner_kind, owner_id);
                CREATE INDEX offer_on_community_type ON offer(community, service_type);
                """)
        }
        migrator.registerMigration("lists") { db in
            // The 服务清单: a need (a request) matched with an offer and confirmed by an admin,
            // one per need; the request's own status says how far it has come.
            try db.execute(sql: """
                CREATE TABLE service_match (
                    need INTEGER PRIMARY KEY NOT NULL REFERENCES request(number),
                    offer_id TEXT NOT NULL,
                    owner_kind TEXT NOT NULL,
                    owner_id TEXT NOT NULL,
                    service_type TEXT NOT NULL,
                    confirmed_by TEXT NOT NULL,
                    confirmed_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("media") { db in
            // Photos, recordings, videos and files in the database itself (one row per
            // content, by SHA-256), the downloads owed (leased like the outbox), and each
            // platform's downloads per day against its quota.
            try db.execute(sql: """
                CREATE TABLE media (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sha256 TEXT NOT NULL UNIQUE,
                    content_type TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    bytes BLOB NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE media_job (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    channel TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    media_id TEXT NOT NULL,
                    url TEXT,
                    recognition TEXT,
                    attachment TEXT NOT NULL,
                    closing_request INTEGER,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_at INTEGER NOT NULL,
                    lease_owner TEXT,
                    lease_until INTEGER,
                    media INTEGER REFERENCES media(id),
                    last_error TEXT,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX media_job_on_state ON media_job(state, next_at);
                CREATE INDEX media_job_on_attachment ON media_job(attachment);
                CREATE INDEX media_job_on_media ON media_job(media);
                CREATE TABLE media_quota (
                    channel TEXT NOT NULL,
                    day TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (channel, day)
                );
                """)
        }
        return migrator
    }
}
