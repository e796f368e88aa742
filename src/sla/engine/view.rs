//! The ticket as it stands at a moment, and how a finished replay builds it.

use serde::Serialize;

use super::clock::Clock;
use super::sim::Sim;
use super::{ts, Secs};
use crate::sla::level::{Action, Level, Milestone};
use crate::sla::policy::RuleRef;
use crate::sla::zone::Zone;
use crate::sla::Ts;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    /// Running, deadline ahead.
    Pending,
    /// Running, deadline passed (a breach).
    Overdue,
    Met,
    MetLate,
    /// Its start event has not happened (restoration before arrival).
    NotStarted,
    /// Restoration while waiting for replacement hardware.
    Paused,
    /// Zone 9 before the dispatcher records the agreed deadline.
    Negotiate,
    /// The ticket was restored or closed before this was met.
    Skipped,
    /// The deadline cannot be computed (see the view's `problems`).
    Unknown,
}

/// An optional instant in 8 bytes where `Option<Secs>` takes 16: a view
/// keeps two per milestone, and the wall keeps a view per open ticket.
/// `Secs::MIN` is no instant chrono can hold, so it stands for none.
#[derive(Debug, Clone, Copy, PartialEq)]
struct MaybeSecs(Secs);

impl MaybeSecs {
    const NONE: MaybeSecs = MaybeSecs(Secs::MIN);

    fn new(at: Option<Secs>) -> MaybeSecs {
        at.map_or(MaybeSecs::NONE, MaybeSecs)
    }

    fn get(self) -> Option<Secs> {
        (self != MaybeSecs::NONE).then_some(self.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneView {
    pub milestone: Milestone,
    /// Length of the window from clock start to deadline, seconds (kept as a
    /// length, not an instant: building views is the engine's hot path).
    /// (An `i32`: windows are at most a year, and the wall keeps a view
    /// of every open ticket.)
    window: Option<i32>,
    /// Instants as seconds, converted on reading: a view is built for every
    /// open ticket each time a deadline passes, and only the few on screen
    /// are read (building each `DateTime` was a tenth of the engine).
    due: MaybeSecs,
    met_at: MaybeSecs,
    pub breached: bool,
    pub rule: Option<RuleRef>,
    pub state: MilestoneState,
    /// The calendar year this deadline had to assume Monday–Friday for
    /// (section 3: provisional until that year's file is added).
    pub provisional: Option<i32>,
}

impl MilestoneView {
    /// Length of the window from clock start to deadline, seconds.
    pub fn window_seconds(&self) -> Option<i64> {
        self.window.map(i64::from)
    }

    /// When this milestone falls (or fell) due.
    pub fn due(&self) -> Option<Ts> {
        self.due.get().map(ts)
    }

    /// When it was met.
    pub fn met_at(&self) -> Option<Ts> {
        self.met_at.get().map(ts)
    }

    /// Seconds from `now` to the deadline (negative once it passed).
    pub fn seconds_left(&self, now: Ts) -> Option<i64> {
        self.due.get().map(|d| d - now.timestamp())
    }

    /// Share of the window still left at `now` (1.0 just started, 0 at the
    /// deadline, negative past it): what the queues colour by.
    pub fn share_left(&self, now: Ts) -> Option<f64> {
        let (window, left) = (self.window_seconds()?, self.seconds_left(now)?);
        (window > 0).then(|| left as f64 / window as f64)
    }

    /// When this milestone's clock started.
    pub fn start(&self) -> Option<Ts> {
        Some(ts(self.due.get()? - self.window_seconds()?))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EscalationCause {
    Automatic,
    Manual { reason: String },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Escalation {
    pub at: Ts,
    pub from: Level,
    pub to: Level,
    pub cause: EscalationCause,
}

impl Escalation {
    pub fn is_automatic(&self) -> bool {
        self.cause == EscalationCause::Automatic
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Waiver {
    pub at: Ts,
    pub agreed_by: String,
    pub reason: String,
    /// The restoration deadline the waiver covers.
    pub covers_due: Ts,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Breach {
    pub milestone: Milestone,
    /// Seconds, as in [`MilestoneView`].
    pub(super) due: Secs,
    pub(super) met_at: Option<Secs>,
    pub waived: bool,
}

impl Breach {
    /// The deadline that was missed.
    pub fn due(&self) -> Ts {
        ts(self.due)
    }

    /// Met late at this time, or `None` while (or when it stopped being) open.
    pub fn met_at(&self) -> Option<Ts> {
        self.met_at.map(ts)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RequiredAction {
    pub action: Action,
    pub at: Ts,
    /// As for milestones: the year a working-day trigger had to guess.
    pub provisional: Option<i32>,
    /// When `action_done` recorded it: until then it is work due.
    pub done_at: Option<Ts>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TicketView {
    pub level: Level,
    pub zone: Option<Zone>,
    pub onsite: bool,
    /// Inline (a level has at most six): screens evaluate every open ticket
    /// each time a deadline passes, and one allocation per view was a
    /// measurable share of that.
    pub milestones: smallvec::SmallVec<[MilestoneView; 6]>,
    /// Inline too: most tickets on a desk have one raise or breach at most,
    /// and these two allocations were the replay's last ones.
    pub escalations: smallvec::SmallVec<[Escalation; 1]>,
    pub waivers: Vec<Waiver>,
    pub breaches: smallvec::SmallVec<[Breach; 2]>,
    pub actions: Vec<RequiredAction>,
    /// Index into `milestones` of the earliest open deadline.
    pub next: Option<usize>,
    /// The first moment after the evaluation's `now` at which this view
    /// would read differently, other than by its countdowns: a deadline
    /// passing, a raise, a contract action falling due (`None`: never, the
    /// ticket has ended). Until then a screen reuses the view as it is.
    pub changes_at: Option<Ts>,
    pub restored_at: Option<Ts>,
    pub closed_at: Option<Ts>,
    pub hardware_wait: bool,
    /// When the customer's service opinion was signed.
    pub opinion_at: Option<Ts>,
    /// An engineer reported `cannot_fix`: a higher tier goes next.
    pub cannot_fix: bool,
    /// Opened out of warranty and not yet approved by a project manager:
    /// its clocks run, but nobody may be assigned.
    pub held: bool,
    /// Deadlines that could not be computed at all, one line each.
    pub problems: Vec<String>,
}

impl TicketView {
    pub fn next_milestone(&self) -> Option<&MilestoneView> {
        self.next.and_then(|i| self.milestones.get(i))
    }

    pub fn next_deadline(&self) -> Option<Ts> {
        self.next_milestone().and_then(|m| m.due())
    }

    /// Seconds from `now` to the next deadline (negative once it passed).
    pub fn remaining_seconds(&self, now: Ts) -> Option<i64> {
        self.next_milestone().and_then(|m| m.seconds_left(now))
    }

    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    /// Anything overdue right now (not history: a met-late milestone of a
    /// running ticket does not keep it red).
    pub fn is_breached_now(&self) -> bool {
        self.milestones
            .iter()
            .any(|m| m.state == MilestoneState::Overdue)
    }

    pub fn negotiation_pending(&self) -> bool {
        self.milestones
            .iter()
            .any(|m| m.state == MilestoneState::Negotiate)
    }

    pub fn milestone(&self, m: Milestone) -> Option<&MilestoneView> {
        self.milestones.iter().find(|v| v.milestone == m)
    }

    /// Required actions not yet recorded as done: work due on the ticket
    /// (none once it is restored: the fault they were for is cleared).
    pub fn pending_actions(&self) -> impl Iterator<Item = &RequiredAction> + '_ {
        self.actions
            .iter()
            .filter(|a| a.done_at.is_none() && self.restored_at.is_none())
    }

    /// The first calendar year a shown deadline had to guess, if any.
    pub fn provisional(&self) -> Option<i32> {
        self.milestones
            .iter()
            .filter_map(|m| m.provisional)
            .chain(self.actions.iter().filter_map(|a| a.provisional))
            .min()
    }
}

/// A window's length as kept in a view (`None` past `i32`: no rule gives one).
fn window(start: Secs, due: Secs) -> Option<i32> {
    i32::try_from(due - start).ok()
}

impl Sim<'_> {
    /// A clock the desk keeps for itself (the call-back, the follow-up):
    /// met, met late, skipped when `end` came first, else overdue or
    /// pending at `now` (unknown without a deadline); a passed deadline is
    /// recorded as a breach. Neither has a rule or raises the level.
    fn own_clock(
        &mut self,
        m: Milestone,
        start: Secs,
        due: Option<Secs>,
        met_at: Option<Secs>,
        end: Option<Secs>,
        now: Secs,
    ) -> MilestoneView {
        let until = met_at.or(end).unwrap_or(now);
        let breached = due.is_some_and(|d| d < until);
        let state = match (met_at, end, due) {
            (Some(_), _, _) if breached => MilestoneState::MetLate,
            (Some(_), _, _) => MilestoneState::Met,
            (None, Some(_), _) => MilestoneState::Skipped,
            (None, None, None) => MilestoneState::Unknown,
            (None, None, Some(_)) if breached => MilestoneState::Overdue,
            (None, None, Some(_)) => MilestoneState::Pending,
        };
        if let (true, Some(d)) = (breached, due) {
            self.record_breach(m, d, met_at, false);
        }
        MilestoneView {
            milestone: m,
            window: due.and_then(|d| window(start, d)),
            due: MaybeSecs::new(due),
            met_at: MaybeSecs::new(met_at),
            breached,
            rule: None,
            state,
            provisional: None,
        }
    }

    /// Takes the replay's records (the replay is done with them). The view
    /// is filled where it is returned: moving a finished one cost a copy of
    /// half a kilobyte per ticket.
    // Inlined into `evaluate`: built where it is returned, not copied there.
    #[inline(always)]
    pub(super) fn view(&mut self, now: Secs) -> TicketView {
        let ended = self.ended();
        let mut out = TicketView {
            level: self.level,
            zone: self.zone,
            onsite: self.onsite,
            milestones: smallvec::SmallVec::new(),
            escalations: smallvec::SmallVec::new(),
            waivers: Vec::new(),
            breaches: smallvec::SmallVec::new(),
            actions: Vec::new(),
            next: None,
            changes_at: None,
            restored_at: self.restored.map(ts),
            closed_at: self.closed.map(ts),
            hardware_wait: self.hw_waiting,
            opinion_at: self.opinion.map(ts),
            cannot_fix: self.cannot_fix,
            held: self.facts.held && self.approved.is_none(),
            problems: Vec::new(),
        };
        let milestones = &mut out.milestones;
        // Each shown milestone's unmet deadline, by its index in the view
        // (the six of the contract and the call-back).
        let mut dues: [Option<Secs>; 7] = [None; 7];
        for m in Milestone::ALL {
            if !self.policy.has(self.level, m, self.onsite) {
                continue;
            }
            let mv = if let Some(met) = self.met[m.index()] {
                let late = met.due.is_some_and(|d| met.at > d.due);
                MilestoneView {
                    milestone: m,
                    window: met.due.and_then(|d| window(d.start, d.due)),
                    due: MaybeSecs::new(met.due.map(|d| d.due)),
                    met_at: MaybeSecs::new(Some(met.at)),
                    breached: late,
                    rule: met.due.map(|d| d.rule),
                    state: if late {
                        MilestoneState::MetLate
                    } else {
                        MilestoneState::Met
                    },
                    provisional: met.due.and_then(|d| d.provisional).map(i32::from),
                }
            } else {
                let (due, state) = match self.clock(m) {
                    Clock::Absent => continue,
                    Clock::NotStarted => (None, MilestoneState::NotStarted),
                    Clock::Paused => (None, MilestoneState::Paused),
                    Clock::Negotiate => (None, MilestoneState::Negotiate),
                    Clock::Failed(gap) => {
                        self.problems.push(format!("{}: {gap}", m.name()));
                        (None, MilestoneState::Unknown)
                    }
                    Clock::Due(d) => (Some(d), MilestoneState::Pending),
                };
                let until = ended.unwrap_or(now);
                let breached = due.is_some_and(|d| d.due < until);
                let state = match (ended, breached) {
                    (Some(_), _) => MilestoneState::Skipped,
                    (None, true) => MilestoneState::Overdue,
                    (None, false) => state,
                };
                if let (true, Some(d)) = (breached, due) {
                    self.record_breach(m, d.due, None, false);
                }
                if let Some(slot) = dues.get_mut(milestones.len()) {
                    *slot = due.map(|d| d.due);
                }
                MilestoneView {
                    milestone: m,
                    window: due.and_then(|d| window(d.start, d.due)),
                    due: MaybeSecs::new(due.map(|d| d.due)),
                    met_at: MaybeSecs::NONE,
                    breached,
                    rule: due.map(|d| d.rule),
                    state,
                    provisional: due.and_then(|d| d.provisional).map(i32::from),
                }
            };
            milestones.push(mv);
        }
        if let Some((start, due)) = self.callback {
            let mv = self.own_clock(
                Milestone::Callback,
                start,
                Some(due),
                self.called_back,
                ended,
                now,
            );
            if mv.met_at.get().is_none() {
                if let Some(slot) = dues.get_mut(milestones.len()) {
                    *slot = Some(due);
                }
            }
            milestones.push(mv);
        }
        // The follow-up runs after the restoration, so it is the one clock
        // of a restored ticket that still changes the view.
        let mut followup_due = None;
        if let Some((start, due)) = self.followup {
            let (due, provisional) = match due {
                Ok(r) => (Some(r.value), super::clock::year16(r.missing_year)),
                Err(gap) => {
                    self.problems
                        .push(format!("{}: {gap}", Milestone::Followup.name()));
                    (None, None)
                }
            };
            let mut mv = self.own_clock(
                Milestone::Followup,
                start,
                due,
                self.followed_up,
                self.closed,
                now,
            );
            mv.provisional = provisional.map(i32::from);
            if mv.met_at.get().is_none() && self.closed.is_none() {
                followup_due = due;
            }
            milestones.push(mv);
        }
        if !self.actions_done.is_empty() {
            for a in &mut self.actions {
                a.done_at = self
                    .actions_done
                    .iter()
                    .find(|(done, _)| *done == a.action)
                    .map(|(_, at)| ts(*at));
            }
        }
        // From the replay's seconds, not back from the views' instants.
        let unmet = dues
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.map(|d| (d, i)));
        let next = match ended {
            Some(_) => None,
            None => unmet.clone().min().map(|(_, i)| i),
        };
        // Overdue means strictly after a deadline: a view changes the
        // second after one (a milestone's, a restoration breach's, a
        // contract trigger's; `advance_to` left the earliest of the last two
        // as the horizon of the current state).
        let changes_at = match ended {
            Some(_) => followup_due.filter(|d| *d >= now).map(|d| ts(d + 1)),
            None => {
                let horizon = self
                    .memo
                    .horizon
                    .filter(|(g, h)| *g == self.memo.generation && *h < Secs::MAX)
                    .map(|(_, h)| h);
                unmet
                    .map(|(d, _)| d)
                    .filter(|d| *d >= now)
                    .chain(horizon)
                    .min()
                    .map(|t| ts(t.max(now) + 1))
            }
        };
        out.next = next;
        out.changes_at = changes_at;
        out.escalations = std::mem::take(&mut self.escalations);
        out.waivers = std::mem::take(&mut self.waivers);
        out.breaches = std::mem::take(&mut self.breaches);
        out.actions = std::mem::take(&mut self.actions);
        out.problems = std::mem::take(&mut self.problems);
        out
    }
}
