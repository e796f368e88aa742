//! `evaluate(ticket facts + events, rules, now) -> TicketView`.
//!
//! The engine replays a ticket's events in time order and, between events,
//! lets deadlines pass: a restoration deadline that passes unrestored raises
//! the level *at the deadline itself* (section 4), so the history is the same
//! whichever process evaluates it and whenever. Only events at or before `now`
//! count, so evaluating at an earlier `--now` replays the past faithfully.
//!
//! Where things are: `event` (what the log holds), `sim` (the replay state
//! and what each event does to it), `clock` (one milestone's deadline at a
//! moment), `advance` (deadlines passing between events), `view` (the
//! public result and how a replay builds it), `validate` (what the log may
//! accept).

mod advance;
mod clock;
mod event;
mod sim;
mod validate;
mod view;

pub use event::{Event, EventKind, TicketFacts};
pub use validate::validate;
pub use view::{
    Breach, Escalation, EscalationCause, MilestoneState, MilestoneView, RequiredAction, TicketView,
    Waiver,
};

use super::calendar::Calendar;
use super::policy::Policy;
use super::{ts, Ts};
use sim::Sim;

/// Instants inside the replay are whole seconds since the epoch: chrono's
/// `DateTime + TimeDelta` was most of the engine's cost, and the contract's
/// resolution is minutes. Views are converted back to [`Ts`] at the edge.
type Secs = i64;

fn replay<'a>(
    facts: &'a TicketFacts<'a>,
    events: &'a [Event],
    policy: &'a Policy,
    calendar: &'a Calendar,
    until: Secs,
) -> Sim<'a> {
    let mut sim = Sim::new(facts, policy, calendar);
    // Comparing whole events (time, then kind) was a fourteenth of the
    // engine's cost; kinds only break ties.
    let in_order = events
        .windows(2)
        .all(|w| w[0].at < w[1].at || (w[0].at == w[1].at && w[0].kind <= w[1].kind));
    if in_order {
        sim.run(events.iter().map(|e| (e.at.timestamp(), e)), until);
    } else {
        let mut sorted: Vec<&Event> = events.iter().collect();
        sorted.sort();
        sim.run(sorted.into_iter().map(|e| (e.at.timestamp(), e)), until);
    }
    sim
}

/// The ticket as it stands at `now`. Deterministic: only the arguments matter,
/// and of the events only their times and contents, not their order. Never
/// fails: a deadline that needs a missing calendar year is provisional, and
/// one that cannot be computed at all marks only its own milestone.
///
/// ```
/// use faultline::config::Rules;
/// use faultline::sla::{evaluate, Level, TicketFacts};
/// let rules = Rules::builtin().unwrap();
/// let reported = "2026-11-27T08:47:00+08:00".parse().unwrap();
/// let facts = TicketFacts {
///     reported_at: reported,
///     level: Level::new(1).unwrap(),
///     onsite: false,
///     distance_km: 95.0,
///     in_province: false,
///     contract: None,
/// };
/// // Section 2: a level-1 fault owes a remote response within 30 minutes.
/// let now = "2026-11-27T09:00:00+08:00".parse().unwrap();
/// let view = evaluate(&facts, &[], &rules.policy, &rules.calendar, now);
/// assert_eq!(view.next_deadline(), Some("2026-11-27T09:17:00+08:00".parse().unwrap()));
/// assert_eq!(view.remaining_seconds(now), Some(17 * 60));
/// ```
pub fn evaluate(
    facts: &TicketFacts,
    events: &[Event],
    policy: &Policy,
    calendar: &Calendar,
    now: Ts,
) -> TicketView {
    let now = now.timestamp();
    replay(facts, events, policy, calendar, now).view(now)
}

#[cfg(test)]
mod tests;
