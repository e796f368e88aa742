//! What the log may accept: checked inside the write lock, so nonsense never
//! enters it.

use crate::msg::record as msg;
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
        Some((name, _)) => Err(SlaError::Invalid(msg::empty_field(name))),
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
        return no(msg::before_report(
            &policy.local_minute(new.at),
            &policy.local_minute(facts.reported_at),
        ));
    }
    if new.at > now + TimeDelta::minutes(1) {
        return no(msg::in_future(&policy.local_minute(new.at)));
    }
    if once_only(&new.kind) {
        if let Some(e) = events.iter().find(|e| e.kind == new.kind) {
            return no(msg::already(&new.kind, &policy.local_minute(e.at)));
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
                return no(msg::already(
                    &EventKind::Restored,
                    &policy.local_minute(e.at),
                ));
            }
            if let Some(e) = events
                .iter()
                .filter(later)
                .find(|e| !after_restoration_ok(&e.kind))
            {
                return no(msg::logged_after_restoration(
                    &e.kind,
                    &policy.local_minute(e.at),
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
                return no(msg::logged_after_close(&e.kind, &policy.local_minute(e.at)));
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
                    let at = policy.local_minute(at);
                    return no(if wait {
                        msg::waiting_at(&at)
                    } else {
                        msg::not_waiting_at(&at)
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
        return no(msg::archived(&policy.local_minute(ts(closed))));
    }
    let met = |m: Milestone| sim.met[m.index()].map(|x| x.at);
    let has = |m: Milestone| policy.has(sim.level, m, true);
    let already = |what: &EventKind, at: Secs| no(msg::already(what, &policy.local_minute(ts(at))));
    let restored = sim.restored;
    if let (Some(at), false) = (restored, after_restoration_ok(&new.kind)) {
        return already(&EventKind::Restored, at);
    }
    match &new.kind {
        EventKind::Responded => match sim.responded {
            Some(at) => already(&EventKind::Responded, at),
            None => Ok(()),
        },
        EventKind::ExpertEngaged | EventKind::ProcessStarted | EventKind::DirectorEngaged => {
            let m = match new.kind {
                EventKind::ExpertEngaged => Milestone::ExpertResponse,
                EventKind::ProcessStarted => Milestone::ProcessStart,
                _ => Milestone::DirectorResponse,
            };
            if let Some(at) = met(m) {
                return already(&new.kind, at);
            }
            if !has(m) {
                return no(msg::no_milestone(sim.level, m));
            }
            Ok(())
        }
        EventKind::OnsiteRequired => {
            if sim.onsite {
                return no(msg::already_onsite());
            }
            if !policy.level(sim.level).onsite_arrival {
                return no(msg::level_without_onsite(sim.level));
            }
            Ok(())
        }
        EventKind::Arrived => {
            if !sim.onsite {
                return no(msg::not_onsite());
            }
            match sim.arrived {
                Some(at) => already(&EventKind::Arrived, at),
                None => Ok(()),
            }
        }
        EventKind::HardwareWait if sim.hw_waiting => no(msg::already_waiting()),
        EventKind::HardwareReady if !sim.hw_waiting => no(msg::not_waiting()),
        EventKind::Closed if restored.is_none() => no(msg::not_restored()),
        EventKind::Closed if sim.opinion.is_none() => no(msg::no_opinion()),
        EventKind::Closed if sim.followup.is_some() && sim.followed_up.is_none() => {
            no(msg::followup_due())
        }
        EventKind::Followup(f) => {
            filled(&[("--contact", &f.contact)])?;
            if !(1..=5).contains(&f.rating) {
                return no(msg::rating_range(f.rating));
            }
            match (sim.followup, sim.followed_up) {
                (_, Some(at)) => already(&new.kind, at),
                (None, _) if restored.is_none() => no(msg::followup_before_restoration()),
                (None, _) => no(msg::no_followup()),
                _ => Ok(()),
            }
        }
        EventKind::Approved => match (facts.held, sim.approved) {
            (false, _) => no(msg::not_held()),
            (true, Some(at)) => already(&EventKind::Approved, at),
            (true, None) => Ok(()),
        },
        EventKind::Opinion(o) => {
            filled(&[("--customer", &o.customer), ("--pm", &o.pm)])?;
            match (restored, sim.opinion) {
                (_, Some(at)) => already(&new.kind, at),
                (None, _) => no(msg::opinion_before_restoration()),
                _ => Ok(()),
            }
        }
        EventKind::Call { caller, phone } => {
            if caller.trim().is_empty() && phone.trim().is_empty() {
                return no(msg::call_needs_caller());
            }
            Ok(())
        }
        EventKind::CallbackPromised { due } => {
            if *due <= new.at {
                return no(msg::callback_before_promise(
                    &policy.local_minute(*due),
                    &policy.local_minute(new.at),
                ));
            }
            Ok(())
        }
        EventKind::CallbackDone => match (sim.callback, sim.called_back) {
            (None, _) => no(msg::no_callback_promised()),
            (Some(_), Some(at)) => already(&EventKind::CallbackDone, at),
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
                return no(msg::action_already(*action, &policy.local_minute(ts(*at))));
            }
            if !sim.actions.iter().any(|a| a.action == *action) {
                let due: Vec<crate::sla::Action> = sim.actions.iter().map(|a| a.action).collect();
                return no(msg::action_not_required(
                    *action,
                    &policy.local_minute(new.at),
                    &due,
                ));
            }
            Ok(())
        }
        EventKind::Waived { agreed_by, reason } => {
            if agreed_by.trim().is_empty() || reason.trim().is_empty() {
                return no(msg::waiver_needs_who_and_why());
            }
            match sim.clock(Milestone::Restoration) {
                // Section 7: agreed before the deadline by the real clock, even
                // when the entry is back-dated.
                Clock::Due(d) if now.timestamp() > d.due => {
                    no(msg::waiver_too_late(&policy.local_minute(ts(d.due))))
                }
                Clock::Due(d) if new.at.timestamp() <= d.due => Ok(()),
                Clock::Due(Due { due, .. }) => {
                    no(msg::waiver_logged_late(&policy.local_minute(ts(due))))
                }
                Clock::Paused => no(msg::waiver_paused()),
                _ => no(msg::waiver_not_running()),
            }
        }
        EventKind::Negotiated { deadline } => {
            let zone_negotiated = sim.zone.and_then(|z| policy.arrival_rule(sim.level, z))
                == Some(ArrivalRule::Negotiated);
            if !zone_negotiated {
                return no(msg::not_zone_nine(
                    &sim.zone.map_or("?".into(), |z| z.to_string()),
                ));
            }
            if *deadline <= facts.reported_at {
                return no(msg::negotiated_before_report());
            }
            if *deadline <= new.at {
                return no(msg::negotiated_past(&policy.local_minute(*deadline)));
            }
            Ok(())
        }
        EventKind::SetLevel { level, reason } => {
            if reason.trim().is_empty() {
                return no(msg::set_level_needs_reason());
            }
            if *level == sim.level {
                return no(msg::already_level(*level));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
