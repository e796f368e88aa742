//! `evaluate(ticket facts + events, rules, now) -> TicketView`.
//!
//! The engine replays a ticket's events in time order and, between events,
//! lets deadlines pass: a restoration deadline that passes unrestored raises
//! the level *at the deadline itself* (section 4), so the history is the same
//! whichever process evaluates it and whenever. Only events at or before `now`
//! count, so evaluating at an earlier `--now` replays the past faithfully.

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use super::calendar::{earliest_working_days_end, Calendar, CalendarGap, Reckoned};
use super::level::{Action, Level, Milestone};
use super::policy::{After, ArrivalRule, Condition, Contract, Policy, RuleRef, TermStart};
use super::zone::Zone;
use super::{SlaError, Ts};

/// What happened to a ticket. Variant order is the tie-break for events with
/// the same time (a response before an arrival before a restoration …), so
/// the view depends only on event times, never on insertion order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    OnsiteRequired,
    Responded,
    ExpertEngaged,
    ProcessStarted,
    DirectorEngaged,
    Negotiated {
        deadline: Ts,
    },
    Assigned {
        engineer: String,
    },
    Unassigned {
        engineer: String,
    },
    Arrived,
    HardwareWait,
    HardwareReady,
    SetLevel {
        level: Level,
        reason: String,
    },
    Waived {
        agreed_by: String,
        reason: String,
    },
    Restored,
    Closed,
    /// The audit record of a derived automatic raise; the engine derives raises
    /// itself and ignores these. `cause`: the event whose write made the
    /// engine derive it (a back-dated entry), or none when a deadline passed.
    Raised {
        from: Level,
        to: Level,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cause: Option<i64>,
    },
    Note,
    /// Section 7: a correction. The voided entry stays in the log; the engine
    /// no longer sees it.
    Void {
        event: i64,
        reason: String,
    },
    /// A recorded raise that the current log no longer derives (a back-dated
    /// or voided entry changed the history), appended, never deleted.
    RaiseRetracted {
        from: Level,
        to: Level,
        due: Ts,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cause: Option<i64>,
    },
}

impl EventKind {
    /// The events without a payload, in the order users are offered them.
    pub const PLAIN: [EventKind; 11] = [
        EventKind::Responded,
        EventKind::ExpertEngaged,
        EventKind::ProcessStarted,
        EventKind::DirectorEngaged,
        EventKind::OnsiteRequired,
        EventKind::Arrived,
        EventKind::HardwareWait,
        EventKind::HardwareReady,
        EventKind::Restored,
        EventKind::Closed,
        EventKind::Note,
    ];

    /// A payload-free event by the name users type (`ticket log ID arrived`).
    pub fn plain(name: &str) -> Option<EventKind> {
        EventKind::PLAIN.into_iter().find(|k| k.name() == name)
    }

    pub fn name(&self) -> &'static str {
        match self {
            EventKind::OnsiteRequired => "onsite_required",
            EventKind::Responded => "responded",
            EventKind::ExpertEngaged => "expert_engaged",
            EventKind::ProcessStarted => "process_started",
            EventKind::DirectorEngaged => "director_engaged",
            EventKind::Negotiated { .. } => "negotiated",
            EventKind::Assigned { .. } => "assigned",
            EventKind::Unassigned { .. } => "unassigned",
            EventKind::Arrived => "arrived",
            EventKind::HardwareWait => "hardware_wait",
            EventKind::HardwareReady => "hardware_ready",
            EventKind::SetLevel { .. } => "set_level",
            EventKind::Waived { .. } => "waive",
            EventKind::Restored => "restored",
            EventKind::Closed => "closed",
            EventKind::Raised { .. } => "raised",
            EventKind::Note => "note",
            EventKind::Void { .. } => "void",
            EventKind::RaiseRetracted { .. } => "raise_retracted",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Event {
    pub at: Ts,
    pub kind: EventKind,
}

/// The facts of a ticket that do not change through events.
#[derive(Debug, Clone, Copy)]
pub struct TicketFacts<'a> {
    pub reported_at: Ts,
    pub level: Level,
    /// Marked for on-site service when opened (`onsite_required` can add it later).
    pub onsite: bool,
    pub distance_km: f64,
    pub in_province: bool,
    pub contract: Option<&'a Contract>,
}

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

#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneView {
    pub milestone: Milestone,
    /// Length of the window from clock start to deadline, seconds (kept as a
    /// length, not an instant: building views is the engine's hot path).
    pub window_seconds: Option<i64>,
    pub due: Option<Ts>,
    pub met_at: Option<Ts>,
    pub breached: bool,
    pub rule: Option<RuleRef>,
    pub state: MilestoneState,
    /// The calendar year this deadline had to assume Monday–Friday for
    /// (section 3: provisional until that year's file is added).
    pub provisional: Option<i32>,
}

impl MilestoneView {
    /// Share of the window still left at `now` (1.0 just started, 0 at the
    /// deadline, negative past it): what the queues colour by.
    pub fn share_left(&self, now: Ts) -> Option<f64> {
        let (window, due) = (self.window_seconds?, self.due?);
        (window > 0).then(|| (due - now).num_seconds() as f64 / window as f64)
    }

    /// When this milestone's clock started.
    pub fn start(&self) -> Option<Ts> {
        Some(self.due? - chrono::TimeDelta::seconds(self.window_seconds?))
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breach {
    pub milestone: Milestone,
    pub due: Ts,
    /// Met late at this time, or `None` while (or when it stopped being) open.
    pub met_at: Option<Ts>,
    pub waived: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RequiredAction {
    pub action: Action,
    pub at: Ts,
    /// As for milestones: the year a working-day trigger had to guess.
    pub provisional: Option<i32>,
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
    pub escalations: Vec<Escalation>,
    pub waivers: Vec<Waiver>,
    pub breaches: Vec<Breach>,
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
    /// Deadlines that could not be computed at all, one line each.
    pub problems: Vec<String>,
}

impl TicketView {
    pub fn next_milestone(&self) -> Option<&MilestoneView> {
        self.next.and_then(|i| self.milestones.get(i))
    }

    pub fn next_deadline(&self) -> Option<Ts> {
        self.next_milestone().and_then(|m| m.due)
    }

    /// Seconds from `now` to the next deadline (negative once it passed).
    pub fn remaining_seconds(&self, now: Ts) -> Option<i64> {
        self.next_deadline().map(|d| (d - now).num_seconds())
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

    /// The first calendar year a shown deadline had to guess, if any.
    pub fn provisional(&self) -> Option<i32> {
        self.milestones
            .iter()
            .filter_map(|m| m.provisional)
            .chain(self.actions.iter().filter_map(|a| a.provisional))
            .min()
    }
}

/// Instants inside the replay are whole seconds since the epoch: chrono's
/// `DateTime + TimeDelta` was most of the engine's cost, and the contract's
/// resolution is minutes. Views are converted back to [`Ts`] at the edge.
type Secs = i64;

fn ts(s: Secs) -> Ts {
    /// 2000-01-01, in days since the epoch.
    const FIRST: i64 = 10_957;
    /// Through 2099: this century's dates, 146 KB built once.
    const DAYS: i64 = 36_525;
    /// Turning a day number into a date is most of chrono's conversion, and
    /// a replay converts every deadline it shows.
    static DATES: std::sync::OnceLock<Vec<chrono::NaiveDate>> = std::sync::OnceLock::new();
    let (day, second) = (s.div_euclid(86_400), s.rem_euclid(86_400));
    let dates = DATES.get_or_init(|| {
        (FIRST..FIRST + DAYS)
            .filter_map(|d| chrono::DateTime::from_timestamp(d * 86_400, 0))
            .map(|t| t.date_naive())
            .collect()
    });
    let date = usize::try_from(day - FIRST).ok().and_then(|i| dates.get(i));
    // `second` is below 86,400 by construction.
    let time = u32::try_from(second)
        .ok()
        .and_then(|s| chrono::NaiveTime::from_num_seconds_from_midnight_opt(s, 0));
    match (date, time) {
        (Some(date), Some(time)) => date.and_time(time).and_utc(),
        _ => chrono::DateTime::from_timestamp(s, 0).unwrap_or_default(),
    }
}

/// A running deadline: when its clock started, when it falls due, the rule
/// that set it, and the calendar year it had to guess (provisional; a year
/// fits 16 bits, and clocks are copied on the engine's hot path).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Due {
    start: Secs,
    due: Secs,
    rule: RuleRef,
    provisional: Option<u16>,
}

fn year16(y: Option<i32>) -> Option<u16> {
    y.and_then(|y| u16::try_from(y).ok())
}

/// A milestone's clock at one moment of the replay.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Clock {
    Absent,
    NotStarted,
    Paused,
    Negotiate,
    Due(Due),
    /// The deadline cannot be computed (a pathological calendar): this
    /// milestone says so; the rest of the ticket is unaffected.
    Failed(CalendarGap),
}

#[derive(Debug, Clone, Copy)]
struct Met {
    at: Secs,
    due: Option<Due>,
}

/// Contract-trigger bookkeeping, one per trigger of the contract (any
/// number): when it fires (computed lazily: a working-day walk is costly)
/// and whether it has.
#[derive(Debug, Clone, Copy, Default)]
struct Trigger {
    at: Option<Reckoned<Secs>>,
    done: bool,
}

/// A breach as the replay keeps it: (milestone, due, met at, waived), in
/// seconds; [`Breach`] once the view is built.
type BreachSecs = (Milestone, Secs, Option<Secs>, bool);

/// A working-day deadline as computed (or why it could not be).
type Reckoning = Result<Reckoned<Secs>, CalendarGap>;

/// Memoized computations of the replay.
struct Memo {
    /// The last working-day arrival deadline, by (clock start, level): the
    /// calendar walk and time-zone conversion are the engine's costliest steps.
    arrival: std::cell::Cell<Option<(Secs, Level, Reckoning)>>,
    /// Bumped on every state change; clocks computed at the same generation
    /// are reused (the replay asks for the restoration clock before every event).
    generation: u32,
    /// (generation, earliest moment a deadline or trigger could fire).
    horizon: Option<(u32, Secs)>,
    /// The running restoration window (start, due) and the generation it
    /// was computed at: the replay asks for it before every event. Whole
    /// clocks are not cached: storing one cost more than recomputing it.
    restoration: std::cell::Cell<Option<(Secs, Secs)>>,
    restoration_generation: std::cell::Cell<u32>,
}

/// The replay state.
struct Sim<'a> {
    facts: &'a TicketFacts<'a>,
    policy: &'a Policy,
    calendar: &'a Calendar,
    zone: Option<Zone>,
    level: Level,
    level_since: Secs,
    reported: Secs,
    onsite: bool,
    responded: Option<Secs>,
    arrived: Option<Secs>,
    hw_waiting: bool,
    hw_ready: Option<Secs>,
    /// Zone 9: (when it was agreed, the agreed deadline).
    negotiated: Option<(Secs, Secs)>,
    met: [Option<Met>; 6],
    /// Section 4: "a raise never gives more time". A deadline still ahead
    /// when the level was raised caps the new level's window.
    carried: [Option<Due>; 6],
    restored: Option<Secs>,
    closed: Option<Secs>,
    /// Start of the restoration window a waiver covers.
    waived_window: Option<Secs>,
    /// Start of the restoration window whose breach has been handled.
    handled_window: Option<Secs>,
    /// Inline: contracts carry a handful of triggers, and a replay allocates
    /// nothing it can avoid (allocation was a fifth of the engine's cost).
    triggers: smallvec::SmallVec<[Trigger; 4]>,
    memo: Memo,
    escalations: Vec<Escalation>,
    waivers: Vec<Waiver>,
    /// (milestone, due, met_at, waived) in seconds; converted in `view`.
    breaches: smallvec::SmallVec<[BreachSecs; 4]>,
    actions: Vec<RequiredAction>,
    problems: Vec<String>,
    /// While `view` builds: each shown milestone's unmet deadline, by its
    /// index in the view.
    view_dues: [Option<Secs>; 6],
}

impl<'a> Sim<'a> {
    fn new(facts: &'a TicketFacts<'a>, policy: &'a Policy, calendar: &'a Calendar) -> Sim<'a> {
        let n = facts.contract.map_or(0, |c| c.triggers.len());
        Sim {
            facts,
            policy,
            calendar,
            zone: policy.zone_for(facts.distance_km),
            level: facts.level,
            level_since: facts.reported_at.timestamp(),
            reported: facts.reported_at.timestamp(),
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
                generation: 1,
                horizon: None,
                restoration: std::cell::Cell::new(None),
                restoration_generation: std::cell::Cell::new(0),
            },
            escalations: Vec::new(),
            waivers: Vec::new(),
            breaches: smallvec::SmallVec::new(),
            actions: Vec::new(),
            problems: Vec::new(),
            view_dues: [None; 6],
        }
    }

    fn ended(&self) -> Option<Secs> {
        match (self.restored, self.closed) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn touch(&mut self) {
        // Generation 0 marks a clock never computed.
        self.memo.generation = self.memo.generation.wrapping_add(1).max(1);
    }

    /// The running restoration window as (start, due).
    fn restoration(&self) -> Option<(Secs, Secs)> {
        if self.memo.restoration_generation.get() == self.memo.generation {
            return self.memo.restoration.get();
        }
        let window = self.due(Milestone::Restoration).map(|d| (d.start, d.due));
        self.memo.restoration.set(window);
        self.memo.restoration_generation.set(self.memo.generation);
        window
    }

    fn due(&self, m: Milestone) -> Option<Due> {
        match self.clock(m) {
            Clock::Due(d) => Some(d),
            _ => None,
        }
    }

    /// The working-day arrival deadline from `start` at the current level.
    fn working_day_arrival(&self, start: Secs, n: u32) -> Reckoning {
        if let Some((s, l, due)) = self.memo.arrival.get() {
            if s == start && l == self.level {
                return due;
            }
        }
        let due = self
            .calendar
            .nth_working_day_end(
                ts(start),
                n,
                self.policy.working_day_end,
                &self.policy.local,
            )
            .map(|r| Reckoned {
                value: r.value.timestamp(),
                missing_year: r.missing_year,
            });
        self.memo.arrival.set(Some((start, self.level, due)));
        due
    }

    /// Sections 2–5: the standard (or negotiated) window of the current
    /// level, the contract terms still ahead of that window's start, and the
    /// deadline carried over a raise; the earliest binds.
    fn clock(&self, m: Milestone) -> Clock {
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
                    Some((zone, ArrivalRule::Elapsed(w))) => (
                        start,
                        Some(Due {
                            start,
                            due: start + w.num_seconds(),
                            rule: RuleRef::Standard { zone: Some(zone) },
                            provisional: None,
                        }),
                    ),
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
                    .max(self.level_since);
                (
                    start,
                    Some(Due {
                        start,
                        due: start + window.num_seconds(),
                        rule: RuleRef::Standard { zone: None },
                        provisional: None,
                    }),
                )
            }
            _ => {
                let Some(window) = lp.windows[m.index()] else {
                    return Clock::Absent;
                };
                let start = self.level_since;
                (
                    start,
                    Some(Due {
                        start,
                        due: start + window.num_seconds(),
                        rule: RuleRef::Standard { zone: None },
                        provisional: None,
                    }),
                )
            }
        };
        let mut best = standard;
        if let Some(contract) = self.facts.contract {
            for (i, term) in contract.deadlines.iter().enumerate() {
                let applies = match term.when {
                    Condition::Always => true,
                    Condition::InProvince => self.facts.in_province,
                    Condition::Onsite => self.onsite,
                };
                if term.milestone != m || !applies {
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

    fn meet(&mut self, m: Milestone, at: Secs) {
        if self.met[m.index()].is_some() {
            return;
        }
        let due = self.due(m);
        if let Some(d) = due.filter(|d| at > d.due) {
            self.record_breach(m, d.due, Some(at), false);
        }
        self.met[m.index()] = Some(Met { at, due });
    }

    fn record_breach(
        &mut self,
        milestone: Milestone,
        due: Secs,
        met_at: Option<Secs>,
        waived: bool,
    ) {
        if let Some(b) = self
            .breaches
            .iter_mut()
            .find(|b| b.0 == milestone && b.1 == due)
        {
            b.2 = b.2.or(met_at);
            return;
        }
        self.breaches.push((milestone, due, met_at, waived));
    }

    /// Section 4, at a level change at `at`: deadlines that passed unmet stay
    /// on record; on a raise, a deadline still ahead is carried (the new
    /// window never gives more time) unless it is the breach that caused an
    /// automatic raise, which gets the new window.
    fn change_level(&mut self, at: Secs, to: Level, cause: EscalationCause) {
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

    /// When contract trigger `i` fires. Cached: it depends only on `reported_at`.
    fn trigger_at(&mut self, contract: &Contract, i: usize) -> Result<Reckoned<Secs>, CalendarGap> {
        if let Some(t) = self.triggers.get(i).and_then(|t| t.at) {
            return Ok(t);
        }
        let reported = self.facts.reported_at;
        let t = match contract.triggers[i].after {
            After::Elapsed(d) => Reckoned {
                value: (reported + d).timestamp(),
                missing_year: None,
            },
            After::WorkingDays(n) => {
                let r = self.calendar.working_days_end(
                    reported,
                    n,
                    self.policy.working_day_end,
                    &self.policy.local,
                )?;
                Reckoned {
                    value: r.value.timestamp(),
                    missing_year: r.missing_year,
                }
            }
        };
        if let Some(slot) = self.triggers.get_mut(i) {
            slot.at = Some(t);
        }
        Ok(t)
    }

    /// No trigger fires before this: N working days end at least N-1 whole
    /// days after the report. Lets the replay skip the calendar walk until then.
    fn trigger_not_before(&self, contract: &Contract, i: usize) -> Secs {
        let reported = self.reported;
        match contract.triggers[i].after {
            After::Elapsed(d) => reported + d.num_seconds(),
            After::WorkingDays(n) => reported + (i64::from(n) - 1) * 86_400,
        }
    }

    /// Lets every deadline strictly before `t` pass: restoration breaches
    /// (raise, level-1 actions, or a waived breach) and contract triggers, in
    /// time order, each exactly once.
    fn advance_to(&mut self, t: Secs) {
        // Nothing can fire before the horizon computed at this generation:
        // most events (notes, responses, assignments) end here.
        if let Some((generation, horizon)) = self.memo.horizon {
            if generation == self.memo.generation && t <= horizon {
                return;
            }
        }
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
            let mut next: Option<(Secs, Next)> = None;
            if let Some((start, due)) = self.restoration() {
                if self.handled_window != Some(start)
                    && self.met[Milestone::Restoration.index()].is_none()
                {
                    next = Some((due, Next::Restoration));
                }
            }
            if let Some(contract) = self.facts.contract {
                for i in 0..contract.triggers.len() {
                    if self.triggers[i].done {
                        continue;
                    }
                    let fires = match self.triggers[i].at {
                        Some(r) => r,
                        None => {
                            let bound = self.trigger_not_before(contract, i);
                            if bound >= t {
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
                    let horizon = other.map_or(Secs::MAX, |(at, _)| at);
                    self.memo.horizon = Some((self.memo.generation, horizon));
                    return;
                }
            }
        }
    }

    /// Section 4: the raise happens at the breached deadline itself. A waiver
    /// covers the raise only: level-1 actions are required all the same.
    fn restoration_breached(&mut self, due: Secs) {
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

    fn require(&mut self, action: Action, at: Secs, provisional: Option<i32>) {
        if !self.actions.iter().any(|a| a.action == action) {
            self.actions.push(RequiredAction {
                action,
                at: ts(at),
                provisional,
            });
        }
    }

    fn apply(&mut self, e: &Event, t: Secs) {
        if self.closed.is_some() {
            return;
        }
        // Clocks depend on level, on-site flag, response, arrival, hardware
        // and negotiation; only events that touch those invalidate them.
        let moves_clocks = matches!(
            e.kind,
            EventKind::OnsiteRequired
                | EventKind::Responded
                | EventKind::Arrived
                | EventKind::HardwareWait
                | EventKind::HardwareReady
                | EventKind::Negotiated { .. }
                | EventKind::SetLevel { .. }
        );
        if moves_clocks {
            self.touch();
        }
        self.apply_inner(e, t);
        if moves_clocks {
            self.touch();
        }
    }

    fn apply_inner(&mut self, e: &Event, t: Secs) {
        let restoration = Milestone::Restoration.index();
        match &e.kind {
            EventKind::Responded => {
                self.responded.get_or_insert(t);
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
                }
            }
            EventKind::Arrived => {
                if self.onsite {
                    self.meet(Milestone::OnsiteArrival, t);
                    self.arrived.get_or_insert(t);
                }
            }
            EventKind::HardwareWait => self.hw_waiting = true,
            EventKind::HardwareReady => {
                if self.hw_waiting {
                    self.hw_waiting = false;
                    self.hw_ready = Some(t);
                    // A fresh full window (section 2), not capped by the old one.
                    self.carried[restoration] = None;
                }
            }
            EventKind::Restored => {
                if self.restored.is_none() {
                    self.meet(Milestone::Restoration, t);
                    self.restored = Some(t);
                }
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
            EventKind::Assigned { .. }
            | EventKind::Unassigned { .. }
            | EventKind::Raised { .. }
            | EventKind::RaiseRetracted { .. }
            | EventKind::Void { .. }
            | EventKind::Note => {}
        }
    }

    fn run<'e>(&mut self, events: impl Iterator<Item = &'e Event>, until: Secs) {
        for e in events {
            let at = e.at.timestamp();
            if at > until {
                break;
            }
            self.advance_to(at);
            self.apply(e, at);
        }
        self.advance_to(until)
    }

    fn view(mut self, now: Secs) -> TicketView {
        let ended = self.ended();
        let mut milestones = smallvec::SmallVec::new();
        self.view_dues = [None; 6];
        for m in Milestone::ALL {
            if !self.policy.has(self.level, m, self.onsite) {
                continue;
            }
            let mv = if let Some(met) = self.met[m.index()] {
                let late = met.due.is_some_and(|d| met.at > d.due);
                MilestoneView {
                    milestone: m,
                    window_seconds: met.due.map(|d| d.due - d.start),
                    due: met.due.map(|d| ts(d.due)),
                    met_at: Some(ts(met.at)),
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
                if let Some(slot) = self.view_dues.get_mut(milestones.len()) {
                    *slot = due.map(|d| d.due);
                }
                MilestoneView {
                    milestone: m,
                    window_seconds: due.map(|d| d.due - d.start),
                    due: due.map(|d| ts(d.due)),
                    met_at: None,
                    breached,
                    rule: due.map(|d| d.rule),
                    state,
                    provisional: due.and_then(|d| d.provisional).map(i32::from),
                }
            };
            milestones.push(mv);
        }
        // From the replay's seconds, not back from the views' instants.
        let unmet = self
            .view_dues
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
            Some(_) => None,
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
        TicketView {
            level: self.level,
            zone: self.zone,
            onsite: self.onsite,
            milestones,
            escalations: self.escalations,
            waivers: self.waivers,
            breaches: self
                .breaches
                .iter()
                .map(|&(milestone, due, met_at, waived)| Breach {
                    milestone,
                    due: ts(due),
                    met_at: met_at.map(ts),
                    waived,
                })
                .collect(),
            actions: self.actions,
            next,
            changes_at,
            restored_at: self.restored.map(ts),
            closed_at: self.closed.map(ts),
            hardware_wait: self.hw_waiting,
            problems: self.problems,
        }
    }
}

fn replay<'a>(
    facts: &'a TicketFacts<'a>,
    events: &'a [Event],
    policy: &'a Policy,
    calendar: &'a Calendar,
    until: Secs,
) -> Sim<'a> {
    let mut sim = Sim::new(facts, policy, calendar);
    if events.windows(2).all(|w| w[0] <= w[1]) {
        sim.run(events.iter(), until);
    } else {
        let mut sorted: Vec<&Event> = events.iter().collect();
        sorted.sort();
        sim.run(sorted.into_iter(), until);
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
            | EventKind::Restored
            | EventKind::Closed
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
    )
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
    let sim = replay(facts, events, policy, calendar, new.at.timestamp());
    if let Some(closed) = sim.closed {
        return no(format!(
            "the ticket was closed at {}",
            policy.local_minute(ts(closed))
        ));
    }
    let met = |m: Milestone| sim.met[m.index()].map(|x| x.at);
    let has = |m: Milestone| policy.has(sim.level, m, true);
    let already =
        |what: &str, at: Secs| no(format!("{what} already at {}", policy.local_minute(ts(at))));
    let restored = sim.restored;
    if let (Some(at), false) = (
        restored,
        matches!(
            new.kind,
            EventKind::Closed
                | EventKind::Note
                | EventKind::Assigned { .. }
                | EventKind::Unassigned { .. }
        ),
    ) {
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

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
