//! Compliance, defined once for the wall and the reports.
//!
//! Of the deadlines that fell due in a period (by the local day of the
//! deadline), the share met on time: `met ÷ (met + late + breached)`. A
//! deadline the customer waived is counted apart and left out of the rate; a
//! deadline still ahead does not count yet. Closed tickets come from the
//! desk's outcome summaries (written when a ticket closes); open ones are
//! counted from their live views as the same rows ([`settled`]), so the
//! two halves cannot disagree.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeDelta};
use chrono_tz::Tz;

use crate::sla::outcome::{settled, SettledKind, Verdict};
use crate::sla::{Level, TicketView};

/// Counts for one local day: deadlines by level and verdict, and the
/// automatic raises that happened that day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Day {
    pub deadlines: [[i64; 4]; 4],
    pub raises: i64,
}

/// Per-day counts: what the wall keeps instead of closed tickets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tallies {
    pub days: BTreeMap<NaiveDate, Day>,
}

impl Tallies {
    /// `n` may be negative: a superseded summary is taken back out.
    pub fn add(&mut self, day: NaiveDate, level: Level, verdict: Verdict, n: i64) {
        self.days.entry(day).or_default().deadlines[level.index()][verdict.index()] += n;
    }

    pub fn add_raises(&mut self, day: NaiveDate, n: i64) {
        self.days.entry(day).or_default().raises += n;
    }

    /// One settled row (`n` of them; negative takes them back out): a
    /// deadline's verdict, or an automatic raise.
    pub fn add_settled(
        &mut self,
        kind: SettledKind,
        day: NaiveDate,
        level: Level,
        verdict: Option<Verdict>,
        n: i64,
    ) {
        match (kind, verdict) {
            (SettledKind::Deadline(_), Some(v)) => self.add(day, level, v, n),
            (SettledKind::Raise, _) => self.add_raises(day, n),
            (SettledKind::Deadline(_), None) => {}
        }
    }

    /// An open ticket, counted from the same rows a closed one is stored as.
    pub fn add_view(&mut self, view: &TicketView, tz: Tz) {
        for s in settled(view, tz) {
            self.add_settled(s.kind, s.day, s.level, s.verdict, 1);
        }
    }

    /// Both sets of counts together.
    pub fn merged(&self, other: &Tallies) -> Tallies {
        let mut out = self.clone();
        for (day, d) in &other.days {
            let into = out.days.entry(*day).or_default();
            for (l, row) in d.deadlines.iter().enumerate() {
                for (v, n) in row.iter().enumerate() {
                    into.deadlines[l][v] += n;
                }
            }
            into.raises += d.raises;
        }
        out
    }

    /// Drops days before `first` (the wall keeps a rolling window).
    pub fn forget_before(&mut self, first: NaiveDate) {
        self.days = self.days.split_off(&first);
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub met: u32,
    pub late: u32,
    pub breached: u32,
    pub waived: u32,
}

impl Tally {
    /// Met on time ÷ all that counted (waived left out); `None` when
    /// nothing fell due.
    pub fn rate(&self) -> Option<f64> {
        let n = self.met + self.late + self.breached;
        (n > 0).then(|| f64::from(self.met) / f64::from(n))
    }

    /// Deadlines missed: met late or never met.
    pub fn missed(&self) -> u32 {
        self.late + self.breached
    }

    fn add_counts(&mut self, counts: &[i64; 4]) {
        let get = |v: Verdict| u32::try_from(counts[v.index()].max(0)).unwrap_or(u32::MAX);
        self.met += get(Verdict::Met);
        self.late += get(Verdict::Late);
        self.breached += get(Verdict::Breached);
        self.waived += get(Verdict::Waived);
    }

    fn add(&mut self, other: Tally) {
        self.met += other.met;
        self.late += other.late;
        self.breached += other.breached;
        self.waived += other.waived;
    }
}

/// The wall's figures: today, the last 7 days, the calendar month, the last
/// 30 days; each overall and per level.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compliance {
    pub today: (Tally, [Tally; 4]),
    pub week: (Tally, [Tally; 4]),
    pub month: (Tally, [Tally; 4]),
    pub last_30: (Tally, [Tally; 4]),
    pub raises_today: u32,
    pub raises_30: u32,
    /// Daily on-time rate, oldest first, for the last 30 days.
    pub trend: Vec<Option<f64>>,
}

/// How many days back the wall looks (the 30-day figure and the calendar
/// month both fit).
pub const WINDOW_DAYS: i64 = 31;

pub fn compliance(t: &Tallies, today: NaiveDate) -> Compliance {
    use chrono::Datelike;
    let mut c = Compliance::default();
    let month_start = today.with_day(1).unwrap_or(today);
    for age in (0..WINDOW_DAYS).rev() {
        let day = today - TimeDelta::days(age);
        let d = t.days.get(&day).copied().unwrap_or_default();
        let mut all = Tally::default();
        let mut levels = [Tally::default(); 4];
        for (l, counts) in d.deadlines.iter().enumerate() {
            levels[l].add_counts(counts);
            all.add(levels[l]);
        }
        let raises = u32::try_from(d.raises.max(0)).unwrap_or(u32::MAX);
        let into = |slot: &mut (Tally, [Tally; 4])| {
            slot.0.add(all);
            for (s, l) in slot.1.iter_mut().zip(levels) {
                s.add(l);
            }
        };
        if age == 0 {
            into(&mut c.today);
            c.raises_today += raises;
        }
        if age < 7 {
            into(&mut c.week);
        }
        if day >= month_start {
            into(&mut c.month);
        }
        if age < 30 {
            into(&mut c.last_30);
            c.raises_30 += raises;
            c.trend.push(all.rate());
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
    }

    #[test]
    fn the_rate_leaves_waived_deadlines_out_and_counts_late_ones_as_missed() {
        let mut t = Tallies::default();
        let l2 = Level::ALL[1];
        t.add(day(27), l2, Verdict::Met, 3);
        t.add(day(27), l2, Verdict::Late, 1);
        t.add(day(27), l2, Verdict::Waived, 5);
        let c = compliance(&t, day(27));
        assert_eq!(c.today.0.rate(), Some(0.75));
        assert_eq!(c.today.1[1].waived, 5);
        assert_eq!(c.today.0.missed(), 1);
    }

    #[test]
    fn the_month_starts_on_the_first_and_the_week_is_seven_days() {
        let mut t = Tallies::default();
        let l1 = Level::ALL[0];
        t.add(day(1), l1, Verdict::Met, 1);
        t.add(day(20), l1, Verdict::Breached, 1);
        t.add(day(21), l1, Verdict::Met, 1);
        t.add(
            NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default(),
            l1,
            Verdict::Met,
            1,
        );
        let c = compliance(&t, day(27));
        assert_eq!(c.week.0.met, 1, "21st–27th");
        assert_eq!(c.month.0.met + c.month.0.breached, 3, "1st–27th");
        assert_eq!(c.last_30.0.met, 3, "29 Oct – 27 Nov");
        assert_eq!(c.trend.len(), 30);
    }

    #[test]
    fn a_taken_back_summary_leaves_no_count() {
        let mut t = Tallies::default();
        let l3 = Level::ALL[2];
        t.add(day(27), l3, Verdict::Met, 1);
        t.add(day(27), l3, Verdict::Met, -1);
        t.add(day(27), l3, Verdict::Breached, 1);
        let c = compliance(&t, day(27));
        assert_eq!((c.today.0.met, c.today.0.breached), (0, 1));
    }
}
