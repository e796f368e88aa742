//! Tickets evaluated and ordered by urgency, for every list a person reads.

use std::collections::HashMap;

use super::{view_of, Damage};
use crate::config::Rules;
use crate::sla::TicketView;
use crate::sla::Ts;
use crate::store::{Site, Snapshot, Ticket};

/// A ticket with its site and the engine's view of it.
pub struct Row<'a> {
    pub ticket: &'a Ticket,
    pub site: &'a Site,
    pub view: std::result::Result<TicketView, Damage>,
}

/// Most urgent first: tickets whose deadlines cannot be computed (they need a
/// human), then by the next deadline (time left, without depending on
/// when the view was computed), then by level and number.
pub fn urgency(
    ticket: &Ticket,
    view: &std::result::Result<TicketView, Damage>,
) -> (u8, i64, u8, crate::store::TicketId) {
    match view {
        Err(_) => (0, i64::MIN, 0, ticket.id),
        Ok(v) => (
            1,
            v.next_deadline().map_or(i64::MAX, |d| d.timestamp()),
            v.level.number(),
            ticket.id,
        ),
    }
}

/// A ticket evaluated at some `now`, by index into a snapshot and site list,
/// so a screen can keep it beside the data it points into.
pub struct Evaluated {
    pub ticket: usize,
    pub site: usize,
    pub view: std::result::Result<TicketView, Damage>,
}

/// Evaluates every ticket of a snapshot at `now`, most urgent first.
pub fn evaluate_all(
    snap: &Snapshot,
    sites: &[Site],
    rules: &Rules,
    now: Ts,
    include_closed: bool,
) -> Vec<Evaluated> {
    let by_id: HashMap<i64, usize> = sites.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let mut out: Vec<Evaluated> = snap
        .tickets
        .iter()
        .enumerate()
        .filter_map(|(ti, t)| {
            let si = *by_id.get(&t.site_id)?;
            let view = view_of(t, &sites[si], rules, now);
            let closed = view.as_ref().is_ok_and(|v| !v.is_open());
            (include_closed || !closed).then_some(Evaluated {
                ticket: ti,
                site: si,
                view,
            })
        })
        .collect();
    // Keys first: an element (a whole view) then moves once, not per comparison.
    out.sort_by_cached_key(|e| urgency(&snap.tickets[e.ticket], &e.view));
    out
}

pub fn rows<'a>(
    snap: &'a Snapshot,
    sites: &'a [Site],
    rules: &Rules,
    now: Ts,
    include_closed: bool,
) -> Vec<Row<'a>> {
    evaluate_all(snap, sites, rules, now, include_closed)
        .into_iter()
        .map(|e| Row {
            ticket: &snap.tickets[e.ticket],
            site: &sites[e.site],
            view: e.view,
        })
        .collect()
}
