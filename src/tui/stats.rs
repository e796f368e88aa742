//! SLA compliance for the wall: milestones met on time vs breached, by the
//! local day of their deadline, per level; raises and waivers counted.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeDelta};
use chrono_tz::Tz;

use super::data::Data;
use crate::sla::{MilestoneState, Ts};

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    pub met: u32,
    pub breached: u32,
}

impl Tally {
    /// Share met on time, `None` when nothing was due.
    pub fn rate(&self) -> Option<f64> {
        let n = self.met + self.breached;
        (n > 0).then(|| f64::from(self.met) / f64::from(n))
    }

    fn add(&mut self, other: Tally) {
        self.met += other.met;
        self.breached += other.breached;
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compliance {
    /// Today, last 7 days, last 30 days; each overall and per level.
    pub today: (Tally, [Tally; 4]),
    pub week: (Tally, [Tally; 4]),
    pub month: (Tally, [Tally; 4]),
    pub raises_today: u32,
    pub waivers_today: u32,
    pub raises_month: u32,
    pub waivers_month: u32,
    /// Daily on-time rate, oldest first, for the last 30 days.
    pub trend: Vec<Option<f64>>,
}

/// Decided: a milestone counts on the day its deadline falls. A deadline
/// still ahead does not count yet; one passed and unmet counts as breached.
pub fn compliance(data: &Data, now: Ts, tz: Tz) -> Compliance {
    let today = now.with_timezone(&tz).date_naive();
    let day_of = |t: Ts| t.with_timezone(&tz).date_naive();
    let mut by_day: HashMap<NaiveDate, [Tally; 4]> = HashMap::new();
    let mut c = Compliance::default();
    for r in data.all_rows() {
        let Some(v) = r.ok() else { continue };
        let li = v.level.index();
        for m in &v.milestones {
            let Some(due) = m.due else { continue };
            let counted = match m.state {
                MilestoneState::Met => Some(false),
                MilestoneState::MetLate | MilestoneState::Overdue => Some(true),
                MilestoneState::Skipped if m.breached => Some(true),
                _ => None,
            };
            let Some(breached) = counted else { continue };
            let day = day_of(due);
            if (today - day).num_days() > 30 || day > today {
                continue;
            }
            let t = &mut by_day.entry(day).or_default()[li];
            if breached {
                t.breached += 1;
            } else {
                t.met += 1;
            }
        }
        for e in v.escalations.iter().filter(|e| e.is_automatic()) {
            let age = (today - day_of(e.at)).num_days();
            c.raises_today += u32::from(age == 0);
            c.raises_month += u32::from((0..30).contains(&age));
        }
        for w in &v.waivers {
            let age = (today - day_of(w.at)).num_days();
            c.waivers_today += u32::from(age == 0);
            c.waivers_month += u32::from((0..30).contains(&age));
        }
    }
    for age in (0..30).rev() {
        let day = today - TimeDelta::days(age);
        let levels = by_day.get(&day).copied().unwrap_or_default();
        let mut all = Tally::default();
        for (i, t) in levels.iter().enumerate() {
            all.add(*t);
            if age == 0 {
                c.today.1[i].add(*t);
            }
            if age < 7 {
                c.week.1[i].add(*t);
            }
            c.month.1[i].add(*t);
        }
        if age == 0 {
            c.today.0.add(all);
        }
        if age < 7 {
            c.week.0.add(all);
        }
        c.month.0.add(all);
        c.trend.push(all.rate());
    }
    c
}

/// `▁▂▃▅▇` from rates; a day with nothing due is a space.
pub fn sparkline(trend: &[Option<f64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    trend
        .iter()
        .map(|r| r.map_or(' ', |r| BARS[((r.clamp(0.0, 1.0) * 7.0).round()) as usize]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testing::{demo, now};

    #[test]
    fn the_demo_day_counts_met_and_breached_milestones() {
        let desk = demo();
        let c = compliance(&desk.data, now(), chrono_tz::Asia::Shanghai);
        assert!(c.today.0.met > 10, "{:?}", c.today);
        assert!(c.today.0.breached >= 3, "{:?}", c.today);
        assert_eq!(c.raises_today, 1, "快照任务失败 was raised 3→2 today");
        assert_eq!(c.trend.len(), 30);
        let rate = c.today.0.rate().unwrap();
        assert!((0.0..=1.0).contains(&rate));
    }

    #[test]
    fn sparkline_maps_rates_to_bars() {
        assert_eq!(sparkline(&[Some(0.0), Some(1.0), None, Some(0.5)]), "▁█ ▅");
    }
}
