//! What the screens hold: open work (and recent closed tickets), read
//! once, then only what other processes added since.

use crate::store::TicketId;
use std::collections::HashMap;

use rusqlite::params;

use super::rows::{event_row, load_events, load_ticket, ticket_row, EVENT_COLS, TICKET_READ};
use super::{Result, Store, Ticket};
use crate::sla::Ts;

/// Tickets in memory plus the high-water marks needed to read only what
/// other processes added since.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub tickets: Vec<Ticket>,
    pub last_event_id: i64,
    pub last_ticket_id: TicketId,
    /// Closed tickets reported before this are not loaded.
    pub since: i64,
    /// Indices of the tickets the last refresh added or changed: screens
    /// re-evaluate only these.
    pub touched: Vec<usize>,
}

impl Store {
    /// Open tickets plus closed ones reported at or after `since` (for the
    /// compliance figures). No read transaction outlives this call.
    pub fn snapshot(&self, since: Ts) -> Result<Snapshot> {
        let mut snap = Snapshot {
            since: since.timestamp(),
            ..Snapshot::default()
        };
        self.load_into(&mut snap, TicketId::default(), 0)
            .map_err(|e| self.err(e))?;
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
        after_ticket: TicketId,
        after_event: i64,
    ) -> rusqlite::Result<usize> {
        let tx = self.conn.unchecked_transaction()?;
        let mut changed = 0;
        snap.touched.clear();
        {
            let first = after_ticket == TicketId::default() && after_event == 0;
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
            let max_t: TicketId =
                tx.query_row("SELECT COALESCE(MAX(id), 0) FROM tickets", [], |r| r.get(0))?;
            snap.last_ticket_id = snap.last_ticket_id.max(max_t);
            let max_e: i64 =
                tx.query_row("SELECT COALESCE(MAX(id), 0) FROM events", [], |r| r.get(0))?;
            let mut index: HashMap<TicketId, usize> = snap
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
