//! The pure domain core: fault levels, distance zones, the working-day calendar,
//! the policy and contract rules, and the engine that turns a ticket's facts and
//! events into a [`TicketView`] at a given `now`.
//!
//! Nothing in here reads a file, the database or the clock: the same inputs give
//! the same view in every process, which is what keeps the wall board, the
//! consoles and `faultline sla` in agreement.

pub mod calendar;
pub mod engine;
pub mod level;
pub mod outcome;
pub mod policy;
pub mod zone;

pub use calendar::Calendar;
pub use engine::{evaluate, validate, Event, EventKind, TicketFacts};
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

/// Errors the rules themselves can raise. Each names what is wrong and where, so
/// the edge can print it as the one line a user sees.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SlaError {
    #[error("no holiday calendar for {year} ({calendar}): add calendar/{calendar}/{year}.json to the config folder")]
    MissingCalendarYear { calendar: String, year: i32 },
    #[error("level {0} does not exist (levels are 1 to 4)")]
    BadLevel(i64),
    #[error("{0}")]
    Invalid(String),
    #[error("{file}: {message}")]
    BadRules { file: String, message: String },
}
