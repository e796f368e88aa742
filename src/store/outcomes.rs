//! The `outcomes` table: each closed ticket's settled record (what became of
//! its deadlines, its automatic raises), written in the same
//! transaction as the entry that settles or unsettles it. Append-only: a
//! change appends the ticket's next revision, and readers take the highest.

use crate::store::TicketId;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

use super::tickets::{for_each_ticket, ids_after};
use super::{ts, Result, Store};
use crate::sla::outcome::{Settled, SettledKind, Verdict};
use crate::sla::{Level, Ts};

/// What a ticket's log implies beyond itself, as the engine derives it in
/// the writing transaction: its automatic raises and, once it is closed,
/// its settled record (empty while it is open).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Derived {
    pub raises: Vec<super::Raise>,
    pub settled: Vec<Settled>,
    /// The level the log now gives (a manual raise pages like an automatic one).
    pub level: Option<crate::sla::Level>,
}

const REOPENED: &str = "reopened";

/// A day as the table keeps it: 2026-11-27 is 20261127 (compact, ordered,
/// and still readable in `sqlite3`).
fn day_number(d: NaiveDate) -> i64 {
    use chrono::Datelike;
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

fn from_day_number(n: i64) -> Option<NaiveDate> {
    let year = i32::try_from(n / 10_000).ok()?;
    NaiveDate::from_ymd_opt(year, (n / 100 % 100) as u32, (n % 100) as u32)
}

const COLS: &str = "kind, level, zone, at, met_at, verdict, day";

/// `None` for a row this build cannot read (a newer kind): skipped, never
/// fatal, so an old binary's wall still shows what it knows.
fn settled_row(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Option<Settled>> {
    let kind: String = r.get(at)?;
    let Some(kind) = SettledKind::from_name(&kind) else {
        return Ok(None);
    };
    let Ok(level) = Level::new(r.get(at + 1)?) else {
        return Ok(None);
    };
    let zone: Option<i64> = r.get(at + 2)?;
    let verdict: Option<String> = r.get(at + 5)?;
    let Some(day) = from_day_number(r.get(at + 6)?) else {
        return Ok(None);
    };
    Ok(Some(Settled {
        kind,
        level,
        zone: zone.and_then(|z| u8::try_from(z).ok()),
        at: ts(r.get(at + 3)?),
        met_at: r.get::<_, Option<i64>>(at + 4)?.map(ts),
        verdict: verdict.as_deref().and_then(Verdict::from_name),
        day,
    }))
}

/// The ticket's current revision number and rows (`None` for no summary or
/// a reopened one).
fn current(
    tx: &rusqlite::Connection,
    ticket_id: TicketId,
) -> rusqlite::Result<(i64, Vec<Settled>)> {
    let rev: Option<i64> = tx
        .prepare_cached("SELECT max(rev) FROM outcomes WHERE ticket_id = ?1")?
        .query_row([ticket_id], |r| r.get(0))
        .optional()?
        .flatten();
    let Some(rev) = rev else {
        return Ok((0, Vec::new()));
    };
    let mut rows = Vec::new();
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {COLS} FROM outcomes WHERE ticket_id = ?1 AND rev = ?2"
    ))?;
    let mut q = stmt.query(params![ticket_id, rev])?;
    while let Some(r) = q.next()? {
        rows.extend(settled_row(r, 0)?);
    }
    rows.sort();
    Ok((rev, rows))
}

/// Appends the ticket's next revision when its settled record differs from
/// `derived` (a reopened ticket gets the single `reopened` row). Returns
/// rows written.
pub(super) fn reconcile_settled(
    tx: &rusqlite::Connection,
    ticket_id: TicketId,
    derived: &[Settled],
    cause: Option<i64>,
    now: Ts,
) -> rusqlite::Result<usize> {
    let (rev, standing) = current(tx, ticket_id)?;
    let mut derived = derived.to_vec();
    derived.sort();
    // Equal includes "open, and never summarized or already reopened".
    if standing == derived {
        return Ok(0);
    }
    if derived.is_empty() {
        tx.prepare_cached(INSERT)?.execute(params![
            ticket_id,
            rev + 1,
            REOPENED,
            1,
            None::<i64>,
            now.timestamp(),
            None::<i64>,
            None::<&str>,
            day_number(now.date_naive()),
            now.timestamp(),
            cause
        ])?;
        return Ok(1);
    }
    insert_rev(tx, ticket_id, rev + 1, &derived, cause, now)?;
    Ok(derived.len())
}

const INSERT: &str = "INSERT INTO outcomes \
    (ticket_id, rev, kind, level, zone, at, met_at, verdict, day, recorded_at, event_id) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

/// Writes one revision of a ticket's settled record.
pub(super) fn insert_rev(
    tx: &rusqlite::Connection,
    ticket_id: TicketId,
    rev: i64,
    rows: &[Settled],
    cause: Option<i64>,
    now: Ts,
) -> rusqlite::Result<()> {
    let mut ins = tx.prepare_cached(INSERT)?;
    for s in rows {
        ins.execute(params![
            ticket_id,
            rev,
            s.kind.name(),
            s.level.number(),
            s.zone,
            s.at.timestamp(),
            s.met_at.map(|t| t.timestamp()),
            s.verdict.map(Verdict::name),
            day_number(s.day),
            now.timestamp(),
            cause
        ])?;
    }
    Ok(())
}

/// How many current settled rows share a day, kind, level and verdict
/// (negative: superseded rows to take back out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettledCount {
    pub day: NaiveDate,
    pub kind: SettledKind,
    pub level: Level,
    pub verdict: Option<Verdict>,
    pub n: i64,
}

/// A change to the settled records since a reader last looked: the rows a
/// ticket had then (to take out) and the rows it has now (to add).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SettledChanges {
    pub removed: Vec<Settled>,
    pub added: Vec<Settled>,
    /// Pass this back next time.
    pub last_id: i64,
}

impl Store {
    /// Counts of the current settled rows from day `from` on, by (day,
    /// kind, level, verdict), and the last row id they include (for
    /// [`Store::settled_since`]). Read from the covering day index; the few
    /// superseded revisions (tickets reopened or corrected after closing)
    /// come back as negative counts, so no row is probed one by one.
    pub fn settled_counts(&self, from: NaiveDate) -> Result<(Vec<SettledCount>, i64)> {
        let read = || -> rusqlite::Result<(Vec<SettledCount>, i64)> {
            let tx = self.conn.unchecked_transaction()?;
            let last: i64 = tx.query_row("SELECT COALESCE(max(id), 0) FROM outcomes", [], |r| {
                r.get(0)
            })?;
            let mut out = Vec::new();
            // As of a moment: only rows recorded by then (the live figures
            // keep to the covering index).
            let (rec, rec_o, rec_m) = if self.as_of == i64::MAX {
                ("AND ?2 = ?2", "AND ?2 = ?2", "")
            } else {
                (
                    "AND recorded_at <= ?2",
                    "AND o.recorded_at <= ?2",
                    "AND m.recorded_at <= ?2",
                )
            };
            for (sql, sign) in [
                (
                    format!(
                        "SELECT day, kind, level, verdict, count(*) FROM outcomes \
                         WHERE day >= ?1 {rec} GROUP BY day, kind, level, verdict"
                    ),
                    1,
                ),
                (
                    format!(
                        "SELECT day, kind, level, verdict, count(*) FROM outcomes o \
                         WHERE o.ticket_id IN (SELECT ticket_id FROM outcomes INDEXED BY outcomes_revised WHERE rev > 1) \
                         AND o.day >= ?1 {rec_o} \
                         AND o.rev < (SELECT max(rev) FROM outcomes m WHERE m.ticket_id = o.ticket_id {rec_m}) \
                         GROUP BY day, kind, level, verdict"
                    ),
                    -1,
                ),
            ] {
                let mut stmt = tx.prepare_cached(&sql)?;
                let mut q = stmt.query(params![day_number(from), self.as_of])?;
                while let Some(r) = q.next()? {
                    let kind: String = r.get(1)?;
                    let (Some(day), Some(kind), Ok(level)) = (
                        from_day_number(r.get(0)?),
                        SettledKind::from_name(&kind),
                        Level::new(r.get(2)?),
                    ) else {
                        continue;
                    };
                    let verdict: Option<String> = r.get(3)?;
                    out.push(SettledCount {
                        day,
                        kind,
                        level,
                        verdict: verdict.as_deref().and_then(Verdict::from_name),
                        n: sign * r.get::<_, i64>(4)?,
                    });
                }
            }
            tx.commit()?;
            Ok((out, last))
        };
        read().map_err(|e| self.err(e))
    }

    /// What changed in the settled records after row `after` (as returned
    /// by [`Store::settled_counts`] or the previous call): for each ticket
    /// with a new revision, its rows as of `after` and its rows now.
    pub fn settled_since(&self, after: i64) -> Result<SettledChanges> {
        let read = || -> rusqlite::Result<SettledChanges> {
            let tx = self.conn.unchecked_transaction()?;
            let mut out = SettledChanges {
                last_id: after,
                ..SettledChanges::default()
            };
            // By rowid (a GROUP BY here would walk the whole ticket index).
            let mut tickets: std::collections::BTreeMap<i64, i64> = Default::default();
            let mut stmt = tx.prepare_cached("SELECT ticket_id, id FROM outcomes WHERE id > ?1")?;
            let mut q = stmt.query([after])?;
            while let Some(r) = q.next()? {
                let (ticket, id): (i64, i64) = (r.get(0)?, r.get(1)?);
                let last = tickets.entry(ticket).or_default();
                *last = (*last).max(id);
            }
            drop(q);
            drop(stmt);
            let mut rows_at = tx.prepare_cached(&format!(
                "SELECT {COLS} FROM outcomes WHERE ticket_id = ?1 AND rev = \
                 (SELECT max(rev) FROM outcomes WHERE ticket_id = ?1 AND id <= ?2)"
            ))?;
            for (ticket, last) in tickets {
                out.last_id = out.last_id.max(last);
                for (bound, into) in [(after, &mut out.removed), (last, &mut out.added)] {
                    let mut q = rows_at.query(params![ticket, bound])?;
                    while let Some(r) = q.next()? {
                        into.extend(settled_row(r, 0)?);
                    }
                }
            }
            drop(rows_at);
            tx.commit()?;
            Ok(out)
        };
        read().map_err(|e| self.err(e))
    }

    /// Whether closed tickets from before the summaries existed still need
    /// `faultline rebuild` (figures would leave them out until then).
    pub fn settled_need_rebuild(&self) -> Result<bool> {
        let v: Option<String> = self
            .conn
            .query_row("SELECT value FROM desk WHERE key = 'outcomes'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(v.as_deref() == Some("rebuild"))
    }

    /// The rebuild: for each ticket, inside one write transaction, re-reads
    /// it and appends what makes its settled record agree with `derive`
    /// (its raises are the sweep's); after the last batch (`done`), the desk
    /// is marked current. Returns rows written.
    pub fn rebuild_batch(
        &mut self,
        ticket_ids: &[TicketId],
        now: Ts,
        done: bool,
        derive: impl Fn(&super::Ticket) -> Derived,
    ) -> Result<usize> {
        self.write(|tx| {
            let written = for_each_ticket(tx, ticket_ids, |t| {
                reconcile_settled(tx, t.id, &derive(t).settled, None, now)
            })?;
            if done {
                tx.execute(
                    "INSERT OR REPLACE INTO desk (key, value) VALUES ('outcomes', 'current')",
                    [],
                )?;
            }
            Ok(Ok(written))
        })?
    }

    /// Ticket numbers after `after`, `limit` at a time (the rebuild's walk).
    pub fn ticket_ids_after(&self, after: TicketId, limit: usize) -> Result<Vec<TicketId>> {
        ids_after(&self.conn, after, limit).map_err(|e| self.err(e))
    }
}
