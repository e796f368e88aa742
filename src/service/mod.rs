//! Each use-case once, so the CLI and the TUI cannot drift: open a ticket, log
//! an event, assign, sweep automatic raises (here); list tickets by urgency
//! (`listing`), preventive jobs (`jobs`), paging (`paging`), what a screen
//! reads (`screen`).

mod jobs;
mod listing;
mod paging;
pub mod screen;

use crate::msg::service as msg;
use crate::store::TicketId;
use jobs::dispatchable;
pub use jobs::{assign_job, create_jobs};
pub use listing::{evaluate_all, rows, urgency, Evaluated, Row};
pub use paging::{notice_timed, send_hooks, still_due};

use crate::config::Rules;
use crate::sla::{self, Event, EventKind, SlaError, TicketFacts, TicketView, Ts};
use crate::store::{Derived, Entry, NewTicket, Raise, Settled, Site, Store, StoreError, Ticket};

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

/// A ticket whose rows could not be read: shown as one error row on every
/// screen, with its number and what is wrong; every other ticket works.
#[derive(Debug, Clone, PartialEq)]
pub struct Damage(pub String);

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub fn facts<'a>(ticket: &Ticket, site: &Site, rules: &'a Rules) -> TicketFacts<'a> {
    TicketFacts {
        reported_at: ticket.reported_at,
        level: ticket.level,
        onsite: ticket.onsite,
        distance_km: site.distance_km,
        in_province: site.in_province,
        contract: rules.contract(site.contract.as_deref()),
        followup: site.pm.is_some(),
        held: ticket.held,
    }
}

/// The engine's view of a ticket's effective log (voided entries removed).
pub fn evaluate(ticket: &Ticket, site: &Site, rules: &Rules, now: Ts) -> TicketView {
    sla::evaluate(
        &facts(ticket, site, rules),
        ticket.live(),
        &rules.policy,
        &rules.calendar,
        now,
    )
}

/// The view, or the damage that keeps this ticket from having one.
pub fn view_of(
    ticket: &Ticket,
    site: &Site,
    rules: &Rules,
    now: Ts,
) -> std::result::Result<TicketView, Damage> {
    match ticket.damage.first() {
        Some(d) => Err(Damage(format!("#{}: {d}", ticket.id))),
        None => Ok(evaluate(ticket, site, rules, now)),
    }
}

/// The automatic raises a view holds, as the log records them.
pub fn derived_raises(view: &TicketView) -> Vec<Raise> {
    view.escalations
        .iter()
        .filter(|e| e.is_automatic())
        .map(|e| Raise {
            from: e.from,
            to: e.to,
            due: e.at,
        })
        .collect()
}

/// A closed ticket's settled record: what became of each deadline, and its
/// automatic raises, each on its local day. Empty while
/// the ticket is open (its outcomes can still move with the clock).
pub fn settled(view: &TicketView, rules: &Rules) -> Vec<Settled> {
    match view.closed_at {
        Some(_) => sla::outcome::settled(view, rules.policy.tz),
        None => Vec::new(),
    }
}

/// What the log implies beyond itself: recorded raises and, once closed,
/// the settled record (both written in the same transaction as the entry).
pub fn derived(view: &TicketView, rules: &Rules) -> Derived {
    Derived {
        raises: derived_raises(view),
        settled: settled(view, rules),
        level: Some(view.level),
    }
}

/// A reported time older than this is refused as a typo (section 7: the
/// record must be believable); real late entries are days, not years, old.
pub const MAX_REPORT_AGE_DAYS: i64 = 366;

/// Opens a ticket. Refused, with nothing written, when the site is unknown,
/// the time is in the future or over a year ago, or the contract's warranty
/// has ended and no project manager approved. Never for a missing calendar
/// year (section 3: the fault is recorded, its working-day deadlines are
/// provisional).
pub fn open_ticket(store: &mut Store, rules: &Rules, new: &NewTicket, now: Ts) -> Result<TicketId> {
    if new.title.trim().is_empty() {
        return Err(ServiceError::Input(msg::needs_title()));
    }
    if new.reported_at > now + chrono::TimeDelta::minutes(1) {
        return Err(ServiceError::Input(msg::reported_in_future(
            &rules.policy.local_minute(new.reported_at),
        )));
    }
    if new.reported_at < now - chrono::TimeDelta::days(MAX_REPORT_AGE_DAYS) {
        return Err(ServiceError::Input(msg::reported_too_long_ago(
            &rules.policy.local_minute(new.reported_at),
            MAX_REPORT_AGE_DAYS,
        )));
    }
    let approved = new
        .approved_by
        .as_deref()
        .is_some_and(|s| !s.trim().is_empty());
    let day = new.reported_at.with_timezone(&rules.policy.tz).date_naive();
    let id = store.open_ticket(new, now, |site, equipment| {
        // Section 5: out of warranty, service needs the project manager's
        // approval. The fault is still recorded and its clocks run: the
        // ticket opens held, and nobody is sent until `approved`.
        let mut expired = equipment
            .and_then(|e| e.warranty_end())
            .is_some_and(|end| day > end);
        if let Some(name) = &site.contract {
            let Some(contract) = rules.contracts.get(name) else {
                return Err(msg::unknown_contract(&site.name, name));
            };
            // Equipment named at opening carries its own warranty.
            if equipment.is_none() {
                expired |= contract.warranty_end().is_some_and(|end| day > end);
            }
        }
        Ok(expired && !approved)
    })?;
    Ok(id)
}

/// Work done by an engineer: without a named performer, the ticket's first
/// assignee performed it (section 7: every entry says who).
pub fn performed_by_default(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Responded
            | EventKind::ExpertEngaged
            | EventKind::ProcessStarted
            | EventKind::DirectorEngaged
            | EventKind::Arrived
            | EventKind::HardwareWait
            | EventKind::HardwareReady
            | EventKind::Restored
    )
}

/// Section 6: the follow-up is the site's project manager's, and approval of
/// service out of warranty any project manager's; nobody else's.
fn check_actor(
    kind: &EventKind,
    site: &Site,
    engineers: &[crate::store::Engineer],
    actor: Option<&str>,
) -> std::result::Result<(), String> {
    let who = actor.unwrap_or_default();
    match kind {
        EventKind::Followup(_) => match &site.pm {
            Some(pm) if pm == who => Ok(()),
            Some(pm) => Err(msg::followup_not_theirs(&site.name, pm, who)),
            None => Err(msg::no_pm_to_follow_up(&site.name)),
        },
        EventKind::Approved => {
            let pm = engineers
                .iter()
                .any(|e| e.name == who && e.role == crate::store::Role::Pm);
            if pm {
                Ok(())
            } else {
                Err(msg::only_pm_approves(who))
            }
        }
        _ => Ok(()),
    }
}

/// Section 7: a correction. The entry must exist on this ticket, be an
/// entry a person made (not a derived raise), not be a correction itself,
/// and not be voided already.
fn check_void(ticket: &Ticket, target: i64, reason: &str) -> std::result::Result<(), String> {
    if reason.trim().is_empty() {
        return Err(msg::void_needs_reason());
    }
    let Some((e, m)) = ticket.entry(target) else {
        return Err(msg::no_entry(ticket.id, target));
    };
    match e.kind {
        EventKind::Void { .. } => Err(msg::void_of_void(target)),
        EventKind::Raised { .. } | EventKind::RaiseRetracted { .. } => {
            Err(msg::void_of_derived(target))
        }
        _ if m.voided_by.is_some() => {
            Err(msg::already_voided(target, m.voided_by.unwrap_or_default()))
        }
        _ => Ok(()),
    }
}

/// Appends an event after the engine agrees it makes sense for the ticket
/// (decided inside the write lock, against the whole latest log), and in the
/// same transaction the raise records the new log implies.
pub fn log_event(
    store: &mut Store,
    rules: &Rules,
    id: TicketId,
    event: Event,
    entry: Entry,
    now: Ts,
) -> Result<i64> {
    // Sites never change under a ticket: read once, matched inside the lock.
    let sites = store.sites()?;
    let engineers = store.engineers()?;
    let entry_actor = entry.performed_by.or(entry.by).map(str::to_string);
    let id = store.append_event(
        id,
        &event,
        entry,
        now,
        |ticket| {
            let site = sites
                .iter()
                .find(|s| s.id == ticket.site_id)
                .ok_or_else(|| msg::ticket_without_site(ticket.id))?;
            if let EventKind::Void {
                event: target,
                reason,
            } = &event.kind
            {
                return check_void(ticket, *target, reason).map(|()| None);
            }
            check_actor(&event.kind, site, &engineers, entry_actor.as_deref())?;
            sla::validate(
                &facts(ticket, site, rules),
                ticket.live(),
                &event,
                &rules.policy,
                &rules.calendar,
                now,
            )
            .map_err(|e| e.to_string())?;
            Ok(performed_by_default(&event.kind)
                .then(|| ticket.assignees().first().map(|s| s.to_string()))
                .flatten())
        },
        |ticket| derive(ticket, &sites, rules, now),
    )?;
    Ok(id)
}

pub fn assign(
    store: &mut Store,
    rules: &Rules,
    id: TicketId,
    engineer: &str,
    entry: Entry,
    now: Ts,
) -> Result<i64> {
    assign_with(store, rules, id, engineer, entry, now, None)
}

/// Assigns an engineer. One the contract says not to send (too junior for
/// a level 1–3 on-site ticket, off duty, off shift: `dispatch::unfit`) is
/// refused, unless `force` gives the reason, which the entry then records.
pub fn assign_with(
    store: &mut Store,
    rules: &Rules,
    id: TicketId,
    engineer: &str,
    entry: Entry,
    now: Ts,
    force: Option<&str>,
) -> Result<i64> {
    let force = force.map(str::trim).filter(|r| !r.is_empty());
    let forced_note = force.map(msg::forced_note);
    let entry = Entry {
        note: forced_note.as_deref().or(entry.note),
        ..entry
    };
    let eng = dispatchable(store, engineer)?;
    let kind = EventKind::Assigned {
        engineer: engineer.to_string(),
    };
    append_now(store, rules, id, kind, entry, now, |ticket, sites| {
        if ticket.is_closed() {
            return Err(msg::ticket_closed(id));
        }
        if ticket.assignees().contains(&engineer) {
            return Err(msg::already_assigned(engineer, id));
        }
        if ticket.is_held() {
            return Err(msg::ticket_held(id));
        }
        if force.is_none() {
            let site = sites.iter().find(|s| s.id == ticket.site_id);
            let view = site.map(|site| evaluate(ticket, site, rules, now));
            if let Some(why) =
                view.and_then(|v| crate::dispatch::unfit(&eng, &v, now, rules.policy.tz))
            {
                return Err(msg::unfit_not_assigned(&why));
            }
        }
        Ok(())
    })
}

/// Appends `kind` at `now` once `check` accepts it against the latest
/// ticket (inside the write lock), with the records the new log implies in
/// the same transaction: what assigning and unassigning share.
fn append_now(
    store: &mut Store,
    rules: &Rules,
    id: TicketId,
    kind: EventKind,
    entry: Entry,
    now: Ts,
    check: impl FnOnce(&Ticket, &[Site]) -> std::result::Result<(), String>,
) -> Result<i64> {
    let event = Event { at: now, kind };
    let sites = store.sites()?;
    Ok(store.append_event(
        id,
        &event,
        entry,
        now,
        |ticket| check(ticket, &sites).map(|()| None),
        |ticket| derive(ticket, &sites, rules, now),
    )?)
}

fn derive(ticket: &Ticket, sites: &[Site], rules: &Rules, now: Ts) -> Derived {
    sites
        .iter()
        .find(|s| s.id == ticket.site_id)
        .map(|site| derived(&evaluate(ticket, site, rules, now), rules))
        .unwrap_or_default()
}

pub fn unassign(
    store: &mut Store,
    rules: &Rules,
    id: TicketId,
    engineer: &str,
    entry: Entry,
    now: Ts,
) -> Result<i64> {
    let kind = EventKind::Unassigned {
        engineer: engineer.to_string(),
    };
    append_now(store, rules, id, kind, entry, now, |ticket, _| {
        if ticket.assignees().contains(&engineer) {
            Ok(())
        } else {
            Err(msg::not_assigned(engineer, id))
        }
    })
}

/// Makes the recorded raises of these tickets agree with the engine at
/// `now`: only tickets whose views disagree with their records are touched,
/// and inside the write lock each is re-read and re-derived, so racing
/// sweepers (and a back-dated write in between) leave each raise written
/// once. Returns how many records this call appended.
pub fn sweep<'a>(
    store: &mut Store,
    rules: &Rules,
    sites: &[Site],
    views: impl Iterator<Item = (&'a Ticket, &'a TicketView)>,
    now: Ts,
) -> Result<usize> {
    let stale: Vec<TicketId> = views
        .filter(|(t, v)| t.recorded_raises() != derived_raises(v).into_iter().collect())
        .map(|(t, _)| t.id)
        .collect();
    Ok(store.reconcile(&stale, now, |t| derive(t, sites, rules, now))?)
}

/// What `rebuild` did: tickets read, summary rows appended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rebuilt {
    pub tickets: usize,
    pub written: usize,
}

/// Re-derives every ticket's settled record from its log and appends what
/// differs (nothing, on a desk whose summaries are current). For a desk
/// from before the summaries, or after a rules change that moves past
/// outcomes. Short write transactions, so consoles keep writing meanwhile.
pub fn rebuild(store: &mut Store, rules: &Rules, now: Ts) -> Result<Rebuilt> {
    const BATCH: usize = 2000;
    let sites = store.sites()?;
    let mut out = Rebuilt::default();
    let mut after = TicketId::default();
    loop {
        let ids = store.ticket_ids_after(after, BATCH)?;
        let done = ids.len() < BATCH;
        out.written += store.rebuild_batch(&ids, now, done, |t| derive(t, &sites, rules, now))?;
        out.tickets += ids.len();
        match ids.last() {
            Some(&last) if !done => after = last,
            _ => return Ok(out),
        }
    }
}
