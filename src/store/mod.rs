//! The store owns every SQL statement. One SQLite file in WAL mode shared by
//! boards, consoles and CLI calls: writes take `BEGIN IMMEDIATE` so a
//! read-validate-write cannot interleave with another process's write, and
//! readers never hold a transaction open between refreshes.

mod backup;
pub(crate) mod hooks;
mod import;
mod outcomes;
mod people;
mod plans;
mod schema;
mod tickets;
mod watch;

pub use crate::sla::outcome::{Settled, SettledKind};
pub use hooks::{Delivery, HookCounts, NewNotice, Notice, Settle};
pub use import::{ImportRows, NewOffice};
pub use outcomes::{Derived, SettledChanges, SettledCount};
pub use people::{
    Engineer, Equipment, NewEngineer, NewEquipment, NewSite, Office, Role, Shift, Site,
};
pub use plans::{Job, NewPlan, Plan, PlanState};
pub use schema::APPLICATION_ID;
pub use tickets::{
    Entry, EventMeta, HistoryTicket, NewCall, NewTicket, Raise, Snapshot, Ticket, TicketId,
};
pub use watch::DataVersion;

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::msg::store as msg;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

/// What went wrong with the desk. The text variants were written in the
/// user's language where they arose (`said!`); the others are worded when
/// shown, in the language of the thread that shows them.
#[derive(Debug)]
pub enum StoreError {
    NotFound(String),
    Conflict(String),
    Invalid(String),
    Locked {
        path: String,
        secs: f64,
    },
    DiskFull {
        path: String,
    },
    ReadOnly {
        path: String,
    },
    /// Not a faultline desk: refused untouched (exit 2).
    Foreign(String),
    Corrupt {
        path: String,
        detail: String,
    },
    Open {
        path: String,
        detail: String,
    },
    /// Made by an older faultline: its schema is upgraded by any open that
    /// may write (a read-only open upgrades it first, see [`Store::open`]).
    Outdated {
        path: String,
        version: i64,
        known: i64,
    },
    Sql {
        path: String,
        source: rusqlite::Error,
    },
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            StoreError::NotFound(s)
            | StoreError::Conflict(s)
            | StoreError::Invalid(s)
            | StoreError::Foreign(s) => return f.write_str(s),
            StoreError::Locked { path, secs } => msg::locked(path, *secs),
            StoreError::DiskFull { path } => msg::disk_full(path),
            StoreError::ReadOnly { path } => msg::read_only(path),
            StoreError::Corrupt { path, detail } => msg::corrupt(path, detail),
            StoreError::Open { path, detail } => msg::database(path, detail),
            StoreError::Outdated {
                path,
                version,
                known,
            } => msg::database(path, &msg::schema_older(*version, *known)),
            StoreError::Sql { path, source } => msg::database(path, source),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Sql { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl StoreError {
    /// Whether the user's input is at fault (exit 2) rather than the system (exit 1).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            StoreError::NotFound(_)
                | StoreError::Conflict(_)
                | StoreError::Invalid(_)
                | StoreError::Foreign(_)
        )
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub struct Store {
    conn: Connection,
    path: PathBuf,
    clock: DeskClock,
    busy: Duration,
    /// `--as-of`, in seconds (`i64::MAX`: everything): reads leave out
    /// tickets and entries recorded later.
    as_of: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    /// The wall board: opened read-only, it cannot change anything.
    ReadOnly,
}

/// Text read from the database is customer text: made inert here, once.
pub(crate) fn text_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<String> {
    r.get::<_, String>(i).map(|s| crate::text::clean(&s))
}

pub(crate) fn opt_text_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<String>> {
    r.get::<_, Option<String>>(i)
        .map(|s| s.map(|s| crate::text::clean(&s)))
}

pub use crate::sla::ts;

/// Whether `--now` may drive writes (section 7), fixed when the desk is
/// created: a live desk records only on the real clock; a simulated desk
/// (the demo, tests) lets a fixed clock drive everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskClock {
    Live,
    Simulated,
}

impl Store {
    /// Creates a new desk at `path` (and its folder). Refuses a file that
    /// already has content, whatever it is.
    pub fn create(path: &Path, clock: DeskClock) -> Result<Store> {
        let shown = path.display().to_string();
        if std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
            return Err(StoreError::Conflict(msg::desk_exists(&shown)));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: shown.clone(),
                detail: msg::cannot_create_folder(&dir.display().to_string(), &e),
            })?;
        }
        let mut store = Store::connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            clock,
        )?;
        store.prepare(Access::ReadWrite)?;
        let value = match clock {
            DeskClock::Live => "live",
            DeskClock::Simulated => "simulated",
        };
        store
            .write(|tx| {
                tx.execute("UPDATE desk SET value = ?1 WHERE key = 'clock'", [value])?;
                Ok(Ok(()))
            })?
            .map(|()| store)
    }

    /// Opens an existing desk. A missing file is refused (nothing is
    /// created: a typo'd path must not look like an empty desk), and so is
    /// any SQLite file that is not a faultline desk, untouched.
    ///
    /// A desk made by an older faultline is upgraded first even by a
    /// read-only open, as any other command would upgrade it: the wall is
    /// often the first thing started after an upgrade, and it refused to
    /// start until someone ran another command. Only when the upgrade
    /// cannot be written (a read-only file) is the old schema refused.
    pub fn open(path: &Path, access: Access) -> Result<Store> {
        match Store::open_as(path, access) {
            Err(StoreError::Outdated {
                path: shown,
                version,
                known,
            }) if access == Access::ReadOnly => {
                // The upgrading store is dropped (closed) before the reopen.
                if let Err(e) = Store::open_as(path, Access::ReadWrite) {
                    tracing::warn!("cannot upgrade {shown}: {e}");
                    return Err(StoreError::Outdated {
                        path: shown,
                        version,
                        known,
                    });
                }
                tracing::info!(
                    "upgraded {shown} from schema {version} to {known} to open it read-only"
                );
                Store::open_as(path, Access::ReadOnly)
            }
            other => other,
        }
    }

    fn open_as(path: &Path, access: Access) -> Result<Store> {
        let shown = path.display().to_string();
        if !path.exists() {
            return Err(StoreError::NotFound(msg::no_desk(&shown)));
        }
        let flags = match access {
            Access::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
            Access::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
        };
        // The clock is read from the desk in `prepare`.
        let mut store = Store::connect(path, flags, DeskClock::Live)?;
        store
            .conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| store.err(e))?;
        store.identify()?;
        store.prepare(access)?;
        Ok(store)
    }

    fn connect(path: &Path, flags: OpenFlags, clock: DeskClock) -> Result<Store> {
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| StoreError::Open {
                path: path.display().to_string(),
                detail: e.to_string(),
            })?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            clock,
            busy: BUSY_TIMEOUT,
            as_of: i64::MAX,
        })
    }

    /// Ours: our application id, or a desk from before it was set (schema 1
    /// with its tables). Anything else is refused before anything is written.
    fn identify(&self) -> Result<()> {
        let q = |sql: &str| -> Result<i64> {
            self.conn
                .query_row(sql, [], |r| r.get(0))
                .map_err(|e| self.err(e))
        };
        let app = q("PRAGMA application_id")?;
        if app == schema::APPLICATION_ID {
            return Ok(());
        }
        let version = q("PRAGMA user_version")?;
        let tables = q("SELECT count(*) FROM sqlite_master WHERE type = 'table'")?;
        let legacy = app == 0
            && version >= 1
            && q("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'events'")?
                == 1;
        if legacy {
            return Ok(());
        }
        let path = self.path.display().to_string();
        Err(StoreError::Foreign(if tables == 0 && app == 0 {
            msg::empty_file(&path)
        } else {
            msg::foreign_sqlite(&path, app, tables)
        }))
    }

    /// Pragmas, migrations and the desk's clock.
    fn prepare(&mut self, access: Access) -> Result<()> {
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| self.err(e))?;
        if access == Access::ReadWrite {
            self.conn
                .pragma_update(None, "journal_mode", "WAL")
                .map_err(|e| self.err(e))?;
            self.conn
                .pragma_update(None, "synchronous", "NORMAL")
                .map_err(|e| self.err(e))?;
            self.migrate()?;
        } else {
            self.check_version()?;
        }
        self.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| self.err(e))?;
        let clock: String = self
            .conn
            .query_row("SELECT value FROM desk WHERE key = 'clock'", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))?;
        self.clock = if clock == "simulated" {
            DeskClock::Simulated
        } else {
            DeskClock::Live
        };
        Ok(())
    }

    /// Reads see the desk as recorded by `t` (`None`: everything).
    pub fn set_as_of(&mut self, t: Option<crate::sla::Ts>) {
        self.as_of = t.map_or(i64::MAX, |t| t.timestamp());
    }

    pub fn clock(&self) -> DeskClock {
        self.clock
    }

    /// How long a write waits for another process's lock. The console uses
    /// a short wait: a dispatcher is told "locked" (and its sweep retries)
    /// instead of the screen freezing for the CLI's five seconds.
    pub fn set_busy_timeout(&mut self, wait: Duration) -> Result<()> {
        self.busy = wait;
        self.conn.busy_timeout(wait).map_err(|e| self.err(e))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Maps SQLite's errors to what a user can act on.
    fn err(&self, e: rusqlite::Error) -> StoreError {
        let path = self.path.display().to_string();
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Locked {
                    path,
                    secs: self.busy.as_secs_f64(),
                }
            }
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull { path },
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
            Some(rusqlite::ErrorCode::NotADatabase)
            | Some(rusqlite::ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
                path,
                detail: e.to_string(),
            },
            _ => StoreError::Sql { path, source: e },
        }
    }

    fn user_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    fn check_version(&self) -> Result<()> {
        let v = self.user_version()?;
        let known = schema::MIGRATIONS.len() as i64;
        if v > known {
            return Err(StoreError::Corrupt {
                path: self.path.display().to_string(),
                detail: msg::schema_newer(v, known),
            });
        }
        if v < known {
            return Err(StoreError::Outdated {
                path: self.path.display().to_string(),
                version: v,
                known,
            });
        }
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let known = schema::MIGRATIONS.len() as i64;
        if self.user_version()? == known {
            return Ok(());
        }
        self.write(|tx| {
            let v: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if v > known {
                return Ok(Err(StoreError::Corrupt {
                    path: String::new(),
                    detail: msg::schema_newer(v, known),
                }));
            }
            for (i, sql) in schema::MIGRATIONS
                .iter()
                .enumerate()
                .skip(v.max(0) as usize)
            {
                tx.execute_batch(sql)?;
                tx.pragma_update(None, "user_version", i as i64 + 1)?;
            }
            tx.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
            Ok(Ok(()))
        })?
        .map_err(|e| match e {
            StoreError::Corrupt { detail, .. } => StoreError::Corrupt {
                path: self.path.display().to_string(),
                detail,
            },
            other => other,
        })
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up
    /// front, so what `f` reads cannot change before it writes. `f` returns
    /// `Ok(Err(..))` to refuse (rolled back, nothing written).
    fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<Result<T>>,
    ) -> Result<Result<T>> {
        let run = |conn: &mut Connection| -> rusqlite::Result<Result<T>> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            if out.is_ok() {
                tx.commit()?;
            }
            Ok(out)
        };
        run(&mut self.conn).map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Entry, NewSite, NewTicket};

    #[test]
    fn a_new_database_is_in_wal_mode_at_the_latest_schema() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("f.db"), DeskClock::Live).unwrap();
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(
            store.user_version().unwrap(),
            schema::MIGRATIONS.len() as i64
        );
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_reported_as_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junk.db");
        std::fs::write(&path, vec![b'x'; 8192]).unwrap();
        let err = Store::open(&path, Access::ReadWrite).err().unwrap();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    }

    #[test]
    fn a_read_only_open_of_a_missing_file_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.db");
        assert!(Store::open(&path, Access::ReadOnly).is_err());
        assert!(!path.exists());
    }

    /// The wall opens read-only; started first after an upgrade, it used to
    /// refuse the desk until another command had upgraded it.
    #[test]
    fn a_read_only_open_upgrades_a_desk_made_by_an_older_faultline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        drop(Store::create(&path, DeskClock::Live).unwrap());
        let known = schema::MIGRATIONS.len() as i64;
        // The desk as schema 6 left it: before the paging hooks' tables.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE deliveries; DROP TABLE notices; DROP TABLE hook_sends;
             DROP TABLE leases; PRAGMA user_version = 6;",
        )
        .unwrap();
        drop(conn);
        assert_eq!(known, 7, "the downgrade above undoes the last migration");
        let store = Store::open(&path, Access::ReadOnly).unwrap();
        assert_eq!(store.user_version().unwrap(), known);
        let notices: i64 = store
            .conn
            .query_row("SELECT count(*) FROM notices", [], |r| r.get(0))
            .unwrap();
        assert_eq!(notices, 0);
        // Still read-only: nothing can be written through it.
        assert!(store
            .conn
            .execute("DELETE FROM desk WHERE key = 'nothing'", [])
            .is_err());
    }

    #[test]
    fn screens_load_open_work_and_a_reopened_ticket_comes_back_on_refresh() {
        use crate::service;
        use crate::sla::{Event, EventKind, Level};
        let dir = tempfile::tempdir().unwrap();
        let rules = crate::config::Rules::builtin().unwrap();
        let mut store = Store::create(&dir.path().join("f.db"), DeskClock::Simulated).unwrap();
        store.add_office("上海", None, None, None).unwrap();
        store
            .add_site(&NewSite {
                name: "苏州".into(),
                distance_km: 30.0,
                ..NewSite::default()
            })
            .unwrap();
        let t0 = ts(1_780_000_000);
        let at = |m: i64| t0 + chrono::TimeDelta::minutes(m);
        let open = |store: &mut Store, title: &str| {
            let new = NewTicket {
                site: "苏州".into(),
                level: Level::new(3).unwrap(),
                title: title.into(),
                reported_at: t0,
                onsite: false,
                approved_by: None,
                equipment: None,
                call: None,
            };
            service::open_ticket(store, &rules, &new, at(1)).unwrap()
        };
        let entry = Entry::default();
        let log = |store: &mut Store, id, m, kind| {
            service::log_event(store, &rules, id, Event { at: at(m), kind }, entry, at(m)).unwrap()
        };
        let closed = open(&mut store, "旧的");
        log(&mut store, closed, 2, EventKind::Responded);
        log(&mut store, closed, 3, EventKind::Restored);
        log(
            &mut store,
            closed,
            4,
            crate::sla::Opinion::kind("周主任", "何军", None),
        );
        let close_id = log(&mut store, closed, 4, EventKind::Closed);
        let still = open(&mut store, "仍未结");
        // Closed history before `since` is not loaded; open work is.
        let mut snap = store.snapshot(at(60 * 24 * 40)).unwrap();
        let ids: Vec<TicketId> = snap.tickets.iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![still]);
        // A void of the closing, written by another process, reopens it.
        let mut other = Store::open(&dir.path().join("f.db"), Access::ReadWrite).unwrap();
        log(
            &mut other,
            closed,
            5,
            EventKind::Void {
                event: close_id,
                reason: "未真正关闭".into(),
            },
        );
        store.refresh(&mut snap).unwrap();
        let back = snap
            .tickets
            .iter()
            .find(|t| t.id == closed)
            .expect("reopened");
        assert!(!back.is_closed());
        assert_eq!(back.events.len(), 5, "loaded whole, once");
    }

    #[test]
    fn events_cannot_be_updated_or_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("f.db"), DeskClock::Live).unwrap();
        store.conn.execute_batch("INSERT INTO offices (name) VALUES ('上海'); INSERT INTO sites (name, distance_km) VALUES ('苏州', 90);
            INSERT INTO tickets (id, site_id, title, level, reported_at, created_at) VALUES (1001, 1, 't', 2, 0, 0);
            INSERT INTO events (ticket_id, at, recorded_at, kind, payload) VALUES (1001, 0, 0, 'responded', '{}');").unwrap();
        assert!(store.conn.execute("UPDATE events SET at = 5", []).is_err());
        assert!(store.conn.execute("DELETE FROM events", []).is_err());
    }
}
