//! The paging outbox: notices written with what causes them, deliveries
//! made and paced by one sender at a time (a lease), and the per-target
//! request log the rate limit counts. Real-clock milliseconds throughout
//! except the notices' own `at` (desk time).

use crate::store::TicketId;
use rusqlite::{params, OptionalExtension};

use super::{opt_text_at, text_at, ts, Result, Store};
use crate::sla::Ts;

/// Something someone may want paged, keyed by what it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NewNotice {
    pub ticket_id: TicketId,
    pub kind: String,
    pub cause: String,
    pub level: u8,
    pub at: Ts,
    /// JSON: the milestone, the action, the levels of a raise.
    pub detail: String,
}

/// Adds the notice unless it exists (inside the caller's transaction).
pub(crate) fn insert_notice(
    tx: &rusqlite::Transaction,
    n: &NewNotice,
    now: Ts,
) -> rusqlite::Result<usize> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO notices (ticket_id, kind, cause, level, at, detail, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        n.ticket_id,
        n.kind,
        n.cause,
        n.level,
        n.at.timestamp(),
        n.detail,
        now.timestamp()
    ])
}

/// A notice with what a message about it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub id: i64,
    pub ticket_id: TicketId,
    pub kind: String,
    pub cause: String,
    pub level: u8,
    pub at: Ts,
    pub detail: String,
    pub title: String,
    pub site: String,
    pub customer: Option<String>,
}

/// A delivery waiting for its turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub notice: Notice,
    pub hook: String,
    pub attempts: u32,
}

/// What became of an attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Settle {
    Sent,
    /// Not worth sending any more (a deadline met before its warning went).
    Skipped(String),
    Retry {
        at_ms: i64,
        error: String,
    },
    Dead(String),
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct HookCounts {
    pub hook: String,
    pub pending: u64,
    pub sent: u64,
    pub skipped: u64,
    pub dead: u64,
    pub last_error: Option<String>,
}

const NOTICE_COLS: &str =
    "n.id, n.ticket_id, n.kind, n.cause, n.level, n.at, n.detail, t.title, s.name, s.customer";

fn notice_at(r: &rusqlite::Row) -> rusqlite::Result<Notice> {
    Ok(Notice {
        id: r.get(0)?,
        ticket_id: r.get(1)?,
        kind: r.get(2)?,
        cause: r.get(3)?,
        level: r.get(4)?,
        at: ts(r.get(5)?),
        detail: r.get(6)?,
        title: text_at(r, 7)?,
        site: text_at(r, 8)?,
        customer: opt_text_at(r, 9)?,
    })
}

impl Store {
    /// Adds the notices not yet there; returns how many were new.
    pub fn add_notices(&mut self, notices: &[NewNotice], now: Ts) -> Result<usize> {
        if notices.is_empty() {
            return Ok(0);
        }
        self.write(|tx| {
            let mut n = 0;
            for notice in notices {
                n += insert_notice(tx, notice, now)?;
            }
            Ok(Ok(n))
        })?
    }

    /// Takes or renews the lease `name` for `holder` until `now_ms + ttl_ms`,
    /// unless another holder's lease is still running.
    pub fn take_lease(
        &mut self,
        name: &str,
        holder: &str,
        now_ms: i64,
        ttl_ms: i64,
    ) -> Result<bool> {
        self.write(|tx| {
            let current: Option<(String, i64)> = tx
                .query_row(
                    "SELECT holder, until FROM leases WHERE name = ?1",
                    [name],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((h, until)) = current {
                if h != holder && until > now_ms {
                    return Ok(Ok(false));
                }
            }
            tx.execute(
                "INSERT OR REPLACE INTO leases (name, holder, until) VALUES (?1, ?2, ?3)",
                params![name, holder, now_ms + ttl_ms],
            )?;
            Ok(Ok(true))
        })?
    }

    pub fn release_lease(&mut self, name: &str, holder: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM leases WHERE name = ?1 AND holder = ?2",
                params![name, holder],
            )?;
            Ok(Ok(()))
        })?
    }

    /// Who holds the lease and until when (ms), if anyone.
    pub fn lease(&self, name: &str) -> Result<Option<(String, i64)>> {
        self.conn
            .query_row(
                "SELECT holder, until FROM leases WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Makes the deliveries of notices added since the last call, one per
    /// hook `route` names. The first call on a desk starts after the
    /// newest notice: switching paging on does not page the past.
    pub fn fan_out(
        &mut self,
        now_ms: i64,
        route: impl Fn(&Notice) -> Vec<String>,
    ) -> Result<usize> {
        self.write(|tx| {
            let cursor: Option<i64> = tx
                .query_row("SELECT value FROM desk WHERE key = 'hooks_cursor'", [], |r| {
                    r.get::<_, String>(0)
                })
                .optional()?
                .and_then(|v| v.parse().ok());
            let Some(cursor) = cursor else {
                let last: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) FROM notices", [], |r| r.get(0))?;
                tx.execute(
                    "INSERT OR REPLACE INTO desk (key, value) VALUES ('hooks_cursor', ?1)",
                    [last.to_string()],
                )?;
                return Ok(Ok(0));
            };
            let notices: Vec<Notice> = {
                let mut st = tx.prepare_cached(&format!(
                    "SELECT {NOTICE_COLS} FROM notices n JOIN tickets t ON t.id = n.ticket_id JOIN sites s ON s.id = t.site_id WHERE n.id > ?1 ORDER BY n.id LIMIT 1000"
                ))?;
                let rows = st.query_map([cursor], notice_at)?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let mut made = 0;
            let mut ins = tx.prepare_cached(
                "INSERT OR IGNORE INTO deliveries (notice_id, hook, state, next_at) VALUES (?1, ?2, 'pending', ?3)",
            )?;
            for n in &notices {
                for hook in route(n) {
                    made += ins.execute(params![n.id, hook, now_ms])?;
                }
            }
            if let Some(last) = notices.last() {
                tx.execute(
                    "UPDATE desk SET value = ?1 WHERE key = 'hooks_cursor'",
                    [last.id.to_string()],
                )?;
            }
            Ok(Ok(made))
        })?
    }

    /// Deliveries due by `now_ms`, oldest first: pending ones, and ones a
    /// sender marked as sending and never settled (it died mid-send).
    pub fn due_deliveries(&self, now_ms: i64, limit: usize) -> Result<Vec<Delivery>> {
        let read = || -> rusqlite::Result<Vec<Delivery>> {
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT {NOTICE_COLS}, d.hook, d.attempts FROM deliveries d JOIN notices n ON n.id = d.notice_id JOIN tickets t ON t.id = n.ticket_id JOIN sites s ON s.id = t.site_id WHERE d.state IN ('pending', 'sending') AND d.next_at <= ?1 ORDER BY d.next_at, d.notice_id LIMIT ?2"
            ))?;
            let rows = st.query_map(params![now_ms, limit as i64], |r| {
                Ok(Delivery {
                    notice: notice_at(r)?,
                    hook: r.get(10)?,
                    attempts: r.get(11)?,
                })
            })?;
            rows.collect()
        };
        read().map_err(|e| self.err(e))
    }

    /// Counts an attempt before it is made, and records the request for the
    /// target's rate limit: a sender that dies mid-send leaves it to be
    /// tried again once `until_ms` passes.
    pub fn begin_attempt(
        &mut self,
        d: &Delivery,
        target: &str,
        now_ms: i64,
        until_ms: i64,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE deliveries SET state = 'sending', attempts = attempts + 1, next_at = ?3 WHERE notice_id = ?1 AND hook = ?2",
                params![d.notice.id, d.hook, until_ms],
            )?;
            tx.execute("INSERT INTO hook_sends (target, at) VALUES (?1, ?2)", params![target, now_ms])?;
            tx.execute("DELETE FROM hook_sends WHERE at < ?1", [now_ms - 3_600_000])?;
            Ok(Ok(()))
        })?
    }

    pub fn settle_delivery(&mut self, d: &Delivery, settle: &Settle, now_ms: i64) -> Result<()> {
        let (state, next_at, error) = match settle {
            Settle::Sent => ("sent", now_ms, None),
            Settle::Skipped(why) => ("skipped", now_ms, Some(why.as_str())),
            Settle::Retry { at_ms, error } => ("pending", *at_ms, Some(error.as_str())),
            Settle::Dead(why) => ("dead", now_ms, Some(why.as_str())),
        };
        let done = (state != "pending").then_some(now_ms);
        self.write(|tx| {
            tx.execute(
                "UPDATE deliveries SET state = ?3, next_at = ?4, done_at = ?5, error = COALESCE(?6, error) WHERE notice_id = ?1 AND hook = ?2",
                params![d.notice.id, d.hook, state, next_at, done, error],
            )?;
            Ok(Ok(()))
        })?
    }

    /// Requests to `target` since `since_ms`, and the oldest of them.
    pub fn sends_since(&self, target: &str, since_ms: i64) -> Result<(u32, Option<i64>)> {
        self.conn
            .query_row(
                "SELECT COUNT(*), MIN(at) FROM hook_sends WHERE target = ?1 AND at > ?2",
                params![target, since_ms],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.err(e))
    }

    /// Whether a sender has anything to do: notices not yet fanned out, or
    /// deliveries due. Read-only, so idle processes never write (a write
    /// would wake every screen on the desk).
    pub fn hooks_work(&self, now_ms: i64) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT NOT EXISTS (SELECT 1 FROM desk WHERE key = 'hooks_cursor')
                     OR EXISTS (SELECT 1 FROM notices WHERE id > (SELECT CAST(value AS INTEGER) FROM desk WHERE key = 'hooks_cursor'))
                     OR EXISTS (SELECT 1 FROM deliveries WHERE state IN ('pending', 'sending') AND next_at <= ?1)",
                [now_ms],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// Per hook: deliveries waiting, sent, skipped and dead, and the last error.
    pub fn hook_counts(&self) -> Result<Vec<HookCounts>> {
        let read = || -> rusqlite::Result<Vec<HookCounts>> {
            let mut st = self.conn.prepare(
                "SELECT hook, SUM(state IN ('pending', 'sending')), SUM(state = 'sent'), SUM(state = 'skipped'), SUM(state = 'dead'),
                        (SELECT error FROM deliveries e WHERE e.hook = d.hook AND e.error IS NOT NULL ORDER BY e.next_at DESC LIMIT 1)
                 FROM deliveries d GROUP BY hook ORDER BY hook",
            )?;
            let rows = st.query_map([], |r| {
                Ok(HookCounts {
                    hook: text_at(r, 0)?,
                    pending: r.get(1)?,
                    sent: r.get(2)?,
                    skipped: r.get(3)?,
                    dead: r.get(4)?,
                    last_error: opt_text_at(r, 5)?,
                })
            })?;
            rows.collect()
        };
        read().map_err(|e| self.err(e))
    }

    /// Notices that could not be delivered: the wall shows the count.
    pub fn dead_letters(&self) -> Result<u64> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM deliveries WHERE state = 'dead'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }
}
