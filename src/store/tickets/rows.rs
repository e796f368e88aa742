//! Reading tickets and events from their rows; a damaged row is read as
//! far as it goes and says what is wrong, never panics.

use super::*;
use crate::store::TicketId;

pub(super) const TICKET_COLS: &str = "id, site_id, title, level, onsite, reported_at, approved_by";
/// What a read takes: the written columns and those later migrations added.
pub(super) const TICKET_READ: &str =
    "id, site_id, title, level, onsite, reported_at, approved_by, held, equipment_id";
pub(super) const EVENT_COLS: &str =
    "id, ticket_id, at, recorded_at, by, note, payload, performed_by";

/// Text that may not be valid UTF-8 (a damaged row): read lossily, and say so.
pub(super) fn lossy_text(
    r: &Row,
    i: usize,
    damage: &mut Vec<String>,
    what: &str,
) -> rusqlite::Result<String> {
    use rusqlite::types::ValueRef;
    Ok(match r.get_ref(i)? {
        ValueRef::Text(b) | ValueRef::Blob(b) => match std::str::from_utf8(b) {
            Ok(s) => crate::text::clean(s),
            Err(_) => {
                damage.push(format!("{what} is not valid UTF-8"));
                crate::text::clean(&String::from_utf8_lossy(b))
            }
        },
        ValueRef::Null => String::new(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
    })
}

pub(super) fn ticket_row(r: &Row) -> rusqlite::Result<Ticket> {
    let mut damage = Vec::new();
    let id: TicketId = r.get(0)?;
    let title = lossy_text(r, 2, &mut damage, "the title")?;
    let level = match r.get::<_, i64>(3).ok().and_then(|n| Level::new(n).ok()) {
        Some(l) => l,
        None => {
            damage.push("the level is not 1–4".into());
            Level::ALL[3]
        }
    };
    Ok(Ticket {
        id,
        site_id: r.get(1)?,
        title,
        level,
        onsite: r.get::<_, Option<bool>>(4)?.unwrap_or(false),
        reported_at: ts(r.get::<_, Option<i64>>(5)?.unwrap_or(0)),
        approved_by: opt_text_at(r, 6).unwrap_or(None),
        held: r.get::<_, Option<bool>>(7)?.unwrap_or(false),
        equipment_id: r.get(8)?,
        events: Vec::new(),
        meta: Vec::new(),
        corrected: None,
        damage,
    })
}

/// One event row: `Err` carries (ticket, what is wrong) for a row that
/// cannot be read, so only its ticket shows the damage.
pub(super) type EventRow = std::result::Result<(TicketId, Event, EventMeta), (TicketId, String)>;

pub(super) fn event_row(r: &Row) -> rusqlite::Result<EventRow> {
    let id: i64 = r.get(0)?;
    let ticket: TicketId = r.get(1)?;
    let mut damage = Vec::new();
    let payload = lossy_text(r, 6, &mut damage, "the payload")?;
    let kind: std::result::Result<EventKind, String> =
        serde_json::from_str::<serde_json::Value>(&payload)
            .map_err(|_| "the payload is not JSON".to_string())
            .and_then(|v| {
                serde_json::from_value(v).map_err(|e| {
                    let e = e.to_string();
                    crate::text::clean(e.split(" at line").next().unwrap_or(&e))
                })
            });
    let kind = match (kind, damage.is_empty()) {
        (Ok(k), true) => k,
        (Ok(_), false) => return Ok(Err((ticket, format!("event #{id}: {}", damage.join(", "))))),
        (Err(e), _) => return Ok(Err((ticket, format!("event #{id}: {e}")))),
    };
    let text = |i: usize| -> rusqlite::Result<Option<String>> {
        Ok(match r.get_ref(i)? {
            rusqlite::types::ValueRef::Null => None,
            _ => Some(lossy_text(r, i, &mut Vec::new(), "")?),
        })
    };
    Ok(Ok((
        ticket,
        Event {
            at: ts(r.get(2)?),
            kind: crate::text::clean_kind(kind),
        },
        EventMeta {
            id,
            recorded_at: ts(r.get(3)?),
            by: text(4)?.map(Into::into),
            note: text(5)?.map(Into::into),
            performed_by: text(7)?.map(Into::into),
            voided_by: None,
        },
    )))
}

/// A ticket and its log as recorded by `as_of` (`i64::MAX`: all of it).
pub(super) fn load_ticket(
    tx: &rusqlite::Connection,
    id: TicketId,
    as_of: i64,
) -> rusqlite::Result<Option<Ticket>> {
    // Cached: reports and exports read tickets one by one, and preparing
    // the statement each time was a seventh of a report.
    let Some(mut t) = tx
        .prepare_cached(&format!(
            "SELECT {TICKET_READ} FROM tickets WHERE id = ?1 AND created_at <= ?2"
        ))?
        .query_row(rusqlite::params![id, as_of], ticket_row)
        .optional()?
    else {
        return Ok(None);
    };
    load_events(tx, &mut t, i64::MAX, as_of)?;
    Ok(Some(t))
}

/// A ticket's whole log up to event `max_event`, as recorded by `as_of`,
/// through the per-ticket index.
pub(super) fn load_events(
    tx: &rusqlite::Connection,
    t: &mut Ticket,
    max_event: i64,
    as_of: i64,
) -> rusqlite::Result<()> {
    let mut st = tx.prepare_cached(&format!(
        "SELECT {EVENT_COLS} FROM events WHERE ticket_id = ?1 AND id <= ?2 AND recorded_at <= ?3 ORDER BY at, id"
    ))?;
    for row in st.query_map(params![t.id, max_event, as_of], event_row)? {
        match row? {
            Ok((_, e, m)) => {
                t.events.push(e);
                t.meta.push(m);
            }
            Err((_, damage)) => t.damage.push(damage),
        }
    }
    t.rebuild_live();
    Ok(())
}

/// Ticket numbers after `after`, in order, `limit` of them.
pub(in crate::store) fn ids_after(
    conn: &rusqlite::Connection,
    after: TicketId,
    limit: usize,
) -> rusqlite::Result<Vec<TicketId>> {
    conn.prepare_cached("SELECT id FROM tickets WHERE id > ?1 ORDER BY id LIMIT ?2")?
        .query_map(params![after, limit as i64], |r| r.get(0))?
        .collect()
}

/// Inside a write: re-reads each ticket and lets `f` reconcile what is
/// derived from it (damaged tickets are left alone). Returns the rows `f`
/// wrote.
pub(in crate::store) fn for_each_ticket(
    tx: &rusqlite::Connection,
    ids: &[TicketId],
    mut f: impl FnMut(&Ticket) -> rusqlite::Result<usize>,
) -> rusqlite::Result<usize> {
    let mut written = 0;
    for &id in ids {
        if let Some(ticket) = load_ticket(tx, id, i64::MAX)?.filter(|t| t.damage.is_empty()) {
            written += f(&ticket)?;
        }
    }
    Ok(written)
}
