//! Preventive service (section 6: 巡检, patches, upgrades, training, health
//! checks): how often a plan recurs and when each of its jobs falls due.
//!
//! A *fixed* plan keeps its calendar: job `k` is due `k` intervals after the
//! first date, counted from the first date each time (so a monthly plan
//! started on the 31st stays at month ends, not drifting to the 28th). A
//! *floating* plan counts from when the last job was done. Either way a due
//! date on a day off moves to the next working day. Jobs never raise a level
//! and are not in the SLA figures.

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

use super::calendar::Calendar;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum PlanKind {
    Inspection,
    Patch,
    Upgrade,
    Training,
    HealthCheck,
}

impl PlanKind {
    /// Derived from the variant (`strum`, snake case), as serde spells it.
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn from_name(s: &str) -> Option<PlanKind> {
        s.parse().ok()
    }
}

/// How often a plan recurs: `10d`, `1w`, `3mo`, `1y` (one unit, 1 to 99).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    Days(u32),
    Weeks(u32),
    Months(u32),
    Years(u32),
}

impl Every {
    pub fn parse(s: &str) -> Option<Every> {
        let s = s.trim();
        let split = s.find(|c: char| !c.is_ascii_digit())?;
        let (n, unit) = s.split_at(split);
        let n: u32 = n.parse().ok().filter(|n| (1..=99).contains(n))?;
        match unit {
            "d" => Some(Every::Days(n)),
            "w" => Some(Every::Weeks(n)),
            "mo" => Some(Every::Months(n)),
            "y" => Some(Every::Years(n)),
            _ => None,
        }
    }

    /// `times` intervals after `from` (`None` past the calendar's range).
    pub fn after(self, from: NaiveDate, times: u32) -> Option<NaiveDate> {
        match self {
            Every::Days(n) => from.checked_add_days(Days::new(u64::from(n) * u64::from(times))),
            Every::Weeks(n) => {
                from.checked_add_days(Days::new(7 * u64::from(n) * u64::from(times)))
            }
            Every::Months(n) => from.checked_add_months(Months::new(n.checked_mul(times)?)),
            Every::Years(n) => {
                from.checked_add_months(Months::new(n.checked_mul(times)?.checked_mul(12)?))
            }
        }
    }
}

impl std::fmt::Display for Every {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Every::Days(n) => write!(f, "{n}d"),
            Every::Weeks(n) => write!(f, "{n}w"),
            Every::Months(n) => write!(f, "{n}mo"),
            Every::Years(n) => write!(f, "{n}y"),
        }
    }
}

/// The day a job is due: `nominal`, or the next working day when that is a
/// day off (a year without a calendar counts Monday–Friday).
pub fn due_day(calendar: &Calendar, nominal: NaiveDate) -> NaiveDate {
    calendar
        .working_day_after(nominal, 0)
        .map_or(nominal, |r| r.value)
}

/// The next job of a plan to create, as (sequence number, nominal date):
/// `last` is the plan's highest job so far (its sequence number and, for a
/// floating plan, the day it was done). `None`: nothing to create yet (a
/// floating plan waits for its open job).
pub fn next_job(
    first: NaiveDate,
    every: Every,
    floating: bool,
    last: Option<(u32, Option<NaiveDate>)>,
) -> Option<(u32, NaiveDate)> {
    match (last, floating) {
        (None, _) => Some((0, first)),
        (Some((seq, _)), false) => Some((seq + 1, every.after(first, seq + 1)?)),
        (Some((seq, Some(done))), true) => Some((seq + 1, every.after(done, 1)?)),
        (Some((_, None)), true) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn intervals_are_one_unit_from_one_to_ninety_nine() {
        assert_eq!(Every::parse("3mo"), Some(Every::Months(3)));
        assert_eq!(Every::parse("1w"), Some(Every::Weeks(1)));
        assert_eq!(Every::parse("10d"), Some(Every::Days(10)));
        assert_eq!(Every::parse("1y"), Some(Every::Years(1)));
        for bad in ["", "mo", "3", "0w", "100d", "3m", "1w2d", "-1w", "1.5mo"] {
            assert_eq!(Every::parse(bad), None, "{bad}");
        }
        assert_eq!(Every::Months(3).to_string(), "3mo");
    }

    #[test]
    fn a_fixed_monthly_plan_from_the_31st_keeps_to_month_ends() {
        let first = d("2026-01-31");
        let every = Every::Months(1);
        let mut last = None;
        let mut days = Vec::new();
        for _ in 0..3 {
            let (seq, day) = next_job(first, every, false, last).unwrap();
            days.push(day);
            last = Some((seq, None));
        }
        assert_eq!(days, [d("2026-01-31"), d("2026-02-28"), d("2026-03-31")]);
    }

    #[test]
    fn a_floating_plan_counts_from_the_last_completion_and_waits_for_it() {
        let first = d("2026-11-02");
        let every = Every::Weeks(2);
        assert_eq!(next_job(first, every, true, None), Some((0, first)));
        assert_eq!(next_job(first, every, true, Some((0, None))), None);
        assert_eq!(
            next_job(first, every, true, Some((0, Some(d("2026-11-05"))))),
            Some((1, d("2026-11-19")))
        );
    }

    #[test]
    fn a_job_due_on_a_day_off_moves_to_the_next_working_day() {
        let cal = crate::config::Rules::builtin().unwrap().calendar;
        // 2026-10-01 is National Day; the holiday runs to 10-07 (a Wednesday).
        assert_eq!(due_day(&cal, d("2026-10-01")), d("2026-10-08"));
        // A Saturday moves to Monday; a Tuesday stays.
        assert_eq!(due_day(&cal, d("2026-11-28")), d("2026-11-30"));
        assert_eq!(due_day(&cal, d("2026-12-01")), d("2026-12-01"));
    }
}
