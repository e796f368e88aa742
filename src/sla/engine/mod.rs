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

pub use event::{Event, EventKind, Followup, FollowupOutcome, Opinion, TicketFacts, WorkOrder};
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

// Test builds can switch the replay's shortcuts off (the memoized
// restoration window and arrival, the horizon nothing fires before), so a
// property test compares every shortcut with the plain replay they stand for.
#[cfg(test)]
thread_local! {
    static SHORTCUTS_OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the replay may take its shortcuts (always, outside tests).
#[inline(always)]
fn shortcuts() -> bool {
    #[cfg(test)]
    {
        !SHORTCUTS_OFF.with(std::cell::Cell::get)
    }
    #[cfg(not(test))]
    {
        true
    }
}

/// Replays `events` up to `until` into a fresh `sim` (filled in place: a
/// replay state returned by value was copied whole for every ticket).
fn replay(sim: &mut Sim<'_>, events: &[Event], until: Secs) {
    // The log comes ordered by time: replay it as it is, checking the order
    // on the way (a pass comparing whole events first cost a twelfth of the
    // engine), and only a log found out of order is sorted and replayed anew.
    if !sim.run(events.iter(), until) {
        let (facts, policy, calendar) = (sim.facts, sim.policy, sim.calendar);
        *sim = Sim::new(facts, policy, calendar);
        let mut sorted: Vec<&Event> = events.iter().collect();
        // The replay's own order (whole seconds, then kind), the one `run`
        // checks: sorted by it, the log is replayed to the end.
        sorted.sort_by_key(|e| (e.at.timestamp(), &e.kind));
        let whole = sim.run(sorted.into_iter(), until);
        debug_assert!(whole, "a sorted log replays whole");
    }
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
///     followup: false,
///     held: false,
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
    let mut sim = Sim::new(facts, policy, calendar);
    replay(&mut sim, events, now);
    sim.view(now)
}

#[cfg(test)]
mod tests;
