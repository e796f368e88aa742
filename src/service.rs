//! Each use-case once, so the CLI and the TUI cannot drift: open a ticket, log
//! an event, assign, sweep automatic raises, and list tickets by urgency.

use std::collections::HashMap;

use crate::config::Rules;
use crate::sla::{self, Event, EventKind, SlaError, TicketFacts, TicketView, Ts};
use crate::store::{NewTicket, Site, Snapshot, Store, StoreError, Ticket};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sla(#[from] SlaError),
    #[error("{0}")]
    Input(String),
}

impl ServiceError {
    pub fn is_bad_input(&self) -> bool {
        match self {
            ServiceError::Store(e) => e.is_bad_input(),
            ServiceError::Sla(_) | ServiceError::Input(_) => true,
        }
    }
}

pub type Result<T> = std::result::Result<T, ServiceError>;

pub fn facts<'a>(ticket: &Ticket, site: &Site, rules: &'a Rules) -> TicketFacts<'a> {
    TicketFacts {
        reported_at: ticket.reported_at,
        level: ticket.level,
        onsite: ticket.onsite,
        distance_km: site.distance_km,
        in_province: site.in_province,
        contract: rules.contract(site.contract.as_deref()),
    }
}

pub fn evaluate(ticket: &Ticket, site: &Site, rules: &Rules, now: Ts) -> TicketView {
    sla::evaluate(
        &facts(ticket, site, rules),
        &ticket.events,
        &rules.policy,
        &rules.calendar,
        now,
    )
}

/// Opens a ticket. Refused, with nothing written, when the site is unknown,
/// the time is in the future, or the contract's warranty has ended and no
/// project manager approved. Never for a missing calendar year (section 3:
/// the fault is recorded, its working-day deadlines are provisional).
pub fn open_ticket(store: &mut Store, rules: &Rules, new: &NewTicket, now: Ts) -> Result<i64> {
    if new.title.trim().is_empty() {
        return Err(ServiceError::Input("a ticket needs a title".into()));
    }
    if new.reported_at > now + chrono::TimeDelta::minutes(1) {
        return Err(ServiceError::Input(format!(
            "reported time {} is in the future",
            rules.policy.local_minute(new.reported_at)
        )));
    }
    let id = store.open_ticket(new, now, |site| {
        if let Some(name) = &site.contract {
            let Some(contract) = rules.contracts.get(name) else {
                return Err(format!("site {:?} names contract {name:?}, which is not in assets/ or the config folder", site.name));
            };
            if let Some(end) = contract.warranty_end() {
                let day = new.reported_at.with_timezone(&rules.policy.tz).date_naive();
                if day > end && new.approved_by.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    return Err(format!("the warranty of {name} ended on {end}: a new ticket needs the project manager's approval (--approved-by NAME)"));
                }
            }
        }
        Ok(())
    })?;
    Ok(id)
}

/// Appends an event after the engine agrees it makes sense for the ticket at
/// that moment (decided inside the write lock, against the latest log).
pub fn log_event(
    store: &mut Store,
    rules: &Rules,
    id: i64,
    event: Event,
    by: Option<&str>,
    note: Option<&str>,
    now: Ts,
) -> Result<i64> {
    // Sites never change under a ticket: read once, matched inside the lock.
    let sites = store.sites()?;
    let id = store.append_event(id, &event, by, note, now, |ticket| {
        let site = sites
            .iter()
            .find(|s| s.id == ticket.site_id)
            .ok_or_else(|| format!("ticket #{} has no site", ticket.id))?;
        let f = facts(ticket, site, rules);
        sla::validate(
            &f,
            &ticket.events,
            &event,
            &rules.policy,
            &rules.calendar,
            now,
        )
        .map_err(|e| e.to_string())
    })?;
    Ok(id)
}

pub fn assign(
    store: &mut Store,
    id: i64,
    engineer: &str,
    by: Option<&str>,
    now: Ts,
) -> Result<i64> {
    let Some(eng) = store.engineers()?.into_iter().find(|e| e.name == engineer) else {
        return Err(ServiceError::Input(format!(
            "unknown engineer {engineer:?} (add with `faultline engineer add`)"
        )));
    };
    if eng.role.tier().is_none() {
        return Err(ServiceError::Input(format!(
            "{engineer} is a project manager and is not dispatched"
        )));
    }
    let event = Event {
        at: now,
        kind: EventKind::Assigned {
            engineer: engineer.to_string(),
        },
    };
    store
        .append_event(id, &event, by, None, now, |ticket| {
            if ticket.is_closed() {
                return Err(format!("ticket #{id} is closed"));
            }
            if ticket.assignees().contains(&engineer) {
                return Err(format!("{engineer} is already assigned to #{id}"));
            }
            Ok(())
        })
        .map_err(Into::into)
}

pub fn unassign(
    store: &mut Store,
    id: i64,
    engineer: &str,
    by: Option<&str>,
    now: Ts,
) -> Result<i64> {
    let event = Event {
        at: now,
        kind: EventKind::Unassigned {
            engineer: engineer.to_string(),
        },
    };
    Ok(store.append_event(id, &event, by, None, now, |ticket| {
        if ticket.assignees().contains(&engineer) {
            Ok(())
        } else {
            Err(format!("{engineer} is not assigned to #{id}"))
        }
    })?)
}

/// Persists every automatic raise due by `now` (the real clock: a `--now`
/// never persists derived events). Returns how many this process wrote;
/// racing sweepers together write each raise exactly once.
pub fn sweep(
    store: &mut Store,
    rules: &Rules,
    snap: &Snapshot,
    sites: &[Site],
    now: Ts,
) -> Result<usize> {
    let evaluated = evaluate_all(snap, sites, rules, now, false);
    let views = evaluated
        .iter()
        .filter_map(|e| e.view.as_ref().ok().map(|v| (&snap.tickets[e.ticket], v)));
    Ok(store.record_raises(&derived_raises(views), now)?)
}

/// A ticket with its site and the engine's view of it.
pub struct Row<'a> {
    pub ticket: &'a Ticket,
    pub site: &'a Site,
    pub view: std::result::Result<TicketView, SlaError>,
}

/// Most urgent first: tickets whose deadlines cannot be computed (they need a
/// human), then by time left, then by level and number.
pub fn urgency(
    ticket: &Ticket,
    view: &std::result::Result<TicketView, SlaError>,
) -> (u8, i64, u8, i64) {
    match view {
        Err(_) => (0, i64::MIN, 0, ticket.id),
        Ok(v) => (
            1,
            v.remaining_seconds.unwrap_or(i64::MAX),
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
    pub view: std::result::Result<TicketView, SlaError>,
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
            let view = Ok(evaluate(t, &sites[si], rules, now));
            let closed = view.as_ref().is_ok_and(|v| !v.is_open());
            (include_closed || !closed).then_some(Evaluated {
                ticket: ti,
                site: si,
                view,
            })
        })
        .collect();
    out.sort_by_key(|e| urgency(&snap.tickets[e.ticket], &e.view));
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

/// The automatic raises in a set of views, keyed (ticket, seq) as the store
/// records them.
pub fn derived_raises<'a>(
    views: impl Iterator<Item = (&'a Ticket, &'a TicketView)>,
) -> Vec<(i64, i64, Ts, crate::sla::Level, crate::sla::Level)> {
    let mut raises = Vec::new();
    for (t, view) in views {
        for (seq, e) in view
            .escalations
            .iter()
            .filter(|e| e.is_automatic())
            .enumerate()
        {
            raises.push((t.id, seq as i64 + 1, e.at, e.from, e.to));
        }
    }
    raises
}
