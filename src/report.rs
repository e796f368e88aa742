//! `faultline report`: what the desk promised and what it did, over whole
//! days, grouped, for the customer's monthly review.
//!
//! One definition of compliance with the wall (`compliance`): each deadline
//! counts on the local day it fell due, with the verdict
//! [`settled`](crate::sla::outcome::settled) gives it (the rows a closed
//! ticket's summary stores), and the on-time rate is
//! [`Tally::rate`](crate::compliance::Tally::rate): met on time ÷ (met,
//! late and breached together), waived deadlines counted apart. Time to respond, arrive and
//! restore run from the report to the milestone being met, for milestones
//! that fell due in the period. Raises, waivers, late-recorded entries and
//! follow-up ratings count by their own time in the period. A ticket counts
//! in a group when one of its deadlines, or one of those records, falls in
//! the period.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

use crate::compliance::Tally;
use crate::sla::outcome::{settled, SettledKind, Verdict};
use crate::sla::{EventKind, Milestone, TicketView, Ts};
use crate::store::{Site, Ticket};

/// What a report groups by.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString, strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
pub enum GroupBy {
    Level,
    Zone,
    Milestone,
    Engineer,
    Customer,
    Contract,
}

impl GroupBy {
    /// Derived from the variant (`strum`, snake case).
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn from_name(s: &str) -> Option<GroupBy> {
        s.parse().ok()
    }
}

/// Durations in seconds: nearest-rank percentiles, so each figure is one
/// a ticket actually took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Spread {
    pub n: usize,
    pub p50: Option<i64>,
    pub p90: Option<i64>,
    pub max: Option<i64>,
}

impl Spread {
    pub fn of(mut xs: Vec<i64>) -> Spread {
        xs.sort_unstable();
        let rank = |p: f64| {
            let k = ((p * xs.len() as f64).ceil() as usize).clamp(1, xs.len().max(1));
            xs.get(k - 1).copied()
        };
        Spread {
            n: xs.len(),
            p50: rank(0.5),
            p90: rank(0.9),
            max: xs.last().copied(),
        }
    }
}

/// One group's figures.
#[derive(Debug, Clone, Default)]
pub struct Group {
    pub tickets: BTreeSet<crate::store::TicketId>,
    /// Per milestone; `all` sums them.
    pub milestones: BTreeMap<Milestone, Tally>,
    pub all: Tally,
    pub respond: Vec<i64>,
    pub arrive: Vec<i64>,
    pub restore: Vec<i64>,
    pub raises_automatic: u32,
    pub raises_manual: u32,
    pub waivers: u32,
    pub provisional: u32,
    pub late_entries: u32,
    pub ratings: Vec<u8>,
}

impl Group {
    fn count(&mut self, m: Milestone, v: Verdict) {
        for t in [self.milestones.entry(m).or_default(), &mut self.all] {
            match v {
                Verdict::Met => t.met += 1,
                Verdict::Late => t.late += 1,
                Verdict::Breached => t.breached += 1,
                Verdict::Waived => t.waived += 1,
            }
        }
    }

    /// Deadlines missed (met late or never met).
    pub fn breaches(&self) -> u32 {
        self.all.missed()
    }

    pub fn rating_mean(&self) -> Option<f64> {
        (!self.ratings.is_empty()).then(|| {
            self.ratings.iter().map(|r| f64::from(*r)).sum::<f64>() / self.ratings.len() as f64
        })
    }
}

/// A report being built: tickets are added one at a time (the CLI reads
/// them in batches, so memory holds counts, not tickets).
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub by: Option<GroupBy>,
    tz: Tz,
    pub groups: BTreeMap<String, Group>,
    pub total: Group,
}

impl Report {
    pub fn new(from: NaiveDate, to: NaiveDate, by: Option<GroupBy>, tz: Tz) -> Report {
        Report {
            from,
            to,
            by,
            tz,
            groups: BTreeMap::new(),
            total: Group::default(),
        }
    }

    fn within(&self, t: Ts) -> bool {
        let day = t.with_timezone(&self.tz).date_naive();
        self.from <= day && day <= self.to
    }

    /// The groups a ticket's records go to (a ticket with two engineers
    /// counts for both; without one, under `—`).
    fn ticket_keys(&self, ticket: &Ticket, site: &Site, view: &TicketView) -> Vec<String> {
        match self.by {
            None | Some(GroupBy::Milestone) => Vec::new(),
            Some(GroupBy::Level) => vec![format!("L{}", view.level)],
            Some(GroupBy::Zone) => vec![view.zone.map_or("—".into(), |z| z.to_string())],
            Some(GroupBy::Engineer) => {
                let mut names: Vec<String> = ticket
                    .live()
                    .iter()
                    .filter_map(|e| match &e.kind {
                        EventKind::Assigned { engineer } => Some(engineer.clone()),
                        _ => None,
                    })
                    .collect();
                names.sort();
                names.dedup();
                if names.is_empty() {
                    names.push("—".into());
                }
                names
            }
            Some(GroupBy::Customer) => {
                vec![site.customer.clone().unwrap_or_else(|| site.name.clone())]
            }
            Some(GroupBy::Contract) => {
                vec![site.contract.clone().unwrap_or_else(|| "standard".into())]
            }
        }
    }

    /// `f` on the total and on each group in `keys`.
    fn each(&mut self, keys: &[String], f: impl Fn(&mut Group)) {
        f(&mut self.total);
        for k in keys {
            f(self.groups.entry(k.clone()).or_default());
        }
    }

    pub fn add(&mut self, ticket: &Ticket, site: &Site, view: &TicketView) {
        let keys = self.ticket_keys(ticket, site, view);
        let (id, reported) = (ticket.id, ticket.reported_at);
        for s in settled(view, self.tz) {
            let (SettledKind::Deadline(m), Some(v)) = (s.kind, s.verdict) else {
                continue;
            };
            if !(self.from <= s.day && s.day <= self.to) {
                continue;
            }
            let took = s.met_at.map(|t| (t - reported).num_seconds());
            let groups = if self.by == Some(GroupBy::Milestone) {
                vec![m.name().to_string()]
            } else {
                keys.clone()
            };
            self.each(&groups, |g| {
                g.tickets.insert(id);
                g.count(m, v);
                let into = match m {
                    Milestone::RemoteResponse => Some(&mut g.respond),
                    Milestone::OnsiteArrival => Some(&mut g.arrive),
                    Milestone::Restoration => Some(&mut g.restore),
                    _ => None,
                };
                if let (Some(into), Some(t)) = (into, took) {
                    into.push(t);
                }
            });
        }
        // Ticket-level records: in the total, and in the ticket's groups.
        let raises: Vec<bool> = view
            .escalations
            .iter()
            .filter(|e| self.within(e.at))
            .map(|e| e.is_automatic())
            .collect();
        for automatic in raises {
            self.each(&keys, |g| {
                g.tickets.insert(id);
                if automatic {
                    g.raises_automatic += 1;
                } else {
                    g.raises_manual += 1;
                }
            });
        }
        let waivers = view.waivers.iter().filter(|w| self.within(w.at)).count();
        for _ in 0..waivers {
            self.each(&keys, |g| {
                g.tickets.insert(id);
                g.waivers += 1;
            });
        }
        let provisional = view
            .milestones
            .iter()
            .filter(|m| m.provisional.is_some() && m.due().is_some_and(|d| self.within(d)))
            .count();
        for _ in 0..provisional {
            self.each(&keys, |g| g.provisional += 1);
        }
        let entries: Vec<(bool, Option<u8>)> = ticket
            .events
            .iter()
            .zip(&ticket.meta)
            .filter(|(e, m)| self.within(e.at) && m.voided_by.is_none())
            .map(|(e, m)| {
                let rating = match &e.kind {
                    EventKind::Followup(f) => Some(f.rating),
                    _ => None,
                };
                (m.is_late(e.at), rating)
            })
            .collect();
        for (late, rating) in entries {
            if late {
                self.each(&keys, |g| g.late_entries += 1);
            }
            if let Some(r) = rating {
                self.each(&keys, |g| g.ratings.push(r));
            }
        }
    }
}

/// A group's figures as the CSV and JSON carry them.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub group: String,
    pub tickets: usize,
    pub on_time: Option<f64>,
    pub met: u32,
    pub late: u32,
    pub breached: u32,
    pub waived: u32,
    /// Per milestone: the on-time rate and its counts.
    pub milestones: BTreeMap<&'static str, MilestoneRow>,
    pub respond_seconds: Spread,
    pub arrive_seconds: Spread,
    pub restore_seconds: Spread,
    pub breaches: u32,
    pub raises_automatic: u32,
    pub raises_manual: u32,
    pub waivers: u32,
    pub provisional: u32,
    pub late_entries: u32,
    pub followups: usize,
    pub rating_mean: Option<f64>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct MilestoneRow {
    pub on_time: Option<f64>,
    pub met: u32,
    pub late: u32,
    pub breached: u32,
    pub waived: u32,
}

pub fn row(name: &str, g: &Group) -> Row {
    Row {
        group: name.to_string(),
        tickets: g.tickets.len(),
        on_time: g.all.rate(),
        met: g.all.met,
        late: g.all.late,
        breached: g.all.breached,
        waived: g.all.waived,
        milestones: g
            .milestones
            .iter()
            .map(|(m, t)| {
                (
                    m.name(),
                    MilestoneRow {
                        on_time: t.rate(),
                        met: t.met,
                        late: t.late,
                        breached: t.breached,
                        waived: t.waived,
                    },
                )
            })
            .collect(),
        respond_seconds: Spread::of(g.respond.clone()),
        arrive_seconds: Spread::of(g.arrive.clone()),
        restore_seconds: Spread::of(g.restore.clone()),
        breaches: g.breaches(),
        raises_automatic: g.raises_automatic,
        raises_manual: g.raises_manual,
        waivers: g.waivers,
        provisional: g.provisional,
        late_entries: g.late_entries,
        followups: g.ratings.len(),
        rating_mean: g.rating_mean(),
    }
}

impl Report {
    /// The groups in key order, then the total (`all`).
    pub fn rows(&self) -> Vec<Row> {
        self.groups
            .iter()
            .map(|(k, g)| row(k, g))
            .chain([row("all", &self.total)])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank_values_a_ticket_took() {
        let s = Spread::of(vec![1200, 300, 600]);
        assert_eq!(
            (s.n, s.p50, s.p90, s.max),
            (3, Some(600), Some(1200), Some(1200))
        );
        let ten: Vec<i64> = (1..=10).collect();
        let s = Spread::of(ten);
        assert_eq!((s.p50, s.p90), (Some(5), Some(9)));
        assert_eq!(Spread::of(Vec::new()).p50, None);
    }
}
