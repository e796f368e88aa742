//! What the log may accept: checked inside the write lock, so nonsense never
//! enters it.

use chrono::TimeDelta;

use super::clock::{Clock, Due};
use super::event::{Event, EventKind, FollowupOutcome, TicketFacts};
use super::sim::Sim;
use super::{replay, ts, Secs};
use crate::sla::calendar::Calendar;
use crate::sla::level::Milestone;
use crate::sla::policy::{ArrivalRule, Policy};
use crate::sla::{SlaError, Ts};

/// Events that can happen once in a ticket's life.
fn once_only(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Responded
            | EventKind::ExpertEngaged
            | EventKind::ProcessStarted
            | EventKind::DirectorEngaged
            | EventKind::OnsiteRequired
            | EventKind::Arrived
            | EventKind::Closed
            | EventKind::Approved
    )
}

/// Records that may follow a restoration (or, for notes and derived
/// records, a closing).
fn after_restoration_ok(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Closed
            | EventKind::Note
            | EventKind::Assigned { .. }
            | EventKind::Unassigned { .. }
            | EventKind::Raised { .. }
            | EventKind::RaiseRetracted { .. }
            | EventKind::Void { .. }
            // Section 6's records after the fault is cleared: calls, the
            // report written up, the opinion signed, actions recorded late.
            | EventKind::Call { .. }
            | EventKind::CallbackPromised { .. }
            | EventKind::CallbackDone
            | EventKind::Investigation { .. }
            | EventKind::Opinion { .. }
            | EventKind::ActionDone { .. }
            | EventKind::Followup(_)
            | EventKind::Approved
    )
}

/// A required text field of a record is there.
fn filled(fields: &[(&str, &str)]) -> Result<(), SlaError> {
    match fields.iter().find(|(_, v)| v.trim().is_empty()) {
        Some((name, _)) => Err(SlaError::Invalid(format!("{name} must not be empty"))),
        None => Ok(()),
    }
}

/// Whether `new` makes sense for the ticket, checked against the *whole*
/// log (the effective events: voided ones removed), whatever the times:
/// once-only events are refused when the log has one at any time; the
/// ticket as it stands at `new.at` must allow it; and what the log already
/// holds after `new.at` must still make sense with it (a back-dated
/// `restored` before a later arrival, hardware waits and readies out of
/// turn). `now` is the recording clock: an event may be back-dated but never
/// later than it, and a waiver must be recorded before the deadline it covers.
/// The store calls this inside the write lock, so nonsense never enters the log.
pub fn validate(
    facts: &TicketFacts,
    events: &[Event],
    new: &Event,
    policy: &Policy,
    calendar: &Calendar,
    now: Ts,
) -> Result<(), SlaError> {
    let no = |msg: String| Err(SlaError::Invalid(msg));
    if new.at < facts.reported_at {
        return no(format!(
            "event time {} is before the ticket was reported ({})",
            policy.local_minute(new.at),
            policy.local_minute(facts.reported_at)
        ));
    }
    if new.at > now + TimeDelta::minutes(1) {
        return no(format!(
            "event time {} is in the future",
            policy.local_minute(new.at)
        ));
    }
    if once_only(&new.kind) {
        if let Some(e) = events.iter().find(|e| e.kind == new.kind) {
            return no(format!(
                "{} already at {}",
                new.kind.name(),
                policy.local_minute(e.at)
            ));
        }
    }
    let later = |e: &&Event| e.at > new.at;
    match &new.kind {
        EventKind::Restored => {
            // Once per restoration: only an unresolved follow-up between two
            // makes room for another.
            let reopened_between = |a: Ts, b: Ts| {
                events.iter().any(|f| {
                    matches!(&f.kind, EventKind::Followup(x) if x.outcome == FollowupOutcome::Unresolved)
                        && f.at > a.min(b)
                        && f.at <= a.max(b)
                })
            };
            if let Some(e) = events
                .iter()
                .find(|e| e.kind == EventKind::Restored && !reopened_between(e.at, new.at))
            {
                return no(format!("restored already at {}", policy.local_minute(e.at)));
            }
            if let Some(e) = events
                .iter()
                .filter(later)
                .find(|e| !after_restoration_ok(&e.kind))
            {
                return no(format!(
                    "{} at {} is logged after that time: a restoration before it makes no sense",
                    e.kind.name(),
                    policy.local_minute(e.at)
                ));
            }
        }
        EventKind::Closed => {
            if let Some(e) = events.iter().filter(later).find(|e| {
                !matches!(
                    e.kind,
                    EventKind::Note
                        | EventKind::Raised { .. }
                        | EventKind::RaiseRetracted { .. }
                        | EventKind::Void { .. }
                )
            }) {
                return no(format!(
                    "{} at {} is logged after that time: the ticket cannot be closed before it",
                    e.kind.name(),
                    policy.local_minute(e.at)
                ));
            }
        }
        EventKind::HardwareWait | EventKind::HardwareReady => {
            // Waits and readies must alternate, a wait first, in time order.
            let mut seq: Vec<(Ts, bool)> = events
                .iter()
                .chain(std::iter::once(new))
                .filter_map(|e| match e.kind {
                    EventKind::HardwareWait => Some((e.at, true)),
                    EventKind::HardwareReady => Some((e.at, false)),
                    _ => None,
                })
                .collect();
            seq.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            let mut waiting = false;
            for (at, wait) in seq {
                if wait == waiting {
                    return no(if wait {
                        format!(
                            "already waiting for hardware at {} (log hardware_ready first)",
                            policy.local_minute(at)
                        )
                    } else {
                        format!(
                            "not waiting for hardware at {} (log hardware_wait first)",
                            policy.local_minute(at)
                        )
                    });
                }
                waiting = wait;
            }
        }
        _ => {}
    }
    let mut sim = Sim::new(facts, policy, calendar);
    replay(&mut sim, events, new.at.timestamp());
    // A closed ticket is archived: only a note (and a void, which the
    // store checks) may still be added.
    if let (Some(closed), false) = (sim.closed, new.kind == EventKind::Note) {
        return no(format!(
            "the ticket was closed at {} and is archived (only notes may be added)",
            policy.local_minute(ts(closed))
        ));
    }
    let met = |m: Milestone| sim.met[m.index()].map(|x| x.at);
    let has = |m: Milestone| policy.has(sim.level, m, true);
    let already =
        |what: &str, at: Secs| no(format!("{what} already at {}", policy.local_minute(ts(at))));
    let restored = sim.restored;
    if let (Some(at), false) = (restored, after_restoration_ok(&new.kind)) {
        return already("restored", at);
    }
    match &new.kind {
        EventKind::Responded => match sim.responded {
            Some(at) => already("responded", at),
            None => Ok(()),
        },
        EventKind::ExpertEngaged | EventKind::ProcessStarted | EventKind::DirectorEngaged => {
            let m = match new.kind {
                EventKind::ExpertEngaged => Milestone::ExpertResponse,
                EventKind::ProcessStarted => Milestone::ProcessStart,
                _ => Milestone::DirectorResponse,
            };
            if let Some(at) = met(m) {
                return already(new.kind.name(), at);
            }
            if !has(m) {
                return no(format!(
                    "a level-{} ticket has no {} milestone",
                    sim.level,
                    m.name()
                ));
            }
            Ok(())
        }
        EventKind::OnsiteRequired => {
            if sim.onsite {
                return no("the ticket is already marked for on-site service".into());
            }
            if !policy.level(sim.level).onsite_arrival {
                return no(format!(
                    "level {} has no on-site service (raise the level first)",
                    sim.level
                ));
            }
            Ok(())
        }
        EventKind::Arrived => {
            if !sim.onsite {
                return no(
                    "the ticket is not marked for on-site service (log onsite_required first)"
                        .into(),
                );
            }
            match sim.arrived {
                Some(at) => already("arrived", at),
                None => Ok(()),
            }
        }
        EventKind::HardwareWait if sim.hw_waiting => no("already waiting for hardware".into()),
        EventKind::HardwareReady if !sim.hw_waiting => {
            no("not waiting for hardware (log hardware_wait first)".into())
        }
        EventKind::Closed if restored.is_none() => {
            no("the ticket is not restored yet (log restored first)".into())
        }
        EventKind::Closed if sim.opinion.is_none() => no(
            "no service opinion yet: log opinion --customer NAME --pm NAME before closing".into(),
        ),
        EventKind::Closed if sim.followup.is_some() && sim.followed_up.is_none() => no(
            "the project manager's follow-up is still due (log followup --contact NAME --outcome resolved|unresolved --rating 1-5)"
                .into(),
        ),
        EventKind::Followup(f) => {
            filled(&[("--contact", &f.contact)])?;
            if !(1..=5).contains(&f.rating) {
                return no(format!("--rating {} is not between 1 and 5", f.rating));
            }
            match (sim.followup, sim.followed_up) {
                (_, Some(at)) => already("followup", at),
                (None, _) if restored.is_none() => {
                    no("the follow-up comes after the restoration (log restored first)".into())
                }
                (None, _) => no(
                    "this ticket has no follow-up: its site has no project manager (site set NAME --pm NAME)"
                        .into(),
                ),
                _ => Ok(()),
            }
        }
        EventKind::Approved => match (facts.held, sim.approved) {
            (false, _) => {
                no("the ticket is not held: it is under warranty or was approved when opened".into())
            }
            (true, Some(at)) => already("approved", at),
            (true, None) => Ok(()),
        },
        EventKind::Opinion(o) => {
            filled(&[("--customer", &o.customer), ("--pm", &o.pm)])?;
            match (restored, sim.opinion) {
                (_, Some(at)) => already("opinion", at),
                (None, _) => no(
                    "the service opinion is signed once the system is restored (log restored first)"
                        .into(),
                ),
                _ => Ok(()),
            }
        }
        EventKind::Call { caller, phone } => {
            if caller.trim().is_empty() && phone.trim().is_empty() {
                return no("a call needs --caller NAME or --phone NUMBER".into());
            }
            Ok(())
        }
        EventKind::CallbackPromised { due } => {
            if *due <= new.at {
                return no(format!(
                    "the call-back time {} must be after the promise ({})",
                    policy.local_minute(*due),
                    policy.local_minute(new.at)
                ));
            }
            Ok(())
        }
        EventKind::CallbackDone => match (sim.callback, sim.called_back) {
            (None, _) => no("no call-back was promised (log callback_promised first)".into()),
            (Some(_), Some(at)) => already("callback_done", at),
            _ => Ok(()),
        },
        EventKind::WorkOrder(w) => filled(&[
            ("--environment", &w.environment),
            ("--problem", &w.problem),
            ("--request", &w.request),
        ]),
        EventKind::Decision { solution, .. } => filled(&[("--solution", solution)]),
        EventKind::Investigation { findings } => filled(&[("--findings", findings)]),
        EventKind::ActionDone { action } => {
            if let Some((_, at)) = sim.actions_done.iter().find(|(a, _)| a == action) {
                return already(&format!("action_done {}", action.name()), *at);
            }
            if !sim.actions.iter().any(|a| a.action == *action) {
                let due: Vec<&str> = sim.actions.iter().map(|a| a.action.name()).collect();
                return no(format!(
                    "{} is not required on this ticket at {} (required: {})",
                    action.name(),
                    policy.local_minute(new.at),
                    if due.is_empty() {
                        "none".to_string()
                    } else {
                        due.join(", ")
                    }
                ));
            }
            Ok(())
        }
        EventKind::Waived { agreed_by, reason } => {
            if agreed_by.trim().is_empty() || reason.trim().is_empty() {
                return no("a waiver needs who agreed (--agreed-by) and why (--reason)".into());
            }
            match sim.clock(Milestone::Restoration) {
                // Section 7: agreed before the deadline by the real clock, even
                // when the entry is back-dated.
                Clock::Due(d) if now.timestamp() > d.due => no(format!(
                    "the restoration deadline {} has passed: a waiver must be agreed before it (use set_level with a reason)",
                    policy.local_minute(ts(d.due))
                )),
                Clock::Due(d) if new.at.timestamp() <= d.due => Ok(()),
                Clock::Due(Due { due, .. }) => no(format!(
                    "the restoration deadline {} has passed; a waiver must be logged before it",
                    policy.local_minute(ts(due))
                )),
                Clock::Paused => {
                    no("restoration is paused for hardware: there is no deadline to waive".into())
                }
                _ => no("no restoration window is running yet: there is nothing to waive".into()),
            }
        }
        EventKind::Negotiated { deadline } => {
            let zone_negotiated = sim.zone.and_then(|z| policy.arrival_rule(sim.level, z))
                == Some(ArrivalRule::Negotiated);
            if !zone_negotiated {
                return no(format!(
                    "only zone-9 sites have a negotiated arrival deadline (this site is zone {})",
                    sim.zone.map_or("?".into(), |z| z.to_string())
                ));
            }
            if *deadline <= facts.reported_at {
                return no("the negotiated deadline must be after the ticket was reported".into());
            }
            if *deadline <= new.at {
                return no(format!(
                    "the negotiated deadline {} is already past",
                    policy.local_minute(*deadline)
                ));
            }
            Ok(())
        }
        EventKind::SetLevel { level, reason } => {
            if reason.trim().is_empty() {
                return no("set_level needs a reason (--reason)".into());
            }
            if *level == sim.level {
                return no(format!("the ticket is already level {level}"));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
