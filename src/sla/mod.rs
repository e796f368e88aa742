//! The pure domain core: fault levels, distance zones, the working-day calendar,
//! the policy and contract rules, and the engine that turns a ticket's facts and
//! events into a [`TicketView`] at a given `now`.
//!
//! Nothing in here reads a file, the database or the clock: the same inputs give
//! the same view in every process, which is what keeps the wall board, the
//! consoles and `faultline sla` in agreement.

pub mod calendar;
pub mod contract;
pub mod engine;
pub mod level;
pub mod outcome;
pub mod plan;
pub mod policy;
pub mod zone;

pub use calendar::Calendar;
pub use engine::{
    evaluate, validate, Event, EventKind, Followup, FollowupOutcome, Opinion, TicketFacts,
    WorkOrder,
};
pub use engine::{
    Breach, Escalation, EscalationCause, MilestoneState, MilestoneView, TicketView, Waiver,
};
pub use level::{Action, Level, Milestone};
pub use policy::{ArrivalRule, Contract, Policy, RuleRef};
pub use zone::Zone;

use chrono::{DateTime, Utc};

/// Every instant inside the engine is UTC; local time only matters for
/// working-day ends, and the policy's time zone is applied there.
pub type Ts = DateTime<Utc>;

/// An instant from whole seconds since the epoch (the store's columns and
/// the engine's replay both count in them); out of range reads as the epoch.
pub fn ts(s: i64) -> Ts {
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
    match usize::try_from(day - FIRST).ok().and_then(|i| dates.get(i)) {
        Some(date) => {
            // `second` is below 86,400 by construction.
            let time = u32::try_from(second)
                .ok()
                .and_then(|s| chrono::NaiveTime::from_num_seconds_from_midnight_opt(s, 0))
                .unwrap_or(chrono::NaiveTime::MIN);
            date.and_time(time).and_utc()
        }
        None => ts_outside_table(s),
    }
}

/// Apart from the table's path: merged with it, the result went through
/// memory in pieces and every caller stalled reading it back whole.
#[cold]
#[inline(never)]
fn ts_outside_table(s: i64) -> Ts {
    chrono::DateTime::from_timestamp(s, 0).unwrap_or_default()
}

/// Errors the rules themselves can raise. Each names what is wrong and where, so
/// the edge can print it as the one line a user sees.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SlaError {
    #[error("{}", crate::msg::input::missing_calendar_year(.calendar, *.year))]
    MissingCalendarYear { calendar: String, year: i32 },
    #[error("{}", crate::msg::input::no_such_level(*.0))]
    BadLevel(i64),
    #[error("{0}")]
    Invalid(String),
    #[error("{file}: {message}")]
    BadRules { file: String, message: String },
}
