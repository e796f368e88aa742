//! The replay's state and how each event changes it.

use super::clock::{Clock, Due, Reckoning};
use super::event::{Event, EventKind, FollowupOutcome, TicketFacts};
use super::view::{Breach, Escalation, EscalationCause, RequiredAction, Waiver};
use super::{ts, Secs};
use crate::sla::calendar::{Calendar, Reckoned};
use crate::sla::level::{Action, Level, Milestone};
use crate::sla::policy::Policy;
use crate::sla::zone::Zone;

#[derive(Debug, Clone, Copy)]
pub(super) struct Met {
    pub(super) at: Secs,
    pub(super) due: Option<Due>,
}

/// Contract-trigger bookkeeping, one per trigger of the contract (any
/// number): when it fires (computed lazily: a working-day walk is costly)
/// and whether it has.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Trigger {
    pub(super) at: Option<Reckoned<Secs>>,
    pub(super) done: bool,
}

/// Memoized computations of the replay.
pub(super) struct Memo {
    /// The last working-day arrival deadline, by (clock start, level): the
    /// calendar walk and time-zone conversion are the engine's costliest steps.
    pub(super) arrival: std::cell::Cell<Option<(Secs, Level, Reckoning)>>,
    /// Bumped whenever the restoration window may have changed (`touch`);
    /// a window computed at the same generation is reused (the replay asks
    /// for it before every event).
    pub(super) generation: u32,
    /// (generation, earliest moment a deadline or trigger could fire).
    pub(super) horizon: Option<(u32, Secs)>,
    /// No contract trigger fires before this. A trigger's moment does not
    /// depend on the state, so it outlives generations; it only grows as
    /// triggers are computed and fire.
    pub(super) triggers_horizon: Secs,
    /// The running restoration window (start, due) and the generation it
    /// was computed at: the replay asks for it before every event. Whole
    /// clocks are not cached: storing one cost more than recomputing it.
    pub(super) restoration: std::cell::Cell<Option<(Secs, Secs)>>,
    pub(super) restoration_generation: std::cell::Cell<u32>,
}

/// The replay state.
pub(super) struct Sim<'a> {
    pub(super) facts: &'a TicketFacts<'a>,
    pub(super) policy: &'a Policy,
    pub(super) calendar: &'a Calendar,
    pub(super) zone: Option<Zone>,
    pub(super) level: Level,
    pub(super) level_since: Secs,
    pub(super) reported: Secs,
    pub(super) onsite: bool,
    pub(super) responded: Option<Secs>,
    pub(super) arrived: Option<Secs>,
    pub(super) hw_waiting: bool,
    pub(super) hw_ready: Option<Secs>,
    /// Zone 9: (when it was agreed, the agreed deadline).
    pub(super) negotiated: Option<(Secs, Secs)>,
    pub(super) met: [Option<Met>; 6],
    /// Section 4: "a raise never gives more time". A deadline still ahead
    /// when the level was raised caps the new level's window.
    pub(super) carried: [Option<Due>; 6],
    pub(super) restored: Option<Secs>,
    pub(super) closed: Option<Secs>,
    /// Start of the restoration window a waiver covers.
    pub(super) waived_window: Option<Secs>,
    /// Start of the restoration window whose breach has been handled.
    pub(super) handled_window: Option<Secs>,
    /// Inline: contracts carry a handful of triggers, and a replay allocates
    /// nothing it can avoid (allocation was a fifth of the engine's cost).
    pub(super) triggers: smallvec::SmallVec<[Trigger; 4]>,
    pub(super) memo: Memo,
    pub(super) escalations: smallvec::SmallVec<[Escalation; 1]>,
    pub(super) waivers: Vec<Waiver>,
    pub(super) breaches: smallvec::SmallVec<[Breach; 2]>,
    pub(super) actions: Vec<RequiredAction>,
    pub(super) problems: Vec<String>,
    /// The call-back promised last: (when promised, by when), and when it
    /// was made. A new promise starts a new clock.
    pub(super) callback: Option<(Secs, Secs)>,
    pub(super) called_back: Option<Secs>,
    /// The customer's signed opinion (a ticket closes only with one).
    pub(super) opinion: Option<Secs>,
    /// An engineer on site could not fix it: send a higher tier next.
    pub(super) cannot_fix: bool,
    pub(super) actions_done: smallvec::SmallVec<[(Action, Secs); 2]>,
    /// The project manager's follow-up opened by the last restoration:
    /// (restored at, its deadline or why it has none).
    pub(super) followup: Option<(Secs, Reckoning)>,
    /// When the follow-up was made.
    pub(super) followed_up: Option<Secs>,
    /// An unresolved follow-up reopened the restoration here: the new
    /// window runs from it.
    pub(super) reopened: Option<Secs>,
    /// A project manager approved service out of warranty.
    pub(super) approved: Option<Secs>,
}

impl<'a> Sim<'a> {
    pub(super) fn new(
        facts: &'a TicketFacts<'a>,
        policy: &'a Policy,
        calendar: &'a Calendar,
    ) -> Sim<'a> {
        let n = facts.contract.map_or(0, |c| c.triggers.len());
        let reported = facts.reported_at.timestamp();
        let triggers_horizon = triggers_horizon(facts, reported);
        Sim {
            facts,
            policy,
            calendar,
            zone: policy.zone_for(facts.distance_km),
            level: facts.level,
            level_since: reported,
            reported,
            onsite: facts.onsite,
            responded: None,
            arrived: None,
            hw_waiting: false,
            hw_ready: None,
            negotiated: None,
            met: [None; 6],
            carried: [None; 6],
            restored: None,
            closed: None,
            waived_window: None,
            handled_window: None,
            triggers: smallvec::smallvec![Trigger::default(); n],
            memo: Memo {
                arrival: std::cell::Cell::new(None),
                // Before any response or arrival no restoration window runs,
                // so only a trigger can fire: the replay starts with both
                // known instead of working them out at the first event.
                generation: 1,
                horizon: Some((1, triggers_horizon)),
                triggers_horizon,
                restoration: std::cell::Cell::new(None),
                restoration_generation: std::cell::Cell::new(1),
            },
            escalations: smallvec::SmallVec::new(),
            waivers: Vec::new(),
            breaches: smallvec::SmallVec::new(),
            actions: Vec::new(),
            problems: Vec::new(),
            callback: None,
            called_back: None,
            opinion: None,
            cannot_fix: false,
            actions_done: smallvec::SmallVec::new(),
            followup: None,
            followed_up: None,
            reopened: None,
            approved: None,
        }
    }

    pub(super) fn ended(&self) -> Option<Secs> {
        match (self.restored, self.closed) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The restoration window (or whether it runs) may have changed: its
    /// memo and the horizon computed from it are stale. Called where the
    /// state changes, so that an event that moves no restoration clock
    /// (an on-site ticket's response, an agreed arrival) keeps them.
    pub(super) fn touch(&mut self) {
        // Generation 0 marks a clock never computed.
        self.memo.generation = self.memo.generation.wrapping_add(1).max(1);
    }

    #[inline(always)]
    pub(super) fn meet(&mut self, m: Milestone, at: Secs) {
        if self.met[m.index()].is_some() {
            return;
        }
        let due = self.due(m);
        if let Some(d) = due.filter(|d| at > d.due) {
            self.record_breach(m, d.due, Some(at), false);
        }
        self.met[m.index()] = Some(Met { at, due });
    }

    pub(super) fn record_breach(
        &mut self,
        milestone: Milestone,
        due: Secs,
        met_at: Option<Secs>,
        waived: bool,
    ) {
        if let Some(b) = self
            .breaches
            .iter_mut()
            .find(|b| b.milestone == milestone && b.due == due)
        {
            b.met_at = b.met_at.or(met_at);
            return;
        }
        self.breaches.push(Breach {
            milestone,
            due,
            met_at,
            waived,
        });
    }

    /// Section 4, at a level change at `at`: deadlines that passed unmet stay
    /// on record; on a raise, a deadline still ahead is carried (the new
    /// window never gives more time) unless it is the breach that caused an
    /// automatic raise, which gets the new window.
    pub(super) fn change_level(&mut self, at: Secs, to: Level, cause: EscalationCause) {
        let raise = to < self.level;
        let automatic = cause == EscalationCause::Automatic;
        for m in Milestone::ALL {
            let i = m.index();
            if self.met[i].is_some() {
                self.carried[i] = None;
                continue;
            }
            // Read the clock (which includes any carried deadline) first.
            let clock = self.clock(m);
            self.carried[i] = None;
            match clock {
                Clock::Due(d) if d.due < at => self.record_breach(m, d.due, None, false),
                Clock::Due(d) if raise && !(automatic && m == Milestone::Restoration) => {
                    self.carried[i] = Some(d)
                }
                _ => {}
            }
        }
        // A waiver was agreed for the level in force: a carried deadline at
        // another level is not covered.
        self.waived_window = None;
        self.escalations.push(Escalation {
            at: ts(at),
            from: self.level,
            to,
            cause,
        });
        self.level = to;
        self.level_since = at;
        self.touch();
    }

    #[inline]
    pub(super) fn apply(&mut self, e: &Event, t: Secs) {
        // Records that move no clock (assignments, notes, calls: half a
        // typical log) return here, without entering `apply_inner`.
        if self.closed.is_some() || e.kind.is_record_only() {
            return;
        }
        self.apply_inner(e, t);
    }

    // One arm per event, its conditions inside it: guards on the arms would
    // send an event whose condition fails to the records-only arm.
    #[allow(clippy::collapsible_match)]
    pub(super) fn apply_inner(&mut self, e: &Event, t: Secs) {
        let restoration = Milestone::Restoration.index();
        match &e.kind {
            EventKind::Responded => {
                if self.responded.is_none() {
                    self.responded = Some(t);
                    // A remote restoration runs from the response.
                    if !self.onsite {
                        self.touch();
                    }
                }
                self.meet(Milestone::RemoteResponse, t);
            }
            EventKind::ExpertEngaged => self.meet(Milestone::ExpertResponse, t),
            EventKind::ProcessStarted => self.meet(Milestone::ProcessStart, t),
            EventKind::DirectorEngaged => self.meet(Milestone::DirectorResponse, t),
            EventKind::OnsiteRequired => {
                if self.restored.is_none() && !self.onsite {
                    self.onsite = true;
                    // The remote restoration clock is replaced (section 2).
                    self.carried[restoration] = None;
                    self.touch();
                }
            }
            EventKind::Arrived => {
                if self.onsite {
                    self.meet(Milestone::OnsiteArrival, t);
                    if self.arrived.is_none() {
                        // An on-site restoration runs from the arrival.
                        self.arrived = Some(t);
                        self.touch();
                    }
                }
            }
            EventKind::HardwareWait => {
                if !self.hw_waiting {
                    self.hw_waiting = true;
                    self.touch();
                }
            }
            EventKind::HardwareReady => {
                if self.hw_waiting {
                    self.hw_waiting = false;
                    self.hw_ready = Some(t);
                    // A fresh full window (section 2), not capped by the old one.
                    self.carried[restoration] = None;
                    self.touch();
                }
            }
            EventKind::Restored => {
                if self.restored.is_none() {
                    self.meet(Milestone::Restoration, t);
                    self.restored = Some(t);
                    if self.facts.followup {
                        let due = self.working_days_end(t, self.policy.followup_working_days);
                        self.followup = Some((t, due));
                        self.followed_up = None;
                    }
                }
            }
            EventKind::Followup(f) => {
                if self.followup.is_some() && self.followed_up.is_none() {
                    self.followed_up = Some(t);
                    // The fault came back: restoration runs again, from now.
                    if f.outcome == FollowupOutcome::Unresolved && self.closed.is_none() {
                        self.restored = None;
                        self.met[restoration] = None;
                        self.carried[restoration] = None;
                        self.reopened = Some(t);
                        self.touch();
                    }
                }
            }
            EventKind::Approved => {
                self.approved.get_or_insert(t);
            }
            EventKind::Closed => self.closed = Some(t),
            EventKind::Waived { agreed_by, reason } => {
                if let Some((start, due)) = self.restoration() {
                    if t <= due && self.restored.is_none() {
                        self.waived_window = Some(start);
                        self.waivers.push(Waiver {
                            at: ts(t),
                            agreed_by: agreed_by.clone(),
                            reason: reason.clone(),
                            covers_due: ts(due),
                        });
                    }
                }
            }
            EventKind::Negotiated { deadline } => {
                self.negotiated = Some((t, deadline.timestamp()));
                self.carried[Milestone::OnsiteArrival.index()] = None;
            }
            EventKind::SetLevel { level, reason } => {
                if *level != self.level && self.restored.is_none() {
                    self.change_level(
                        t,
                        *level,
                        EscalationCause::Manual {
                            reason: reason.clone(),
                        },
                    );
                }
            }
            EventKind::CallbackPromised { due } => {
                self.callback = Some((t, due.timestamp()));
                self.called_back = None;
            }
            EventKind::CallbackDone => {
                if self.callback.is_some() {
                    self.called_back.get_or_insert(t);
                }
            }
            EventKind::Opinion { .. } => {
                self.opinion.get_or_insert(t);
            }
            EventKind::CannotFix => self.cannot_fix = true,
            EventKind::ActionDone { action } => {
                if !self.actions_done.iter().any(|(a, _)| a == action) {
                    self.actions_done.push((*action, t));
                }
            }
            // Records only (`EventKind::is_record_only`, which `apply`
            // filters out before this).
            _ => {}
        }
    }

    /// Replays `events` up to `until`, if they are in order (whole seconds,
    /// then kind); `false` as soon as one is not, with the state then
    /// half-replayed.
    pub(super) fn run<'e>(&mut self, events: impl Iterator<Item = &'e Event>, until: Secs) -> bool {
        let mut previous: Option<(Secs, &EventKind)> = None;
        let mut day = (chrono::NaiveDate::MIN, 0);
        for e in events {
            let at = secs(&e.at, &mut day);
            if let Some((p, kind)) = previous {
                if at < p || (at == p && *kind > e.kind) {
                    return false;
                }
            }
            previous = Some((at, &e.kind));
            // Later events are still read for their order.
            if at > until {
                continue;
            }
            self.advance_to(at);
            self.apply(e, at);
        }
        self.advance_to(until);
        true
    }
}

/// An event's instant in the replay's seconds. Chrono's `timestamp` turns
/// the date into a day number for every event (a twentieth of the engine's
/// work); a ticket's events fall on a few days, so `day` keeps the last
/// day's date and first second.
#[inline]
fn secs(at: &crate::sla::Ts, day: &mut (chrono::NaiveDate, Secs)) -> Secs {
    use chrono::Timelike;
    let naive = at.naive_utc();
    let second = i64::from(naive.time().num_seconds_from_midnight());
    if naive.date() != day.0 {
        *day = (naive.date(), at.timestamp() - second);
    }
    day.1 + second
}

/// The earliest moment a contract trigger could fire, from their bounds
/// alone (`Secs::MAX`: the ticket has none).
fn triggers_horizon(facts: &TicketFacts, reported: Secs) -> Secs {
    facts.contract.map_or(Secs::MAX, |c| {
        (0..c.triggers.len())
            .map(|i| super::advance::trigger_not_before(c, i, reported))
            .min()
            .unwrap_or(Secs::MAX)
    })
}
