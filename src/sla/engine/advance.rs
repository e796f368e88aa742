//! Between events, deadlines pass: a restoration window that runs out
//! raises the level at the deadline itself (section 4) and contract
//! triggers fire, each exactly once and in time order.

use super::sim::Sim;
use super::{ts, Secs};
use crate::sla::calendar::{CalendarGap, Reckoned};
use crate::sla::engine::view::{EscalationCause, RequiredAction};
use crate::sla::level::{Action, Milestone};
use crate::sla::policy::{After, Contract};

impl Sim<'_> {
    /// When contract trigger `i` fires. Cached: it depends only on `reported_at`.
    pub(super) fn trigger_at(
        &mut self,
        contract: &Contract,
        i: usize,
    ) -> Result<Reckoned<Secs>, CalendarGap> {
        if let Some(t) = self.triggers.get(i).and_then(|t| t.at) {
            return Ok(t);
        }
        let reported = self.facts.reported_at;
        let t = match contract.triggers[i].after {
            After::Elapsed(d) => Reckoned {
                value: (reported + d).timestamp(),
                missing_year: None,
            },
            After::WorkingDays(n) => self.working_days_end(self.reported, n)?,
        };
        if let Some(slot) = self.triggers.get_mut(i) {
            slot.at = Some(t);
        }
        Ok(t)
    }

    /// Lets every deadline strictly before `t` pass: restoration breaches
    /// (raise, level-1 actions, or a waived breach) and contract triggers, in
    /// time order, each exactly once.
    #[inline]
    pub(super) fn advance_to(&mut self, t: Secs) {
        // Nothing can fire before the horizon computed at this generation:
        // most events (notes, responses, assignments) end here, without the
        // cost of entering the walk below (a tenth of the replay's calls).
        if let Some((generation, horizon)) = self.memo.horizon {
            if generation == self.memo.generation && t <= horizon && super::shortcuts() {
                return;
            }
        }
        self.advance_past_horizon(t);
    }

    #[inline(never)]
    fn advance_past_horizon(&mut self, t: Secs) {
        /// What falls due next.
        enum Next {
            Restoration,
            Trigger(usize, Reckoned<Secs>),
            /// A trigger not computed yet that cannot fire before this.
            Bound,
        }
        loop {
            if self.ended().is_some() {
                return;
            }
            let restoration = self.running_restoration_due();
            // No trigger fires before `t`: only restoration windows can run
            // out (and raise the level) in between, and the walk over the
            // triggers below is skipped.
            let triggers_horizon = self.memo.triggers_horizon;
            if t <= triggers_horizon && super::shortcuts() {
                match restoration {
                    Some(due) if due < t => {
                        self.restoration_breached(due);
                        continue;
                    }
                    _ => {
                        let horizon =
                            restoration.map_or(triggers_horizon, |due| due.min(triggers_horizon));
                        self.memo.horizon = Some((self.memo.generation, horizon));
                        return;
                    }
                }
            }
            let mut next: Option<(Secs, Next)> = restoration.map(|due| (due, Next::Restoration));
            let mut triggers_horizon = Secs::MAX;
            if let Some(contract) = self.facts.contract {
                for i in 0..contract.triggers.len() {
                    if self.triggers[i].done {
                        continue;
                    }
                    let fires = match self.triggers[i].at {
                        Some(r) => r,
                        None => {
                            let bound = trigger_not_before(contract, i, self.reported);
                            if bound >= t {
                                triggers_horizon = triggers_horizon.min(bound);
                                if next.as_ref().is_none_or(|(n, _)| bound < *n) {
                                    next = Some((bound, Next::Bound));
                                }
                                continue;
                            }
                            match self.trigger_at(contract, i) {
                                Ok(r) => r,
                                Err(gap) => {
                                    self.triggers[i].done = true;
                                    self.problems.push(format!(
                                        "{}: {gap}",
                                        contract.triggers[i].action.name()
                                    ));
                                    continue;
                                }
                            }
                        }
                    };
                    triggers_horizon = triggers_horizon.min(fires.value);
                    if next.as_ref().is_none_or(|(n, _)| fires.value < *n) {
                        next = Some((fires.value, Next::Trigger(i, fires)));
                    }
                }
            }
            match next {
                Some((at, Next::Trigger(i, fires))) if at < t => {
                    self.triggers[i].done = true;
                    if let Some(trigger) = self.facts.contract.and_then(|c| c.triggers.get(i)) {
                        if trigger.levels.contains(&self.level) {
                            self.require(trigger.action, at, fires.missing_year);
                        }
                    }
                }
                Some((at, Next::Restoration)) if at < t => self.restoration_breached(at),
                // A bound before `t` was already turned into a computed time.
                other => {
                    self.memo.triggers_horizon = triggers_horizon;
                    let horizon = other.map_or(Secs::MAX, |(at, _)| at);
                    self.memo.horizon = Some((self.memo.generation, horizon));
                    return;
                }
            }
        }
    }

    /// The deadline of a restoration window whose breach is still to come.
    fn running_restoration_due(&self) -> Option<Secs> {
        let (start, due) = self.restoration()?;
        (self.handled_window != Some(start) && self.met[Milestone::Restoration.index()].is_none())
            .then_some(due)
    }

    /// Section 4: the raise happens at the breached deadline itself. A waiver
    /// covers the raise only: level-1 actions are required all the same.
    pub(super) fn restoration_breached(&mut self, due: Secs) {
        let Some((start, _)) = self.restoration() else {
            return;
        };
        self.handled_window = Some(start);
        let waived = self.waived_window == Some(start);
        self.record_breach(Milestone::Restoration, due, None, waived);
        let policy = self.policy;
        for a in &policy.level(self.level).restoration_breach_actions {
            self.require(*a, due, None);
        }
        if waived {
            return;
        }
        if let Some(to) = self.level.raised() {
            self.change_level(due, to, EscalationCause::Automatic);
        }
    }

    pub(super) fn require(&mut self, action: Action, at: Secs, provisional: Option<i32>) {
        if !self.actions.iter().any(|a| a.action == action) {
            self.actions.push(RequiredAction {
                action,
                at: ts(at),
                provisional,
                done_at: None,
            });
        }
    }
}

/// No trigger fires before this: N working days end at least N-1 whole
/// days after the report. Lets the replay skip the calendar walk until then.
pub(super) fn trigger_not_before(contract: &Contract, i: usize, reported: Secs) -> Secs {
    match contract.triggers[i].after {
        After::Elapsed(d) => reported + d.num_seconds(),
        After::WorkingDays(n) => reported + (i64::from(n) - 1) * 86_400,
    }
}
