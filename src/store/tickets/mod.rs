//! Tickets and their append-only event log.

use crate::msg::store as msg;
use rusqlite::{params, OptionalExtension, Row};

mod raises;
mod rows;
mod snapshot;
mod ticket;

pub use snapshot::Snapshot;
pub use ticket::{Entry, EventMeta, Raise, Ticket, TicketId};

use raises::reconcile_raises;
pub(super) use rows::{for_each_ticket, ids_after};
use rows::{load_ticket, TICKET_COLS};

use super::hooks::{insert_notice, NewNotice};
use super::outcomes::{insert_rev, reconcile_settled, Derived};
use super::{opt_text_at, ts, Equipment, Result, Site, Store, StoreError};
use crate::sla::outcome::Settled;
use crate::sla::{Event, EventKind, Level, Ts};

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

impl Store {
    /// Opens a ticket after `check` accepts it against its site (rules that
    /// need the policy live in the service). Ticket numbers start at 1001.
    pub fn open_ticket(
        &mut self,
        t: &NewTicket,
        now: Ts,
        check: impl FnOnce(&Site, Option<&Equipment>) -> std::result::Result<bool, String>,
    ) -> Result<TicketId> {
        let sites = self.sites()?;
        let Some(site) = sites.into_iter().find(|s| s.name == t.site) else {
            return Err(StoreError::NotFound(msg::unknown_site(&t.site)));
        };
        let equipment = match &t.equipment {
            None => None,
            Some(serial) => match self.equipment()?.into_iter().find(|e| &e.serial == serial) {
                Some(e) if e.site_id == site.id => Some(e),
                Some(_) => {
                    return Err(StoreError::Invalid(msg::equipment_elsewhere(
                        serial, &site.name,
                    )))
                }
                None => return Err(StoreError::NotFound(msg::unknown_equipment(serial))),
            },
        };
        let held = check(&site, equipment.as_ref()).map_err(StoreError::Invalid)?;
        self.write(|tx| {
            let id: TicketId = tx.query_row("SELECT COALESCE(MAX(id), 1000) + 1 FROM tickets", [], |r| r.get(0))?;
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

    pub fn ticket(&self, id: TicketId) -> Result<Ticket> {
        load_ticket(&self.conn, id, self.as_of)
            .map_err(|e| self.err(e))?
            .ok_or_else(|| StoreError::NotFound(msg::no_ticket(id)))
    }

    /// Appends one event. Inside the write lock the ticket is re-read and
    /// `check` decides against the latest log (and may name a default
    /// performer), so two processes logging the
    /// same thing at once cannot both succeed; then `derive` says which
    /// automatic raises the log now implies and the same transaction appends
    /// what makes the record agree (section 7).
    pub fn append_event(
        &mut self,
        ticket_id: TicketId,
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
                return Ok(Err(StoreError::NotFound(msg::no_ticket(ticket_id))));
            };
            if let Some(d) = ticket.damage.first() {
                return Ok(Err(StoreError::Invalid(msg::damaged_ticket(ticket_id, d))));
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
                    insert_rev(tx, TicketId(id), 1, &t.settled, None, now)?;
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
            let ids: Vec<TicketId> = {
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
        after: TicketId,
        limit: usize,
    ) -> Result<Vec<Ticket>> {
        self.tickets_by(
            "SELECT id FROM tickets WHERE id > ?3 AND +reported_at BETWEEN ?1 AND ?2 ORDER BY id LIMIT ?4",
            params![from.timestamp(), to.timestamp(), after, limit as i64],
        )
    }

    pub fn tickets_after(&self, after: TicketId, limit: usize) -> Result<Vec<Ticket>> {
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
        ticket_ids: &[TicketId],
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
}
