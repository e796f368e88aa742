//! A milestone's clock at one moment of the replay: the standard window of
//! the level in force (section 2), the zone's arrival rule (section 3), the
//! contract's terms, and the deadline carried over a raise (section 4).

use super::sim::Sim;
use super::{ts, Secs};
use crate::sla::calendar::{earliest_working_days_end, CalendarGap, Reckoned};
use crate::sla::level::Milestone;
use crate::sla::policy::{ArrivalRule, Condition, RuleRef, TermStart};
use crate::sla::zone::Zone;

/// A running deadline: when its clock started, when it falls due, the rule
/// that set it, and the calendar year it had to guess (provisional; a year
/// fits 16 bits, and clocks are copied on the engine's hot path).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Due {
    pub(super) start: Secs,
    pub(super) due: Secs,
    pub(super) rule: RuleRef,
    pub(super) provisional: Option<u16>,
}

impl Due {
    /// A window of the standard table (section 2; `zone` for an arrival
    /// set by distance, section 3) running from `start`.
    fn standard(start: Secs, window: chrono::TimeDelta, zone: Option<Zone>) -> Due {
        Due {
            start,
            due: start + window.num_seconds(),
            rule: RuleRef::Standard { zone },
            provisional: None,
        }
    }
}

pub(super) fn year16(y: Option<i32>) -> Option<u16> {
    y.and_then(|y| u16::try_from(y).ok())
}

/// A milestone's clock at one moment of the replay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Clock {
    Absent,
    NotStarted,
    Paused,
    Negotiate,
    Due(Due),
    /// The deadline cannot be computed (a pathological calendar): this
    /// milestone says so; the rest of the ticket is unaffected.
    Failed(CalendarGap),
}

/// A working-day deadline as computed (or why it could not be).
pub(super) type Reckoning = Result<Reckoned<Secs>, CalendarGap>;

impl Sim<'_> {
    /// The running restoration window as (start, due).
    pub(super) fn restoration(&self) -> Option<(Secs, Secs)> {
        if self.memo.restoration_generation.get() == self.memo.generation && super::shortcuts() {
            return self.memo.restoration.get();
        }
        let window = self.due(Milestone::Restoration).map(|d| (d.start, d.due));
        self.memo.restoration.set(window);
        self.memo.restoration_generation.set(self.memo.generation);
        window
    }

    #[inline(always)]
    pub(super) fn due(&self, m: Milestone) -> Option<Due> {
        match self.clock(m) {
            Clock::Due(d) => Some(d),
            _ => None,
        }
    }

    /// The end of the `k`-th working day strictly after `start`'s local
    /// date, in the replay's seconds (arrivals, contract triggers, the
    /// follow-up).
    pub(super) fn working_days_end(&self, start: Secs, k: u32) -> Reckoning {
        self.calendar
            .working_days_end(
                ts(start),
                k,
                self.policy.working_day_end,
                &self.policy.local,
            )
            .map(|r| Reckoned {
                value: r.value.timestamp(),
                missing_year: r.missing_year,
            })
    }

    /// The working-day arrival deadline from `start` at the current level.
    pub(super) fn working_day_arrival(&self, start: Secs, n: u32) -> Reckoning {
        if let Some((s, l, due)) = self.memo.arrival.get() {
            if s == start && l == self.level && super::shortcuts() {
                return due;
            }
        }
        // Section 3: "Nth working day" ends the (N-1)-th day after.
        let due = self.working_days_end(start, n.saturating_sub(1));
        self.memo.arrival.set(Some((start, self.level, due)));
        due
    }

    /// Sections 2–5: the standard (or negotiated) window of the current
    /// level, the contract terms still ahead of that window's start, and the
    /// deadline carried over a raise; the earliest binds.
    #[inline(always)]
    pub(super) fn clock(&self, m: Milestone) -> Clock {
        let lp = self.policy.level(self.level);
        // The window's start and its standard deadline (None: zone 9 not yet
        // negotiated). A working-day deadline also remembers how few whole
        // days it could possibly be, for the provisional check below.
        let mut floor: Option<Secs> = None;
        let (window_start, standard) = match m {
            Milestone::OnsiteArrival => {
                if !self.onsite || !lp.onsite_arrival {
                    return Clock::Absent;
                }
                let start = self.level_since;
                match self
                    .zone
                    .and_then(|z| Some((z, self.policy.arrival_rule(self.level, z)?)))
                {
                    None if self.zone.is_some() => return Clock::Absent,
                    None => (start, None),
                    Some((zone, ArrivalRule::Elapsed(w))) => {
                        (start, Some(Due::standard(start, w, Some(zone))))
                    }
                    Some((zone, ArrivalRule::WorkingDay(n))) => {
                        let r = match self.working_day_arrival(start, n) {
                            Ok(r) => r,
                            Err(gap) => return Clock::Failed(gap),
                        };
                        if r.missing_year.is_some() {
                            floor = earliest_working_days_end(
                                ts(start),
                                n.saturating_sub(1),
                                self.policy.working_day_end,
                                &self.policy.local,
                            )
                            .map(|t| t.timestamp());
                        }
                        (
                            start,
                            Some(Due {
                                start,
                                due: r.value,
                                rule: RuleRef::Standard { zone: Some(zone) },
                                provisional: year16(r.missing_year),
                            }),
                        )
                    }
                    // An agreed deadline is a fact, not a window: a raise does
                    // not move it, and its clock runs from when it was agreed.
                    Some((_, ArrivalRule::Negotiated)) => match self.negotiated {
                        Some((agreed, due)) => {
                            let start = agreed.min(due);
                            (
                                start,
                                Some(Due {
                                    start,
                                    due,
                                    rule: RuleRef::Negotiated,
                                    provisional: None,
                                }),
                            )
                        }
                        None => (start, None),
                    },
                }
            }
            Milestone::Restoration => {
                let Some(window) = lp.windows[m.index()] else {
                    return Clock::Absent;
                };
                if self.hw_waiting {
                    return Clock::Paused;
                }
                // Section 2: on site it starts at arrival, remote at the response;
                // a later hardware-ready starts a fresh window, and so does a raise.
                let base = if self.onsite {
                    self.arrived
                } else {
                    self.responded
                };
                let Some(base) = base else {
                    return Clock::NotStarted;
                };
                let start = base
                    .max(self.hw_ready.unwrap_or(base))
                    .max(self.level_since)
                    .max(self.reopened.unwrap_or(base));
                (start, Some(Due::standard(start, window, None)))
            }
            _ => {
                let Some(window) = lp.windows[m.index()] else {
                    return Clock::Absent;
                };
                let start = self.level_since;
                (start, Some(Due::standard(start, window, None)))
            }
        };
        let mut best = standard;
        if let Some(contract) = self
            .facts
            .contract
            .filter(|c| c.term_milestones & 1 << m.index() != 0)
        {
            for (i, term) in contract.deadlines.iter().enumerate() {
                if term.milestone != m {
                    continue;
                }
                let applies = match term.when {
                    Condition::Always => true,
                    Condition::InProvince => self.facts.in_province,
                    Condition::Onsite => self.onsite,
                };
                if !applies {
                    continue;
                }
                let start = match term.from {
                    TermStart::Reported => self.reported,
                    TermStart::Arrival => match self.arrived {
                        Some(a) => a,
                        None => continue,
                    },
                };
                let due = start + term.window.num_seconds();
                // A term binds only a window that starts before its deadline:
                // once breached it is history, so one late contract term causes
                // at most one raise.
                if due <= window_start || best.is_some_and(|b| b.due <= due) {
                    continue;
                }
                // Earlier than the provisional working-day deadline: provisional
                // too, unless it is earlier than any calendar could make it.
                let provisional = best
                    .and_then(|b| b.provisional)
                    .filter(|_| floor.is_none_or(|f| due >= f));
                best = Some(Due {
                    start,
                    due,
                    rule: RuleRef::Contract {
                        term: u8::try_from(i).unwrap_or(u8::MAX),
                    },
                    provisional,
                });
            }
        }
        if let Some(c) = self.carried[m.index()] {
            if best.is_none_or(|b| c.due < b.due) {
                best = Some(c);
            }
        }
        match best {
            Some(d) => Clock::Due(d),
            None => Clock::Negotiate,
        }
    }
}
