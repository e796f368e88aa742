use chrono::{NaiveDateTime, TimeDelta, TimeZone};
use proptest::prelude::*;

use super::*;
use crate::sla::policy::tests::{dc_storage, standard};
use crate::sla::MilestoneState as S;
use crate::sla::{Action, Calendar, Contract, Level, Milestone, RuleRef, SlaError};

fn cn() -> Calendar {
    let mut c = Calendar::new("cn");
    c.add_year_json(
        "2025",
        include_str!("../../../../assets/calendar/cn/2025.json"),
    )
    .unwrap();
    c.add_year_json(
        "2026",
        include_str!("../../../../assets/calendar/cn/2026.json"),
    )
    .unwrap();
    c
}

/// Shanghai local time "YYYY-MM-DD HH:MM".
fn t(s: &str) -> Ts {
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    chrono_tz::Asia::Shanghai
        .from_local_datetime(&naive)
        .unwrap()
        .to_utc()
}

fn local(ts: Ts) -> String {
    ts.with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn ev(at: &str, kind: EventKind) -> Event {
    Event { at: t(at), kind }
}

fn lvl(n: i64) -> Level {
    Level::new(n).unwrap()
}

struct Case {
    facts_level: i64,
    reported: &'static str,
    onsite: bool,
    km: f64,
    in_province: bool,
    contract: Option<Contract>,
    events: Vec<Event>,
}

impl Case {
    fn new(level: i64, reported: &'static str) -> Case {
        Case {
            facts_level: level,
            reported,
            onsite: false,
            km: 30.0,
            in_province: false,
            contract: None,
            events: vec![],
        }
    }
    fn onsite(mut self, km: f64) -> Case {
        self.onsite = true;
        self.km = km;
        self
    }
    fn contract(mut self, in_province: bool) -> Case {
        self.contract = Some(dc_storage());
        self.in_province = in_province;
        self
    }
    fn at(mut self, at: &str, kind: EventKind) -> Case {
        self.events.push(ev(at, kind));
        self
    }
    fn facts(&self) -> TicketFacts<'_> {
        TicketFacts {
            reported_at: t(self.reported),
            level: lvl(self.facts_level),
            onsite: self.onsite,
            distance_km: self.km,
            in_province: self.in_province,
            contract: self.contract.as_ref(),
            followup: false,
            held: false,
        }
    }
    fn view(&self, now: &str) -> TicketView {
        evaluate(&self.facts(), &self.events, &standard(), &cn(), t(now))
    }
    fn check(&self, new: Event, now: &str) -> Result<(), SlaError> {
        validate(
            &self.facts(),
            &self.events,
            &new,
            &standard(),
            &cn(),
            t(now),
        )
    }
}

fn due(v: &TicketView, m: Milestone) -> Option<String> {
    v.milestone(m).and_then(|x| x.due()).map(local)
}

fn state(v: &TicketView, m: Milestone) -> Option<MilestoneState> {
    v.milestone(m).map(|x| x.state)
}

use EventKind as E;
use Milestone as M;

mod contract;
mod properties;
mod provisional;
mod raises;
mod shortcuts;
mod validation;
mod windows;

/// The wall keeps every open ticket's log and view in memory (issue 9:
/// under 40 MB with 10,000 open): a record with a large payload is boxed
/// so that it does not grow every event, nor a view.
#[test]
fn events_stay_64_bytes_and_views_stay_small() {
    assert_eq!(std::mem::size_of::<crate::sla::Event>(), 64);
    let view = std::mem::size_of::<crate::sla::TicketView>();
    assert!(view <= 512, "a view is {view} bytes");
}
