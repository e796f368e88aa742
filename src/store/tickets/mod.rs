//! Tickets and their append-only event log.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row};

mod raises;
mod rows;

use raises::reconcile_raises;
use rows::{event_row, load_events, load_ticket, ticket_row, EVENT_COLS, TICKET_COLS, TICKET_READ};
pub(super) use rows::{for_each_ticket, ids_after};

use super::hooks::{insert_notice, NewNotice};
use super::outcomes::{insert_rev, reconcile_settled, Derived};
use super::{opt_text_at, ts, Equipment, Result, Site, Store, StoreError};
use crate::sla::outcome::Settled;
use crate::sla::{Event, EventKind, Level, Ts};

/// Who recorded an event and when, who performed it where that differs,
/// and the free-text note: what the engine does not need but the timeline
/// (and a customer's auditor) does.
#[derive(Debug, Clone, PartialEq)]
pub struct EventMeta {
    pub id: i64,
    /// The real clock when it was written (section 7).
    pub recorded_at: Ts,
    // Boxed, not `String`: every open ticket's entries stay in the screens'
    // memory, and a box is a third smaller.
    pub by: Option<Box<str>>,
    pub performed_by: Option<Box<str>>,
    pub note: Option<Box<str>>,
    /// The `void` entry that corrected this one, if any.
    pub voided_by: Option<i64>,
}

impl EventMeta {
    /// Section 7: recorded more than 15 minutes after its own time (补录).
    pub const LATE_AFTER_SECONDS: i64 = 15 * 60;

    pub fn is_late(&self, at: Ts) -> bool {
        (self.recorded_at - at).num_seconds() > Self::LATE_AFTER_SECONDS
    }
}

/// Who is writing an entry (section 7: every entry says who).
#[derive(Debug, Clone, Copy, Default)]
pub struct Entry<'a> {
    pub by: Option<&'a str>,
    pub performed_by: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// An automatic raise as the engine derives it: keyed by what it is (the
/// level it left and the deadline whose breach caused it), never by a counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Raise {
    pub from: Level,
    pub to: Level,
    pub due: Ts,
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
    /// Opened out of warranty without approval (see `approved`).
    pub held: bool,
    /// The equipment the fault is on, when named at opening.
    pub equipment_id: Option<i64>,
    /// The whole log in time order (ties by id), voided entries and voids
    /// included: the timeline. `meta[i]` belongs to `events[i]`.
    pub events: Vec<Event>,
    pub meta: Vec<EventMeta>,
    /// What the engine sees when the log holds voids: the log without
    /// voided entries and voids. `None` (almost every ticket): the log
    /// itself — a second copy of every open ticket's events was a sixth of
    /// the wall's memory.
    pub(crate) corrected: Option<Vec<Event>>,
    /// Rows of this ticket that could not be read (section 7: the damage
    /// stays on this ticket; every other ticket works).
    pub damage: Vec<String>,
}

impl Ticket {
    /// Who approved service out of warranty: named at opening, or the
    /// `approved` entry's actor.
    pub fn approver(&self) -> Option<&str> {
        self.approved_by.as_deref().or_else(|| {
            self.events
                .iter()
                .zip(&self.meta)
                .find(|(e, m)| e.kind == EventKind::Approved && m.voided_by.is_none())
                .and_then(|(_, m)| m.performed_by.as_deref().or(m.by.as_deref()))
        })
    }

    /// Opened out of warranty and not yet approved (the engine's `held`,
    /// read from the log without a replay).
    /// What the engine sees: the log without voided entries and voids.
    pub fn live(&self) -> &[Event] {
        self.corrected.as_deref().unwrap_or(&self.events)
    }

    pub fn is_held(&self) -> bool {
        self.held && !self.live().iter().any(|e| e.kind == EventKind::Approved)
    }

    pub fn is_closed(&self) -> bool {
        self.live().iter().any(|e| e.kind == EventKind::Closed)
    }

    /// Engineers currently assigned, in assignment order.
    pub fn assignees(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in self.live() {
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

    /// The raises the log records as standing: `raised` entries not
    /// followed by a `raise_retracted` of the same raise — followed in the
    /// order they were recorded, not by their times: a raise re-derived
    /// after a void carries the breach's time, earlier than the retraction
    /// it answers.
    pub fn recorded_raises(&self) -> std::collections::BTreeSet<Raise> {
        let mut standing = std::collections::BTreeSet::new();
        let mut order: Vec<usize> = (0..self.events.len()).collect();
        order.sort_by_key(|&i| self.meta.get(i).map_or(i64::MAX, |m| m.id));
        for e in order.into_iter().map(|i| &self.events[i]) {
            match e.kind {
                EventKind::Raised { from, to, .. } => {
                    standing.insert(Raise {
                        from,
                        to,
                        due: e.at,
                    });
                }
                EventKind::RaiseRetracted { from, to, due, .. } => {
                    standing.remove(&Raise { from, to, due });
                }
                _ => {}
            }
        }
        standing
    }

    fn push(&mut self, event: Event, meta: EventMeta) {
        // Keep time order (ties by id) so the engine's already-sorted fast path holds.
        let pos = self.events.partition_point(|e| e.at <= event.at);
        let void = matches!(event.kind, EventKind::Void { .. });
        if let (false, Some(live)) = (void, self.corrected.as_mut()) {
            // Entries load in id order, so a new one is never already voided.
            let live_pos = live.partition_point(|e| e.at <= event.at);
            live.insert(live_pos, event.clone());
        }
        self.events.insert(pos, event);
        self.meta.insert(pos, meta);
        if void {
            self.rebuild_live();
        }
    }

    /// Recomputes `live` and the voided marks from the whole log.
    fn rebuild_live(&mut self) {
        if !self
            .events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Void { .. }))
        {
            self.corrected = None;
            return;
        }
        let voids: std::collections::HashMap<i64, i64> = self
            .events
            .iter()
            .zip(&self.meta)
            .filter_map(|(e, m)| match e.kind {
                EventKind::Void { event, .. } => Some((event, m.id)),
                _ => None,
            })
            .collect();
        let mut live = Vec::with_capacity(self.events.len());
        for (e, m) in self.events.iter().zip(self.meta.iter_mut()) {
            m.voided_by = voids.get(&m.id).copied();
            if m.voided_by.is_none() && !matches!(e.kind, EventKind::Void { .. }) {
                live.push(e.clone());
            }
        }
        self.corrected = Some(live);
    }

    /// The entry with this id.
    pub fn entry(&self, id: i64) -> Option<(&Event, &EventMeta)> {
        self.events.iter().zip(&self.meta).find(|(_, m)| m.id == id)
    }
}

/// One ticket of generated history with its whole log, for
/// [`Store::append_history`].
#[derive(Debug, Clone)]
pub struct HistoryTicket {
    pub site_id: i64,
    pub title: String,
    pub level: Level,
    pub onsite: bool,
    pub reported_at: Ts,
    /// (event, when it was recorded, who recorded it), in time order.
    pub events: Vec<(Event, Ts, String)>,
    /// Its settled record when closed, as the engine derives it.
    pub settled: Vec<Settled>,
}

#[derive(Debug, Clone)]
pub struct NewTicket {
    pub site: String,
    pub level: Level,
    pub title: String,
    pub reported_at: Ts,
    pub onsite: bool,
    pub approved_by: Option<String>,
    /// The serial of the equipment at fault (`--equipment SN`).
    pub equipment: Option<String>,
    /// The call that reported it (作电话记录), written as the ticket's first
    /// entry in the same transaction.
    pub call: Option<NewCall>,
}

/// A customer's call as taken when the ticket is opened.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCall {
    pub caller: String,
    pub phone: String,
    /// Who took the call (the entry's actor).
    pub by: String,
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
    /// Indices of the tickets the last refresh added or changed: screens
    /// re-evaluate only these.
    pub touched: Vec<usize>,
}

impl Store {
    /// Opens a ticket after `check` accepts it against its site (rules that
    /// need the policy live in the service). Ticket numbers start at 1001.
    pub fn open_ticket(
        &mut self,
        t: &NewTicket,
        now: Ts,
        check: impl FnOnce(&Site, Option<&Equipment>) -> std::result::Result<bool, String>,
    ) -> Result<i64> {
        let sites = self.sites()?;
        let Some(site) = sites.into_iter().find(|s| s.name == t.site) else {
            return Err(StoreError::NotFound(format!(
                "unknown site {:?} (add it with `faultline site add`)",
                t.site
            )));
        };
        let equipment = match &t.equipment {
            None => None,
            Some(serial) => match self.equipment()?.into_iter().find(|e| &e.serial == serial) {
                Some(e) if e.site_id == site.id => Some(e),
                Some(_) => {
                    return Err(StoreError::Invalid(format!(
                        "equipment {serial} is not at site {}",
                        site.name
                    )))
                }
                None => {
                    return Err(StoreError::NotFound(format!(
                        "unknown equipment {serial:?} (add it with `faultline equipment add`)"
                    )))
                }
            },
        };
        let held = check(&site, equipment.as_ref()).map_err(StoreError::Invalid)?;
        self.write(|tx| {
            let id: i64 = tx.query_row("SELECT COALESCE(MAX(id), 1000) + 1 FROM tickets", [], |r| r.get(0))?;
            tx.execute(
                &format!("INSERT INTO tickets ({TICKET_COLS}, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
                params![id, site.id, t.title, t.level.number(), t.onsite, t.reported_at.timestamp(), t.approved_by, now.timestamp()],
            )?;
            if held || equipment.is_some() {
                tx.execute(
                    "UPDATE tickets SET held = ?2, equipment_id = ?3 WHERE id = ?1",
                    params![id, held, equipment.as_ref().map(|e| e.id)],
                )?;
            }
            // Section 4: a level-1 fault is answered within 15 minutes.
            if t.level.number() == 1 {
                let notice = NewNotice {
                    ticket_id: id,
                    kind: "new_l1".into(),
                    cause: id.to_string(),
                    level: 1,
                    at: t.reported_at,
                    detail: "{}".into(),
                };
                insert_notice(tx, &notice, now)?;
            }
            if let Some(call) = &t.call {
                let kind = EventKind::Call {
                    caller: call.caller.as_str().into(),
                    phone: call.phone.as_str().into(),
                };
                let payload = serde_json::to_string(&kind)
                    .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
                tx.execute(
                    "INSERT INTO events (ticket_id, at, recorded_at, kind, by, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![id, t.reported_at.timestamp(), now.timestamp(), kind.name(), call.by, payload],
                )?;
            }
            Ok(Ok(id))
        })?
    }

    pub fn ticket(&self, id: i64) -> Result<Ticket> {
        load_ticket(&self.conn, id, self.as_of)
            .map_err(|e| self.err(e))?
            .ok_or_else(|| StoreError::NotFound(format!("no ticket #{id}")))
    }

    /// Appends one event. Inside the write lock the ticket is re-read and
    /// `check` decides against the latest log (and may name a default
    /// performer), so two processes logging the
    /// same thing at once cannot both succeed; then `derive` says which
    /// automatic raises the log now implies and the same transaction appends
    /// what makes the record agree (section 7).
    pub fn append_event(
        &mut self,
        ticket_id: i64,
        event: &Event,
        entry: Entry,
        now: Ts,
        check: impl FnOnce(&Ticket) -> std::result::Result<Option<String>, String>,
        derive: impl Fn(&Ticket) -> Derived,
    ) -> Result<i64> {
        let payload =
            serde_json::to_string(&event.kind).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.write(|tx| {
            let Some(mut ticket) = load_ticket(tx, ticket_id, i64::MAX)? else {
                return Ok(Err(StoreError::NotFound(format!("no ticket #{ticket_id}"))));
            };
            if let Some(d) = ticket.damage.first() {
                return Ok(Err(StoreError::Invalid(format!(
                    "ticket #{ticket_id} has a damaged row ({d}); nothing can be added until it is repaired"
                ))));
            }
            // `check` also names who performed it when the entry does not
            // (decided on the same read of the ticket).
            let default_performer = match check(&ticket) {
                Ok(p) => p,
                Err(msg) => return Ok(Err(StoreError::Invalid(msg))),
            };
            let performed_by = entry
                .performed_by
                .or(default_performer.as_deref())
                .filter(|p| Some(*p) != entry.by);
            tx.execute(
                "INSERT INTO events (ticket_id, at, recorded_at, kind, by, note, payload, performed_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![ticket_id, event.at.timestamp(), now.timestamp(), event.kind.name(), entry.by, entry.note, payload, performed_by],
            )?;
            let id = tx.last_insert_rowid();
            // A level set by hand pages as a raise when it is one.
            let before = matches!(event.kind, EventKind::SetLevel { .. })
                .then(|| derive(&ticket).level)
                .flatten();
            ticket.push(
                event.clone(),
                EventMeta {
                    id,
                    recorded_at: now,
                    by: entry.by.map(Into::into),
                    performed_by: performed_by.map(Into::into),
                    note: entry.note.map(Into::into),
                    voided_by: None,
                },
            );
            let derived = derive(&ticket);
            if let (Some(before), Some(after)) = (before, derived.level) {
                if after.number() < before.number() {
                    let notice = NewNotice {
                        ticket_id,
                        kind: "raise".into(),
                        cause: format!("event:{id}"),
                        level: after.number(),
                        at: event.at,
                        detail: serde_json::json!({"from": before.number(), "to": after.number(), "manual": true}).to_string(),
                    };
                    insert_notice(tx, &notice, now)?;
                }
            }
            reconcile_raises(tx, &ticket, &derived.raises, Some(id), now)?;
            reconcile_settled(tx, ticket_id, &derived.settled, Some(id), now)?;
            // What screens find open work by (an index, not a scan of history).
            tx.prepare_cached("UPDATE tickets SET open = ?2 WHERE id = ?1 AND open != ?2")?
                .execute(params![ticket_id, !ticket.is_closed()])?;
            Ok(Ok(id))
        })?
    }

    /// Writes many tickets with their logs in one transaction, numbered
    /// after the highest, `open` set from each log. For building test desks
    /// with years of history (`examples/make-history.rs`): the entries are
    /// not validated one by one, so nothing a user types comes this way.
    pub fn append_history(&mut self, tickets: &[HistoryTicket], now: Ts) -> Result<usize> {
        // Bulk: a larger page cache keeps the indexes' pages in memory.
        self.conn
            .pragma_update(None, "cache_size", -262_144)
            .map_err(|e| self.err(e))?;
        self.write(|tx| {
            let mut id: i64 =
                tx.query_row("SELECT COALESCE(MAX(id), 1000) FROM tickets", [], |r| r.get(0))?;
            let mut t_ins = tx.prepare_cached(&format!(
                "INSERT INTO tickets ({TICKET_COLS}, created_at, open) VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8)"
            ))?;
            let mut e_ins = tx.prepare_cached(
                "INSERT INTO events (ticket_id, at, recorded_at, kind, by, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for t in tickets {
                id += 1;
                let closed = t.events.iter().any(|(e, ..)| e.kind == EventKind::Closed);
                t_ins.execute(params![
                    id,
                    t.site_id,
                    t.title,
                    t.level.number(),
                    t.onsite,
                    t.reported_at.timestamp(),
                    now.timestamp(),
                    !closed
                ])?;
                if !t.settled.is_empty() {
                    insert_rev(tx, id, 1, &t.settled, None, now)?;
                }
                for (e, recorded, by) in &t.events {
                    let payload = serde_json::to_string(&e.kind).unwrap_or_default();
                    e_ins.execute(params![
                        id,
                        e.at.timestamp(),
                        recorded.timestamp(),
                        e.kind.name(),
                        by,
                        payload
                    ])?;
                }
            }
            Ok(Ok(tickets.len()))
        })?
    }

    /// The next `limit` tickets after number `after`, open or not, each with
    /// its whole log: for streaming every ticket in constant memory. Each
    /// batch is its own short read (a long one would starve checkpoints).
    /// The tickets `sql` selects (ids, given `args`), in its order, each
    /// with its log, in one read transaction.
    fn tickets_by(&self, sql: &str, args: impl rusqlite::Params) -> Result<Vec<Ticket>> {
        let read = || -> rusqlite::Result<Vec<Ticket>> {
            let tx = self.conn.unchecked_transaction()?;
            let ids: Vec<i64> = {
                let mut st = tx.prepare_cached(sql)?;
                let rows = st.query_map(args, |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                out.extend(load_ticket(&tx, id, self.as_of)?);
            }
            tx.commit()?;
            Ok(out)
        };
        read().map_err(|e| self.err(e))
    }

    /// The newest `limit` closed tickets with their logs, newest first (the
    /// console's history screen).
    pub fn closed_tickets(&self, limit: usize) -> Result<Vec<Ticket>> {
        self.tickets_by(
            "SELECT id FROM tickets WHERE open = 0 ORDER BY id DESC LIMIT ?1",
            [limit as i64],
        )
    }

    /// Tickets reported in `[from, to]` with numbers above `after`, at most
    /// `limit`, by number, with their logs (reports page through a period).
    /// Numbers follow reporting closely, so pages walk the primary key from
    /// the last number seen (`+` keeps SQLite off the reported index, which
    /// would sort the whole period again for every page).
    pub fn tickets_reported(
        &self,
        from: Ts,
        to: Ts,
        after: i64,
        limit: usize,
    ) -> Result<Vec<Ticket>> {
        self.tickets_by(
            "SELECT id FROM tickets WHERE id > ?3 AND +reported_at BETWEEN ?1 AND ?2 ORDER BY id LIMIT ?4",
            params![from.timestamp(), to.timestamp(), after, limit as i64],
        )
    }

    pub fn tickets_after(&self, after: i64, limit: usize) -> Result<Vec<Ticket>> {
        self.tickets_by(
            "SELECT id FROM tickets WHERE id > ?1 ORDER BY id LIMIT ?2",
            params![after, limit as i64],
        )
    }

    /// The sweep: for each ticket, inside one write transaction, re-reads it
    /// and appends what makes its recorded raises equal the derived ones.
    /// Many sweepers at once write each raise once. Returns records written.
    pub fn reconcile(
        &mut self,
        ticket_ids: &[i64],
        now: Ts,
        derive: impl Fn(&Ticket) -> Derived,
    ) -> Result<usize> {
        if ticket_ids.is_empty() {
            return Ok(0);
        }
        self.write(|tx| {
            let written = for_each_ticket(tx, ticket_ids, |ticket| {
                let derived = derive(ticket);
                Ok(reconcile_raises(tx, ticket, &derived.raises, None, now)?
                    + reconcile_settled(tx, ticket.id, &derived.settled, None, now)?)
            })?;
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
        snap.touched.clear();
        {
            let first = after_ticket == 0 && after_event == 0;
            // First load: open tickets (an index) and those reported since
            // `since` (an index), with their events through the per-ticket
            // index; never a scan of closed history. Later: only rows above
            // the high-water marks.
            // Two disjoint index lookups (a UNION in id order made SQLite
            // scan every ticket): open ones by the partial index, recently
            // reported closed ones by `reported_at`.
            let before = snap.tickets.len();
            let queries = if self.as_of == i64::MAX {
                [
                    format!("SELECT {TICKET_READ} FROM tickets WHERE open = 1 AND id > ?1 AND ?2 = ?2 AND ?3 = ?3"),
                    format!("SELECT {TICKET_READ} FROM tickets WHERE open = 0 AND reported_at >= ?2 AND +id > ?1 AND ?3 = ?3"),
                ]
            } else {
                // As of ?3: recorded by then, and open then (still open, or
                // closed by an entry recorded later); closed ones reported
                // since `since` as usual.
                [
                    format!(
                        "SELECT {TICKET_READ} FROM tickets WHERE created_at <= ?3 AND id > ?1 AND ?2 = ?2 AND (open = 1 OR id IN \
                         (SELECT ticket_id FROM events WHERE kind = 'closed' AND recorded_at > ?3))"
                    ),
                    format!(
                        "SELECT {TICKET_READ} FROM tickets WHERE open = 0 AND reported_at >= ?2 AND +id > ?1 AND created_at <= ?3 \
                         AND id NOT IN (SELECT ticket_id FROM events WHERE kind = 'closed' AND recorded_at > ?3)"
                    ),
                ]
            };
            for sql in queries {
                let mut st = tx.prepare_cached(&sql)?;
                for t in st.query_map(params![after_ticket, snap.since, self.as_of], ticket_row)? {
                    snap.tickets.push(t?);
                    changed += 1;
                }
            }
            snap.tickets[before..].sort_by_key(|t| t.id);
            snap.touched.extend(before..snap.tickets.len());
            let max_t: i64 =
                tx.query_row("SELECT COALESCE(MAX(id), 0) FROM tickets", [], |r| r.get(0))?;
            snap.last_ticket_id = snap.last_ticket_id.max(max_t);
            let max_e: i64 =
                tx.query_row("SELECT COALESCE(MAX(id), 0) FROM events", [], |r| r.get(0))?;
            let mut index: HashMap<i64, usize> = snap
                .tickets
                .iter()
                .enumerate()
                .map(|(i, t)| (t.id, i))
                .collect();
            if first {
                for t in &mut snap.tickets[before..] {
                    load_events(&tx, t, max_e, self.as_of)?;
                }
                snap.last_event_id = max_e;
            } else {
                let mut st = tx.prepare_cached(&format!(
                    "SELECT {EVENT_COLS} FROM events WHERE id > ?1 AND id <= ?2 ORDER BY id"
                ))?;
                let rows: Vec<_> = st
                    .query_map(params![after_event, max_e], |r| {
                        Ok((r.get::<_, i64>(0)?, event_row(r)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                let mut whole = std::collections::HashSet::new();
                for (_, row) in rows {
                    let ticket_id = match &row {
                        Ok((t, ..)) | Err((t, _)) => *t,
                    };
                    if whole.contains(&ticket_id) {
                        continue;
                    }
                    let i = match index.get(&ticket_id) {
                        Some(&i) => i,
                        // A ticket not loaded (closed history) that changed:
                        // a void reopened it. Load it whole; its new rows are
                        // in that read.
                        None => {
                            whole.insert(ticket_id);
                            if let Some(t) = load_ticket(&tx, ticket_id, self.as_of)? {
                                if !t.is_closed() {
                                    index.insert(ticket_id, snap.tickets.len());
                                    snap.touched.push(snap.tickets.len());
                                    snap.tickets.push(t);
                                    changed += 1;
                                }
                            }
                            continue;
                        }
                    };
                    match row {
                        Ok((_, event, meta)) => snap.tickets[i].push(event, meta),
                        Err((_, damage)) => snap.tickets[i].damage.push(damage),
                    }
                    snap.touched.push(i);
                    changed += 1;
                }
                snap.last_event_id = snap.last_event_id.max(max_e);
            }
        }
        tx.commit()?;
        Ok(changed)
    }
}
