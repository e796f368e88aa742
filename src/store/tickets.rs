//! Tickets and their append-only event log.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row};

use super::{opt_text_at, text_at, ts, Result, Site, Store, StoreError};
use crate::sla::{Event, EventKind, Level, Ts};

/// Who logged an event, when it was written, and the free-text note: what the
/// engine does not need but the timeline shows.
#[derive(Debug, Clone, PartialEq)]
pub struct EventMeta {
    pub id: i64,
    pub recorded_at: Ts,
    pub by: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub id: i64,
    pub site_id: i64,
    pub title: String,
    /// The level it was opened at; the current level comes from the engine.
    pub level: Level,
    pub onsite: bool,
    pub reported_at: Ts,
    pub approved_by: Option<String>,
    /// In time order; `meta[i]` belongs to `events[i]`.
    pub events: Vec<Event>,
    pub meta: Vec<EventMeta>,
}

impl Ticket {
    pub fn is_closed(&self) -> bool {
        self.events.iter().any(|e| e.kind == EventKind::Closed)
    }

    /// Engineers currently assigned, in assignment order.
    pub fn assignees(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in &self.events {
            match &e.kind {
                EventKind::Assigned { engineer } if !out.contains(&engineer.as_str()) => {
                    out.push(engineer)
                }
                EventKind::Unassigned { engineer } => out.retain(|n| n != engineer),
                _ => {}
            }
        }
        out
    }

    fn push(&mut self, event: Event, meta: EventMeta) {
        // Keep time order (ties by id) so the engine's already-sorted fast path holds.
        let pos = self.events.partition_point(|e| e.at <= event.at);
        self.events.insert(pos, event);
        self.meta.insert(pos, meta);
    }
}

#[derive(Debug, Clone)]
pub struct NewTicket {
    pub site: String,
    pub level: Level,
    pub title: String,
    pub reported_at: Ts,
    pub onsite: bool,
    pub approved_by: Option<String>,
}

/// Tickets in memory plus the high-water marks needed to read only what
/// other processes added since.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub tickets: Vec<Ticket>,
    pub last_event_id: i64,
    pub last_ticket_id: i64,
    /// Closed tickets reported before this are not loaded.
    pub since: i64,
}

const TICKET_COLS: &str = "id, site_id, title, level, onsite, reported_at, approved_by";
const EVENT_COLS: &str = "id, ticket_id, at, recorded_at, by, note, payload";

fn ticket_row(r: &Row) -> rusqlite::Result<Ticket> {
    let level: i64 = r.get(3)?;
    Ok(Ticket {
        id: r.get(0)?,
        site_id: r.get(1)?,
        title: text_at(r, 2)?,
        level: Level::new(level).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Integer,
                Box::new(e),
            )
        })?,
        onsite: r.get(4)?,
        reported_at: ts(r.get(5)?),
        approved_by: opt_text_at(r, 6)?,
        events: Vec::new(),
        meta: Vec::new(),
    })
}

fn event_row(r: &Row) -> rusqlite::Result<(i64, Event, EventMeta)> {
    let payload: String = r.get(6)?;
    let kind: EventKind = serde_json::from_str(&payload).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok((
        r.get(1)?,
        Event {
            at: ts(r.get(2)?),
            kind: crate::text::clean_kind(kind),
        },
        EventMeta {
            id: r.get(0)?,
            recorded_at: ts(r.get(3)?),
            by: opt_text_at(r, 4)?,
            note: opt_text_at(r, 5)?,
        },
    ))
}

fn load_ticket(tx: &rusqlite::Connection, id: i64) -> rusqlite::Result<Option<Ticket>> {
    let Some(mut t) = tx
        .query_row(
            &format!("SELECT {TICKET_COLS} FROM tickets WHERE id = ?1"),
            [id],
            ticket_row,
        )
        .optional()?
    else {
        return Ok(None);
    };
    let mut st = tx.prepare_cached(&format!(
        "SELECT {EVENT_COLS} FROM events WHERE ticket_id = ?1 ORDER BY at, id"
    ))?;
    for row in st.query_map([id], event_row)? {
        let (_, e, m) = row?;
        t.events.push(e);
        t.meta.push(m);
    }
    Ok(Some(t))
}

impl Store {
    /// Opens a ticket after `check` accepts it against its site (rules that
    /// need the policy live in the service). Ticket numbers start at 1001.
    pub fn open_ticket(
        &mut self,
        t: &NewTicket,
        now: Ts,
        check: impl FnOnce(&Site) -> std::result::Result<(), String>,
    ) -> Result<i64> {
        let sites = self.sites()?;
        let Some(site) = sites.into_iter().find(|s| s.name == t.site) else {
            return Err(StoreError::NotFound(format!(
                "unknown site {:?} (add it with `faultline site add`)",
                t.site
            )));
        };
        check(&site).map_err(StoreError::Invalid)?;
        self.write(|tx| {
            let id: i64 = tx.query_row("SELECT COALESCE(MAX(id), 1000) + 1 FROM tickets", [], |r| r.get(0))?;
            tx.execute(
                &format!("INSERT INTO tickets ({TICKET_COLS}, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
                params![id, site.id, t.title, t.level.number(), t.onsite, t.reported_at.timestamp(), t.approved_by, now.timestamp()],
            )?;
            Ok(Ok(id))
        })?
    }

    pub fn ticket(&self, id: i64) -> Result<Ticket> {
        load_ticket(&self.conn, id)
            .map_err(|e| self.err(e))?
            .ok_or_else(|| StoreError::NotFound(format!("no ticket #{id}")))
    }

    /// Appends one event. Inside the write lock the ticket is re-read and
    /// `check` decides against the latest log, so two processes logging the
    /// same thing at once cannot both succeed.
    pub fn append_event(
        &mut self,
        ticket_id: i64,
        event: &Event,
        by: Option<&str>,
        note: Option<&str>,
        now: Ts,
        check: impl FnOnce(&Ticket) -> std::result::Result<(), String>,
    ) -> Result<i64> {
        let payload =
            serde_json::to_string(&event.kind).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.write(|tx| {
            let Some(ticket) = load_ticket(tx, ticket_id)? else {
                return Ok(Err(StoreError::NotFound(format!("no ticket #{ticket_id}"))));
            };
            if let Err(msg) = check(&ticket) {
                return Ok(Err(StoreError::Invalid(msg)));
            }
            tx.execute(
                "INSERT INTO events (ticket_id, at, recorded_at, kind, by, note, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![ticket_id, event.at.timestamp(), now.timestamp(), event.kind.name(), by, note, payload],
            )?;
            Ok(Ok(tx.last_insert_rowid()))
        })?
    }

    /// Writes each derived automatic raise once: the (ticket, seq) key makes a
    /// second writer's insert a no-op, and only the process whose insert
    /// landed appends the audit event. Returns how many this call wrote.
    pub fn record_raises(
        &mut self,
        raises: &[(i64, i64, Ts, Level, Level)],
        now: Ts,
    ) -> Result<usize> {
        if raises.is_empty() {
            return Ok(0);
        }
        self.write(|tx| {
            let mut written = 0;
            let mut ins = tx.prepare_cached("INSERT OR IGNORE INTO raises (ticket_id, seq, at, from_level, to_level, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
            let mut ev = tx.prepare_cached("INSERT INTO events (ticket_id, at, recorded_at, kind, by, note, payload) VALUES (?1, ?2, ?3, 'raised', 'faultline', NULL, ?4)")?;
            for (ticket, seq, at, from, to) in raises {
                if ins.execute(params![ticket, seq, at.timestamp(), from.number(), to.number(), now.timestamp()])? == 1 {
                    let payload = serde_json::to_string(&EventKind::Raised { from: *from, to: *to }).unwrap_or_default();
                    ev.execute(params![ticket, at.timestamp(), now.timestamp(), payload])?;
                    written += 1;
                }
            }
            Ok(Ok(written))
        })?
    }

    /// Open tickets plus closed ones reported at or after `since` (for the
    /// compliance figures). No read transaction outlives this call.
    pub fn snapshot(&self, since: Ts) -> Result<Snapshot> {
        let mut snap = Snapshot {
            since: since.timestamp(),
            ..Snapshot::default()
        };
        self.load_into(&mut snap, 0, 0).map_err(|e| self.err(e))?;
        Ok(snap)
    }

    /// Reads only tickets and events added since the snapshot was taken.
    pub fn refresh(&self, snap: &mut Snapshot) -> Result<usize> {
        let (t, e) = (snap.last_ticket_id, snap.last_event_id);
        self.load_into(snap, t, e).map_err(|e| self.err(e))
    }

    fn load_into(
        &self,
        snap: &mut Snapshot,
        after_ticket: i64,
        after_event: i64,
    ) -> rusqlite::Result<usize> {
        let tx = self.conn.unchecked_transaction()?;
        let mut changed = 0;
        {
            let mut st = tx.prepare_cached(&format!(
                "SELECT {TICKET_COLS} FROM tickets t WHERE id > ?1 AND (reported_at >= ?2 OR NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.kind = 'closed')) ORDER BY id"
            ))?;
            for t in st.query_map(params![after_ticket, snap.since], ticket_row)? {
                snap.tickets.push(t?);
                changed += 1;
            }
            let max_t: i64 =
                tx.query_row("SELECT COALESCE(MAX(id), 0) FROM tickets", [], |r| r.get(0))?;
            snap.last_ticket_id = snap.last_ticket_id.max(max_t);
            let index: HashMap<i64, usize> = snap
                .tickets
                .iter()
                .enumerate()
                .map(|(i, t)| (t.id, i))
                .collect();
            let mut st = tx.prepare_cached(&format!(
                "SELECT {EVENT_COLS} FROM events WHERE id > ?1 ORDER BY id"
            ))?;
            for row in st.query_map([after_event], event_row)? {
                let (ticket_id, event, meta) = row?;
                snap.last_event_id = snap.last_event_id.max(meta.id);
                if let Some(&i) = index.get(&ticket_id) {
                    snap.tickets[i].push(event, meta);
                    changed += 1;
                }
            }
        }
        tx.commit()?;
        Ok(changed)
    }
}
