//! Schema migrations, applied in order by `PRAGMA user_version`.

/// `PRAGMA application_id` of a faultline desk ("FLTN"): a foreign SQLite
/// file is recognised and refused untouched.
pub const APPLICATION_ID: i64 = 0x464C_544E;

/// Each entry moves the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE offices (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE,
    city  TEXT,
    lat   REAL,
    lon   REAL
);
CREATE TABLE sites (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    distance_km REAL NOT NULL CHECK (distance_km >= 0),
    in_province INTEGER NOT NULL DEFAULT 0,
    contract    TEXT,
    customer    TEXT,
    city        TEXT,
    lat         REAL,
    lon         REAL
);
CREATE TABLE engineers (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    role      TEXT NOT NULL,
    office_id INTEGER NOT NULL REFERENCES offices(id),
    shift     TEXT,
    off_duty  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE tickets (
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    title       TEXT NOT NULL,
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    onsite      INTEGER NOT NULL DEFAULT 0,
    reported_at INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    approved_by TEXT
);
-- The truth: one row per thing that happened, never updated or deleted.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    at          INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    by          TEXT,
    note        TEXT,
    payload     TEXT NOT NULL
);
CREATE INDEX events_by_ticket ON events (ticket_id, at);
CREATE INDEX events_by_kind ON events (kind, ticket_id);
CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
-- Audit of derived automatic raises: the key makes each raise written once,
-- however many processes sweep.
CREATE TABLE raises (
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    seq         INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    from_level  INTEGER NOT NULL,
    to_level    INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, seq)
);
"#,
    r#"
-- 2: the record a customer can trust (contract section 7).
-- Who performed an event where it differs from who recorded it (`by`).
ALTER TABLE events ADD COLUMN performed_by TEXT;
-- Fixed when the desk is created: `clock` is 'live' or 'simulated'.
CREATE TABLE desk (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO desk (key, value) VALUES ('clock', 'live');
-- Raises are recorded as `raised` / `raise_retracted` events, reconciled
-- with the engine inside each write transaction; the counter-keyed table
-- duplicated the `raised` events and could not follow a back-dated event.
DROP TABLE raises;
"#,
    r#"
-- 3: screens load open work, not history. `open` is kept in the same
-- transaction as the events that change it (closed, or a void of closed).
ALTER TABLE tickets ADD COLUMN open INTEGER NOT NULL DEFAULT 1;
UPDATE tickets SET open = 0 WHERE EXISTS (
    SELECT 1 FROM events c WHERE c.ticket_id = tickets.id AND c.kind = 'closed'
      AND NOT EXISTS (SELECT 1 FROM events v WHERE v.ticket_id = tickets.id AND v.kind = 'void'
                      AND json_extract(v.payload, '$.event') = c.id));
CREATE INDEX tickets_open ON tickets (id) WHERE open = 1;
CREATE INDEX tickets_reported ON tickets (reported_at);
"#,
    r#"
-- 4: what became of each deadline of a closed ticket, summarized once so
-- compliance and reports never re-read history. Derived from the log and
-- rebuildable from it (`faultline rebuild`); append-only like the log: a
-- void or a reopening appends the ticket's next revision (a reopened ticket
-- gets a single 'reopened' row), and a ticket's summary is its highest rev.
CREATE TABLE outcomes (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    rev         INTEGER NOT NULL,
    -- a milestone name, 'raise' (automatic), or 'reopened' (the ticket
    -- has no settled outcome any more: a void reopened it)
    kind        TEXT NOT NULL,
    level       INTEGER NOT NULL,
    zone        INTEGER,
    -- the deadline, or the raise
    at          INTEGER NOT NULL,
    met_at      INTEGER,
    -- met, late, breached or waived, for deadlines
    verdict     TEXT,
    -- local date of `at` in the policy's time zone, as YYYYMMDD
    day         INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    -- the entry whose write settled it (NULL: written by `rebuild`)
    event_id    INTEGER
);
CREATE INDEX outcomes_by_ticket ON outcomes (ticket_id, rev);
-- Covering: a period's counts are read from the index alone.
CREATE INDEX outcomes_by_day ON outcomes (day, kind, level, verdict);
-- The few tickets with a superseded revision (a void after closing).
CREATE INDEX outcomes_revised ON outcomes (ticket_id) WHERE rev > 1;
CREATE TRIGGER outcomes_are_append_only_update BEFORE UPDATE ON outcomes
BEGIN SELECT RAISE(ABORT, 'outcomes are append-only'); END;
CREATE TRIGGER outcomes_are_append_only_delete BEFORE DELETE ON outcomes
BEGIN SELECT RAISE(ABORT, 'outcomes are append-only'); END;
-- A desk with closed tickets from before this table needs one `rebuild`.
INSERT INTO desk (key, value) SELECT 'outcomes',
    CASE WHEN EXISTS (SELECT 1 FROM tickets WHERE open = 0) THEN 'rebuild' ELSE 'current' END;
"#,
    r#"
-- 5: section 6's people and equipment. A site's project manager (an
-- engineer of role pm) does the follow-up after each restoration.
ALTER TABLE sites ADD COLUMN pm TEXT;
-- Equipment under the contract: warranty from acceptance (section 5).
CREATE TABLE equipment (
    id             INTEGER PRIMARY KEY,
    site_id        INTEGER NOT NULL REFERENCES sites(id),
    model          TEXT NOT NULL,
    serial         TEXT NOT NULL UNIQUE,
    -- the acceptance date, YYYY-MM-DD
    accepted       TEXT NOT NULL,
    warranty_years INTEGER NOT NULL CHECK (warranty_years BETWEEN 0 AND 30)
);
-- Opened out of warranty without approval: no assignment until `approved`.
ALTER TABLE tickets ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
-- The equipment row's id (no REFERENCES: a column added with one cannot
-- be dropped again, and the store writes only ids it has just read).
ALTER TABLE tickets ADD COLUMN equipment_id INTEGER;
"#,
    r#"
-- 6: preventive service (section 6). A plan recurs at a site; each job is
-- created once: (plan, seq) is unique, so sweepers racing create it once.
CREATE TABLE plans (
    id         INTEGER PRIMARY KEY,
    site_id    INTEGER NOT NULL REFERENCES sites(id),
    kind       TEXT NOT NULL,
    -- 10d, 2w, 3mo, 1y
    every      TEXT NOT NULL,
    -- 1: counts from the last job's completion, not the calendar
    floating   INTEGER NOT NULL DEFAULT 0,
    -- the first job's date, YYYY-MM-DD
    first      TEXT NOT NULL,
    title      TEXT,
    created_at INTEGER NOT NULL,
    ended_at   INTEGER
);
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plans(id),
    seq         INTEGER NOT NULL,
    -- the working day it is due, YYYY-MM-DD
    due         TEXT NOT NULL,
    engineer    TEXT,
    assigned_by TEXT,
    assigned_at INTEGER,
    done_at     INTEGER,
    done_by     TEXT,
    note        TEXT,
    created_at  INTEGER NOT NULL,
    UNIQUE (plan_id, seq)
);
CREATE INDEX jobs_open ON jobs (due) WHERE done_at IS NULL;
"#,
    r#"
-- 7: paging hooks. A notice is what happened that someone may want paged
-- (a new level-1 fault, a raise, a breach, a deadline coming, a contract
-- action due), written once: in the same transaction as the event or
-- derived raise that causes it, or by a sweep for what time alone brings,
-- keyed by what it is so racing writers add it once.
CREATE TABLE notices (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    -- new_l1, raise, breach, due_soon:<lead>, action_due
    kind       TEXT NOT NULL,
    -- what makes it this one: the event, the milestone and its deadline …
    cause      TEXT NOT NULL,
    level      INTEGER NOT NULL,
    -- when it happened (the deadline, the raise, the report), desk time
    at         INTEGER NOT NULL,
    -- milestone, action, from/to levels, as JSON
    detail     TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    UNIQUE (ticket_id, kind, cause)
);
-- One row per notice and hook, made by the one sender holding the lease.
-- Times here are the machine's real clock in milliseconds: they pace a
-- network, not the desk's deadlines.
CREATE TABLE deliveries (
    notice_id INTEGER NOT NULL REFERENCES notices(id),
    hook      TEXT NOT NULL,
    -- pending, sending, sent, skipped, dead
    state     TEXT NOT NULL,
    attempts  INTEGER NOT NULL DEFAULT 0,
    next_at   INTEGER NOT NULL,
    done_at   INTEGER,
    error     TEXT,
    PRIMARY KEY (notice_id, hook)
);
CREATE INDEX deliveries_waiting ON deliveries (next_at) WHERE state IN ('pending', 'sending');
CREATE INDEX deliveries_dead ON deliveries (hook) WHERE state = 'dead';
-- Every request to a target in the last hour: the rate limit, shared by
-- whichever process sends.
CREATE TABLE hook_sends (
    target TEXT NOT NULL,
    at     INTEGER NOT NULL
);
CREATE INDEX hook_sends_by_target ON hook_sends (target, at);
-- Who may send now: one holder at a time, until its lease runs out.
CREATE TABLE leases (
    name   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  INTEGER NOT NULL
);
"#,
];
