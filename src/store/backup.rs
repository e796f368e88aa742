//! Copies of a desk: a consistent backup while others write, and a restore
//! that checks the copy before it replaces anything.

use crate::msg::store as msg;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{schema, Result, Store, StoreError};

impl Store {
    /// Writes a consistent copy of the desk to `dest` through SQLite's
    /// online backup, in one step: it reads one snapshot (WAL readers do not
    /// block writers), so consoles keep writing and the copy holds every
    /// entry committed before it began. Refuses an existing `dest`.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let shown = dest.display().to_string();
        if dest.exists() {
            return Err(StoreError::Conflict(msg::file_exists(&shown)));
        }
        let mut to = Connection::open(dest).map_err(|e| StoreError::Open {
            path: shown.clone(),
            detail: e.to_string(),
        })?;
        let copied = rusqlite::backup::Backup::new(&self.conn, &mut to).and_then(|b| {
            b.step(-1)?;
            Ok(())
        });
        if let Err(e) = copied {
            drop(to);
            let _ = std::fs::remove_file(dest);
            return Err(StoreError::Sql {
                path: shown,
                source: e,
            });
        }
        Ok(())
    }

    /// Checks that `file` is a whole faultline desk this version can open:
    /// the integrity check passes, the application id is ours and the
    /// schema is not newer than this faultline knows. Read-only: nothing is
    /// written to it.
    pub fn check_copy(file: &Path) -> Result<()> {
        let shown = file.display().to_string();
        if !file.is_file() {
            return Err(StoreError::NotFound(msg::no_backup(&shown)));
        }
        // The user named the wrong file: bad input, not a broken desk.
        let bad = |detail: String| StoreError::Invalid(msg::not_whole_desk(&shown, &detail));
        let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| bad(e.to_string()))?;
        let q = |sql: &str| -> std::result::Result<rusqlite::types::Value, StoreError> {
            conn.query_row(sql, [], |r| r.get(0))
                .map_err(|e| bad(e.to_string()))
        };
        let int = |v: rusqlite::types::Value| match v {
            rusqlite::types::Value::Integer(n) => n,
            _ => -1,
        };
        let app = int(q("PRAGMA application_id")?);
        if app != schema::APPLICATION_ID {
            return Err(StoreError::Foreign(msg::foreign_backup(&shown, app)));
        }
        let version = int(q("PRAGMA user_version")?);
        let known = schema::MIGRATIONS.len() as i64;
        if !(1..=known).contains(&version) {
            return Err(bad(msg::schema_range(version, known)));
        }
        match q("PRAGMA integrity_check")? {
            rusqlite::types::Value::Text(ok) if ok == "ok" => Ok(()),
            other => Err(bad(msg::integrity_failed(&format!("{other:?}")))),
        }
    }

    /// Replaces this desk's content with `file`'s (checked first), through
    /// the online backup into the open desk, so other processes see either
    /// the old desk or the restored one, never a half-copied file. The
    /// schema is then brought up to date.
    pub fn restore_from(&mut self, file: &Path) -> Result<()> {
        Store::check_copy(file)?;
        let from =
            Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| {
                StoreError::Open {
                    path: file.display().to_string(),
                    detail: e.to_string(),
                }
            })?;
        let copied = rusqlite::backup::Backup::new(&from, &mut self.conn).and_then(|b| {
            b.step(-1)?;
            Ok(())
        });
        copied.map_err(|e| self.err(e))?;
        self.migrate()
    }
}
