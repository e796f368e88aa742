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
        include_str!("../../../assets/calendar/cn/2025.json"),
    )
    .unwrap();
    c.add_year_json(
        "2026",
        include_str!("../../../assets/calendar/cn/2026.json"),
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
    fn view(&self, now: &str) -> TicketView {
        let facts = TicketFacts {
            reported_at: t(self.reported),
            level: lvl(self.facts_level),
            onsite: self.onsite,
            distance_km: self.km,
            in_province: self.in_province,
            contract: self.contract.as_ref(),
        };
        evaluate(&facts, &self.events, &standard(), &cn(), t(now))
    }
    fn check(&self, new: Event, now: &str) -> Result<(), SlaError> {
        let facts = TicketFacts {
            reported_at: t(self.reported),
            level: lvl(self.facts_level),
            onsite: self.onsite,
            distance_km: self.km,
            in_province: self.in_province,
            contract: self.contract.as_ref(),
        };
        validate(&facts, &self.events, &new, &standard(), &cn(), t(now))
    }
}

fn due(v: &TicketView, m: Milestone) -> Option<String> {
    v.milestone(m).and_then(|x| x.due).map(local)
}

fn state(v: &TicketView, m: Milestone) -> Option<MilestoneState> {
    v.milestone(m).map(|x| x.state)
}

use EventKind as E;
use Milestone as M;

#[test]
fn a_fresh_level_one_ticket_owes_response_expert_and_process_start() {
    let v = Case::new(1, "2026-11-27 08:47").view("2026-11-27 08:50");
    assert_eq!(
        due(&v, M::RemoteResponse).as_deref(),
        Some("2026-11-27 09:17")
    );
    assert_eq!(
        due(&v, M::ExpertResponse).as_deref(),
        Some("2026-11-27 09:47")
    );
    assert_eq!(
        due(&v, M::ProcessStart).as_deref(),
        Some("2026-11-27 09:17")
    );
    assert!(
        v.milestone(M::OnsiteArrival).is_none(),
        "no on-site milestone until on-site is required"
    );
    assert_eq!(state(&v, M::Restoration), Some(S::NotStarted));
    assert_eq!(v.remaining_seconds(t("2026-11-27 08:50")), Some(27 * 60));
}

#[test]
fn level_four_answers_in_fifteen_minutes_and_has_no_restoration_clock() {
    let v = Case::new(4, "2026-11-27 10:00").view("2026-11-27 10:01");
    assert_eq!(
        due(&v, M::RemoteResponse).as_deref(),
        Some("2026-11-27 10:15")
    );
    assert!(v.milestone(M::Restoration).is_none());
    assert!(v.milestone(M::ProcessStart).is_none());
}

#[test]
fn level_three_owes_a_director_response_not_a_process_start() {
    let v = Case::new(3, "2026-11-27 10:00").view("2026-11-27 10:01");
    assert_eq!(
        due(&v, M::DirectorResponse).as_deref(),
        Some("2026-11-27 11:00")
    );
    assert!(v.milestone(M::ProcessStart).is_none());
}

#[test]
fn every_zone_sets_the_arrival_deadline_for_each_level() {
    // (km, [L1, L2, L3]) for a Friday 2026-11-27 10:00 report.
    let cases: [(f64, [&str; 3]); 9] = [
        (
            40.0,
            ["2026-11-27 12:00", "2026-11-27 13:00", "2026-11-27 14:00"],
        ),
        (
            80.0,
            ["2026-11-27 14:00", "2026-11-27 15:00", "2026-11-27 15:00"],
        ),
        (
            160.0,
            ["2026-11-27 16:00", "2026-11-27 16:00", "2026-11-27 16:00"],
        ),
        (
            240.0,
            ["2026-11-27 20:00", "2026-11-27 20:00", "2026-11-27 20:00"],
        ),
        (
            320.0,
            ["2026-11-27 22:00", "2026-11-27 22:00", "2026-11-27 22:00"],
        ),
        (
            480.0,
            ["2026-11-30 18:00", "2026-11-30 18:00", "2026-11-30 18:00"],
        ),
        (
            750.0,
            ["2026-12-01 18:00", "2026-12-01 18:00", "2026-12-01 18:00"],
        ),
        (
            1500.0,
            ["2026-12-01 18:00", "2026-12-01 18:00", "2026-12-01 18:00"],
        ),
        (1500.1, ["", "", ""]),
    ];
    for (km, expected) in cases {
        for (i, want) in expected.iter().enumerate() {
            let v = Case::new(i as i64 + 1, "2026-11-27 10:00")
                .onsite(km)
                .view("2026-11-27 10:05");
            let got = due(&v, M::OnsiteArrival).unwrap_or_default();
            assert_eq!(got, *want, "{km} km level {}", i + 1);
        }
    }
}

#[test]
fn zone_six_ticket_on_friday_is_due_monday_evening() {
    let v = Case::new(2, "2026-11-27 17:30")
        .onsite(400.0)
        .view("2026-11-27 17:31");
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2026-11-30 18:00")
    );
}

#[test]
fn zone_seven_ticket_before_national_day_is_due_after_the_holiday() {
    let v = Case::new(1, "2026-09-30 09:00")
        .onsite(600.0)
        .view("2026-09-30 09:05");
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2026-10-09 18:00")
    );
}

#[test]
fn zone_nine_shows_negotiate_until_the_deadline_is_recorded() {
    let c = Case::new(2, "2026-11-27 10:00").onsite(2000.0);
    let v = c.view("2026-11-27 10:05");
    assert_eq!(state(&v, M::OnsiteArrival), Some(S::Negotiate));
    assert!(v.negotiation_pending());
    let c = c.at(
        "2026-11-27 10:30",
        E::Negotiated {
            deadline: t("2026-11-29 12:00"),
        },
    );
    let v = c.view("2026-11-27 10:35");
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2026-11-29 12:00")
    );
    assert_eq!(
        v.milestone(M::OnsiteArrival).unwrap().rule,
        Some(RuleRef::Negotiated)
    );
}

#[test]
fn negotiating_a_deadline_for_a_zone_three_site_is_refused() {
    let c = Case::new(2, "2026-11-27 10:00").onsite(100.0);
    let err = c.check(
        ev(
            "2026-11-27 10:10",
            E::Negotiated {
                deadline: t("2026-11-28 10:00"),
            },
        ),
        "2026-11-27 10:10",
    );
    assert!(err.unwrap_err().to_string().contains("zone 3"));
}

#[test]
fn a_late_response_is_a_breach_that_stays_on_record() {
    let v = Case::new(2, "2026-11-27 10:00")
        .at("2026-11-27 10:45", E::Responded)
        .view("2026-11-27 11:00");
    let m = v.milestone(M::RemoteResponse).unwrap();
    assert_eq!(m.state, S::MetLate);
    assert!(m.breached);
    let late: Vec<_> = v
        .breaches
        .iter()
        .filter(|b| b.milestone == M::RemoteResponse)
        .collect();
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].met_at, Some(t("2026-11-27 10:45")));
    // Level 2 also owed a process start by 10:30, still open: a breach too.
    assert!(v
        .breaches
        .iter()
        .any(|b| b.milestone == M::ProcessStart && b.met_at.is_none()));
}

#[test]
fn remote_restoration_starts_when_an_engineer_takes_the_ticket() {
    let v = Case::new(2, "2026-11-27 10:00")
        .at("2026-11-27 10:10", E::Responded)
        .view("2026-11-27 10:20");
    assert_eq!(due(&v, M::Restoration).as_deref(), Some("2026-11-27 13:10"));
}

#[test]
fn onsite_restoration_starts_at_arrival_and_replaces_the_remote_clock() {
    let c = Case::new(2, "2026-11-27 10:00")
        .at("2026-11-27 10:10", E::Responded)
        .at("2026-11-27 10:30", E::OnsiteRequired)
        .at("2026-11-27 12:00", E::Arrived);
    let before = c.view("2026-11-27 11:00");
    assert_eq!(state(&before, M::Restoration), Some(S::NotStarted));
    assert_eq!(
        due(&before, M::OnsiteArrival).as_deref(),
        Some("2026-11-27 13:00")
    );
    let after = c.view("2026-11-27 12:30");
    assert_eq!(
        due(&after, M::Restoration).as_deref(),
        Some("2026-11-27 15:00")
    );
    assert_eq!(state(&after, M::OnsiteArrival), Some(S::Met));
}

#[test]
fn hardware_wait_pauses_restoration_and_ready_starts_a_fresh_full_window() {
    let c = Case::new(1, "2026-11-27 08:00")
        .onsite(30.0)
        .at("2026-11-27 09:00", E::Arrived)
        .at("2026-11-27 10:30", E::HardwareWait)
        .at("2026-11-27 15:00", E::HardwareReady);
    let waiting = c.view("2026-11-27 13:00");
    assert_eq!(state(&waiting, M::Restoration), Some(S::Paused));
    assert!(
        waiting.escalations.is_empty() && waiting.actions.is_empty(),
        "no breach while paused"
    );
    let ready = c.view("2026-11-27 15:30");
    assert_eq!(
        due(&ready, M::Restoration).as_deref(),
        Some("2026-11-27 18:00")
    );
}

#[test]
fn several_hardware_waits_count_from_the_last_ready() {
    let c = Case::new(2, "2026-11-27 08:00")
        .at("2026-11-27 08:10", E::Responded)
        .at("2026-11-27 08:20", E::HardwareWait)
        .at("2026-11-27 09:00", E::HardwareReady)
        .at("2026-11-27 09:30", E::HardwareWait)
        .at("2026-11-27 11:00", E::HardwareReady);
    assert_eq!(
        due(&c.view("2026-11-27 11:05"), M::Restoration).as_deref(),
        Some("2026-11-27 14:00")
    );
}

#[test]
fn a_missed_restoration_raises_level_three_to_two_at_the_deadline_itself() {
    let c = Case::new(3, "2026-11-27 10:00").at("2026-11-27 10:05", E::Responded);
    let v = c.view("2026-11-27 13:00");
    assert_eq!(v.level, lvl(2));
    assert_eq!(v.escalations.len(), 1);
    assert_eq!(v.escalations[0].at, t("2026-11-27 12:05"));
    assert!(v.escalations[0].is_automatic());
    // New level's windows start at the raise: L2 restoration 3 h.
    assert_eq!(due(&v, M::Restoration).as_deref(), Some("2026-11-27 15:05"));
    // L2 has process_start, not director_response; it starts at the raise.
    assert_eq!(
        due(&v, M::ProcessStart).as_deref(),
        Some("2026-11-27 12:35")
    );
    assert!(v.milestone(M::DirectorResponse).is_none());
    // The met response stays met.
    assert_eq!(state(&v, M::RemoteResponse), Some(S::Met));
}

#[test]
fn restoration_at_the_deadline_minute_is_on_time() {
    let v = Case::new(3, "2026-11-27 10:00")
        .at("2026-11-27 10:05", E::Responded)
        .at("2026-11-27 12:05", E::Restored)
        .view("2026-11-27 13:00");
    assert_eq!(v.level, lvl(3));
    assert_eq!(state(&v, M::Restoration), Some(S::Met));
}

#[test]
fn raises_chain_from_three_to_one_and_then_require_level_one_actions() {
    let v = Case::new(3, "2026-11-27 10:00")
        .at("2026-11-27 10:00", E::Responded)
        .view("2026-11-27 20:00");
    let chain: Vec<(String, u8, u8)> = v
        .escalations
        .iter()
        .map(|e| (local(e.at), e.from.number(), e.to.number()))
        .collect();
    assert_eq!(
        chain,
        vec![
            ("2026-11-27 12:00".into(), 3, 2),
            ("2026-11-27 15:00".into(), 2, 1)
        ]
    );
    assert_eq!(v.level, lvl(1));
    let actions: Vec<&str> = v.actions.iter().map(|a| a.action.name()).collect();
    assert_eq!(
        actions,
        [
            "standby_environment",
            "higher_tier_engineer",
            "vendor_experts"
        ]
    );
    assert_eq!(v.actions[0].at, t("2026-11-27 18:00"));
    assert_eq!(state(&v, M::Restoration), Some(S::Overdue));
}

#[test]
fn a_waiver_logged_in_time_keeps_the_level_but_records_the_breach() {
    let c = Case::new(3, "2026-11-27 10:00")
        .at("2026-11-27 10:05", E::Responded)
        .at(
            "2026-11-27 11:00",
            E::Waived {
                agreed_by: "客户张总".into(),
                reason: "等待割接窗口".into(),
            },
        );
    let v = c.view("2026-11-27 13:00");
    assert_eq!(v.level, lvl(3));
    assert!(v.escalations.is_empty());
    assert_eq!(v.waivers.len(), 1);
    assert!(v
        .breaches
        .iter()
        .any(|b| b.milestone == M::Restoration && b.waived));
}

#[test]
fn a_waiver_after_the_deadline_is_refused() {
    // Level 1 cannot be raised, so its breached window stays the one in force.
    let c = Case::new(1, "2026-11-27 10:00").at("2026-11-27 10:05", E::Responded);
    let late = ev(
        "2026-11-27 13:30",
        E::Waived {
            agreed_by: "张总".into(),
            reason: "x".into(),
        },
    );
    assert!(c
        .check(late, "2026-11-27 13:30")
        .unwrap_err()
        .to_string()
        .contains("has passed"));
}

#[test]
fn a_waiver_after_a_raise_covers_the_new_levels_window() {
    let c = Case::new(3, "2026-11-27 10:00").at("2026-11-27 10:05", E::Responded);
    let after_raise = ev(
        "2026-11-27 12:30",
        E::Waived {
            agreed_by: "张总".into(),
            reason: "x".into(),
        },
    );
    assert!(c.check(after_raise, "2026-11-27 12:30").is_ok());
}

#[test]
fn a_waiver_covers_only_the_window_in_force() {
    // Waived for the first window, then a manual level change opens a new one.
    let v = Case::new(3, "2026-11-27 10:00")
        .at("2026-11-27 10:00", E::Responded)
        .at(
            "2026-11-27 10:30",
            E::Waived {
                agreed_by: "张总".into(),
                reason: "同意".into(),
            },
        )
        .at(
            "2026-11-27 11:00",
            E::SetLevel {
                level: lvl(2),
                reason: "业务受影响".into(),
            },
        )
        .view("2026-11-27 15:00");
    // L3 restoration 10:00 + 2 h = 12:00. At L2 from 11:00 the window would
    // be 14:00, but a raise never gives more time: 12:00 is carried. The
    // waiver was agreed at L3 and does not cover L2 → raised to L1 at 12:00.
    assert_eq!(v.level, lvl(1));
    assert_eq!(
        v.escalations.last().map(|e| local(e.at)).as_deref(),
        Some("2026-11-27 12:00")
    );
}

#[test]
fn set_level_by_hand_restarts_the_windows_then() {
    let v = Case::new(2, "2026-11-27 10:00")
        .at(
            "2026-11-27 10:20",
            E::SetLevel {
                level: lvl(4),
                reason: "已有替代方案".into(),
            },
        )
        .view("2026-11-27 10:25");
    assert_eq!(v.level, lvl(4));
    assert_eq!(
        due(&v, M::RemoteResponse).as_deref(),
        Some("2026-11-27 10:35")
    );
    assert!(!v.escalations[0].is_automatic());
}

#[test]
fn an_arrival_deadline_still_ahead_keeps_its_time_when_the_level_is_raised() {
    // Zone 3, L3: 6 h → 16:00. Raised to L1 at 11:00: L1's 6 h from the raise
    // would be 17:00; a raise never gives more time, so 16:00 stands.
    let v = Case::new(3, "2026-11-27 10:00")
        .onsite(100.0)
        .at("2026-11-27 10:05", E::Responded)
        .at(
            "2026-11-27 11:00",
            E::SetLevel {
                level: lvl(1),
                reason: "数据损毁".into(),
            },
        )
        .view("2026-11-27 11:05");
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2026-11-27 16:00")
    );
}

#[test]
fn a_missed_arrival_stays_on_record_after_the_raise_resets_its_window() {
    let v = Case::new(2, "2026-11-27 10:00")
        .onsite(30.0)
        .at(
            "2026-11-27 14:00",
            E::SetLevel {
                level: lvl(1),
                reason: "升级".into(),
            },
        )
        .view("2026-11-27 14:05");
    assert!(v
        .breaches
        .iter()
        .any(|b| b.milestone == M::OnsiteArrival && b.due == t("2026-11-27 13:00")));
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2026-11-27 16:00")
    );
}

#[test]
fn the_contract_in_province_arrival_wins_over_a_later_zone_deadline() {
    let v = Case::new(2, "2026-11-27 10:00")
        .onsite(600.0)
        .contract(true)
        .view("2026-11-27 10:05");
    // Zone 7 → 3rd working day (Tue 1 Dec 18:00); contract 24 h → Sat 28 Nov 10:00.
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2026-11-28 10:00")
    );
    assert_eq!(
        v.milestone(M::OnsiteArrival).unwrap().rule,
        Some(RuleRef::Contract { term: 1 })
    );
}

#[test]
fn the_contract_does_not_apply_its_in_province_term_out_of_province() {
    let v = Case::new(2, "2026-11-27 10:00")
        .onsite(600.0)
        .contract(false)
        .view("2026-11-27 10:05");
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2026-12-01 18:00")
    );
    assert!(matches!(
        v.milestone(M::OnsiteArrival).unwrap().rule,
        Some(RuleRef::Standard { .. })
    ));
}

#[test]
fn the_contract_handling_term_shortens_level_one_restoration_to_two_hours_after_arrival() {
    let v = Case::new(1, "2026-11-27 10:00")
        .onsite(30.0)
        .contract(true)
        .at("2026-11-27 11:00", E::Arrived)
        .view("2026-11-27 11:05");
    assert_eq!(due(&v, M::Restoration).as_deref(), Some("2026-11-27 13:00"));
    assert_eq!(
        v.milestone(M::Restoration).unwrap().rule,
        Some(RuleRef::Contract { term: 2 })
    );
}

#[test]
fn the_standard_response_wins_when_it_is_earlier_than_the_contract() {
    let v = Case::new(1, "2026-11-27 10:00")
        .contract(true)
        .view("2026-11-27 10:05");
    assert_eq!(
        v.milestone(M::RemoteResponse).unwrap().rule,
        Some(RuleRef::Standard { zone: None })
    );
}

#[test]
fn an_unresolved_minor_fault_triggers_the_contract_actions_at_48_hours_and_5_working_days() {
    let c = Case::new(4, "2026-11-20 10:00")
        .contract(true)
        .at("2026-11-20 10:05", E::Responded);
    let v = c.view("2026-11-27 19:00");
    let got: Vec<(&str, String)> = v
        .actions
        .iter()
        .map(|a| (a.action.name(), local(a.at)))
        .collect();
    assert_eq!(
        got,
        vec![
            ("whole_unit_replacement", "2026-11-22 10:00".into()),
            ("vendor_top_team", "2026-11-22 10:00".into()),
            ("further_action", "2026-11-27 18:00".into()),
        ]
    );
}

#[test]
fn a_severe_fault_gets_whole_unit_replacement_but_not_the_minor_fault_team() {
    let v = Case::new(2, "2026-11-20 10:00")
        .contract(true)
        .view("2026-11-23 10:00");
    let names: Vec<&str> = v.actions.iter().map(|a| a.action.name()).collect();
    assert!(names.contains(&"whole_unit_replacement"));
    assert!(!names.contains(&"vendor_top_team"));
}

#[test]
fn a_restored_ticket_triggers_nothing_more() {
    let v = Case::new(4, "2026-11-20 10:00")
        .contract(true)
        .at("2026-11-21 10:00", E::Restored)
        .view("2026-11-27 19:00");
    assert!(v.actions.is_empty());
    assert_eq!(v.next, None);
}

#[test]
fn events_after_now_are_not_yet_known() {
    let c = Case::new(2, "2026-11-27 10:00").at("2026-11-27 10:10", E::Responded);
    assert_eq!(
        state(&c.view("2026-11-27 10:05"), M::RemoteResponse),
        Some(S::Pending)
    );
}

#[test]
fn validation_refuses_what_makes_no_sense() {
    let c = Case::new(2, "2026-11-27 10:00").at("2026-11-27 10:10", E::Responded);
    let now = "2026-11-27 11:00";
    assert!(c
        .check(ev("2026-11-27 10:20", E::Responded), now)
        .unwrap_err()
        .to_string()
        .contains("already"));
    assert!(c
        .check(ev("2026-11-27 10:20", E::Arrived), now)
        .unwrap_err()
        .to_string()
        .contains("on-site"));
    assert!(c
        .check(ev("2026-11-27 09:00", E::Responded), now)
        .unwrap_err()
        .to_string()
        .contains("before"));
    assert!(c
        .check(ev("2026-11-27 12:00", E::Restored), now)
        .unwrap_err()
        .to_string()
        .contains("future"));
    assert!(c
        .check(ev("2026-11-27 10:20", E::Closed), now)
        .unwrap_err()
        .to_string()
        .contains("not restored"));
    assert!(c
        .check(ev("2026-11-27 10:20", E::HardwareReady), now)
        .is_err());
    assert!(
        c.check(ev("2026-11-27 10:20", E::DirectorEngaged), now)
            .is_err(),
        "level 2 has no director response"
    );
    assert!(c.check(ev("2026-11-27 10:20", E::Restored), now).is_ok());
}

#[test]
fn the_view_does_not_depend_on_insertion_order() {
    let c = Case::new(3, "2026-11-27 10:00")
        .onsite(100.0)
        .at("2026-11-27 10:05", E::Responded)
        .at("2026-11-27 12:00", E::Arrived)
        .at("2026-11-27 10:30", E::OnsiteRequired);
    let mut sorted = Case::new(3, "2026-11-27 10:00").onsite(100.0);
    let mut evs = c.events.clone();
    evs.sort();
    sorted.events = evs;
    assert_eq!(c.view("2026-11-27 20:00"), sorted.view("2026-11-27 20:00"));
}

// ---- properties ----------------------------------------------------------

fn arb_kind() -> impl Strategy<Value = EventKind> {
    prop_oneof![
        Just(E::Responded),
        Just(E::ExpertEngaged),
        Just(E::ProcessStarted),
        Just(E::DirectorEngaged),
        Just(E::OnsiteRequired),
        Just(E::Arrived),
        Just(E::HardwareWait),
        Just(E::HardwareReady),
        Just(E::Restored),
        Just(E::Closed),
        (1i64..=4).prop_map(|l| E::SetLevel {
            level: lvl(l),
            reason: "r".into()
        }),
        Just(E::Waived {
            agreed_by: "a".into(),
            reason: "r".into()
        }),
        (0i64..200).prop_map(|h| E::Negotiated {
            deadline: t("2026-11-27 10:00") + TimeDelta::hours(h)
        }),
    ]
}

fn arb_case() -> impl Strategy<Value = (i64, bool, f64, bool, Vec<(i64, EventKind)>, i64)> {
    (
        1i64..=4,
        any::<bool>(),
        prop_oneof![0.0..2000.0f64, Just(40.0), Just(1500.0)],
        any::<bool>(),
        prop::collection::vec((0i64..(5 * 24 * 60), arb_kind()), 0..12),
        0i64..(6 * 24 * 60),
    )
}

fn build(level: i64, onsite: bool, km: f64, contract: bool, evs: &[(i64, EventKind)]) -> Case {
    let mut c = Case::new(level, "2026-11-27 10:00");
    c.onsite = onsite;
    c.km = km;
    if contract {
        c = c.contract(true);
    }
    c.events = evs
        .iter()
        .map(|(m, k)| Event {
            at: t("2026-11-27 10:00") + TimeDelta::minutes(*m),
            kind: k.clone(),
        })
        .collect();
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_due_time_is_never_before_its_clock_start((level, onsite, km, contract, evs, now_min) in arb_case()) {
        let c = build(level, onsite, km, contract, &evs);
        let now = t("2026-11-27 10:00") + TimeDelta::minutes(now_min);
        let facts = TicketFacts { reported_at: t(c.reported), level: lvl(level), onsite, distance_km: km, in_province: c.in_province, contract: c.contract.as_ref() };
        let v = evaluate(&facts, &c.events, &standard(), &cn(), now);
        for m in &v.milestones {
            if let Some(w) = m.window_seconds {
                prop_assert!(w >= 0, "{:?} window {}", m.milestone, w);
            }
            if let (Some(s), Some(d)) = (m.start(), m.due) {
                prop_assert!(d >= s, "{:?} due {} before start {}", m.milestone, d, s);
                prop_assert!(s >= facts.reported_at);
            }
        }
    }

    /// What lets a screen re-evaluate only the tickets whose time came: a
    /// view evaluated at `now` reads the same at every later moment before
    /// its `changes_at` (no event after `now`: a new entry touches the
    /// ticket anyway), and forever when it has none.
    #[test]
    fn a_view_holds_until_its_changes_at((level, onsite, km, contract, evs, now_min) in arb_case()) {
        let c = build(level, onsite, km, contract, &evs);
        let facts = TicketFacts { reported_at: t(c.reported), level: lvl(level), onsite, distance_km: km, in_province: c.in_province, contract: c.contract.as_ref() };
        let last = c.events.iter().map(|e| e.at).max().unwrap_or(facts.reported_at);
        let now = (t("2026-11-27 10:00") + TimeDelta::minutes(now_min)).max(last);
        let at = |when: Ts| evaluate(&facts, &c.events, &standard(), &cn(), when);
        let v = at(now);
        let second = TimeDelta::seconds(1);
        let later: Vec<Ts> = match v.changes_at {
            None => vec![now + second, now + TimeDelta::days(9)],
            Some(change) => {
                prop_assert!(change > now, "changes_at {} not after now {}", change, now);
                let next = at(change).changes_at;
                prop_assert!(next.is_none_or(|n| n > change), "no progress at {}", change);
                vec![now + second, now + (change - now) / 2, change - second]
            }
        };
        // Only moments strictly before `changes_at` (a trigger due at `now`
        // makes it `now + 1 s`, which is no longer before it).
        for when in later.into_iter().filter(|w| *w >= now && v.changes_at.is_none_or(|c| *w < c)) {
            prop_assert_eq!(&at(when), &v, "at {} (evaluated at {})", local(when), local(now));
        }
    }

    #[test]
    fn levels_move_only_by_raises_or_set_level((level, onsite, km, contract, evs, now_min) in arb_case()) {
        let c = build(level, onsite, km, contract, &evs);
        let now = t("2026-11-27 10:00") + TimeDelta::minutes(now_min);
        let facts = TicketFacts { reported_at: t(c.reported), level: lvl(level), onsite, distance_km: km, in_province: c.in_province, contract: c.contract.as_ref() };
        let v = evaluate(&facts, &c.events, &standard(), &cn(), now);
        let mut l = lvl(level);
        for e in &v.escalations {
            prop_assert_eq!(e.from, l);
            if e.is_automatic() {
                prop_assert_eq!(Some(e.to), e.from.raised(), "an automatic raise is one step");
            } else {
                let set_at_that_time = c.events.iter().any(|x| x.at == e.at && matches!(&x.kind, E::SetLevel { level, .. } if *level == e.to));
                prop_assert!(set_at_that_time, "a manual change matches a set_level event");
            }
            l = e.to;
        }
        prop_assert_eq!(v.level, l);
    }

    #[test]
    fn the_view_depends_on_event_times_not_insertion_order((level, onsite, km, contract, evs, now_min) in arb_case(), seed in any::<u64>()) {
        let c = build(level, onsite, km, contract, &evs);
        let now = t("2026-11-27 10:00") + TimeDelta::minutes(now_min);
        let facts = TicketFacts { reported_at: t(c.reported), level: lvl(level), onsite, distance_km: km, in_province: c.in_province, contract: c.contract.as_ref() };
        let mut shuffled = c.events.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let a = evaluate(&facts, &c.events, &standard(), &cn(), now);
        let b = evaluate(&facts, &shuffled, &standard(), &cn(), now);
        prop_assert_eq!(a, b);
    }
}

// ---- pitfalls other SLA engines hit (design.md) --------------------------

#[test]
fn an_elapsed_window_runs_through_midnight_without_closing() {
    let v = Case::new(2, "2026-11-27 23:50").view("2026-11-27 23:55");
    assert_eq!(
        due(&v, M::RemoteResponse).as_deref(),
        Some("2026-11-28 00:20")
    );
    assert_eq!(
        due(&v, M::ExpertResponse).as_deref(),
        Some("2026-11-28 00:50")
    );
}

#[test]
fn a_calendar_change_moves_a_working_day_deadline_at_the_next_evaluation() {
    let c = Case::new(2, "2026-11-27 10:00").onsite(400.0);
    let facts = TicketFacts {
        reported_at: t(c.reported),
        level: lvl(2),
        onsite: true,
        distance_km: 400.0,
        in_province: false,
        contract: None,
    };
    let before = evaluate(&facts, &c.events, &standard(), &cn(), t("2026-11-27 10:05"));
    assert_eq!(
        due(&before, M::OnsiteArrival).as_deref(),
        Some("2026-11-30 18:00")
    );
    // A corrected calendar declares Monday 30 Nov a holiday: no stale deadline.
    let mut changed = cn();
    let mut text: serde_json::Value =
        serde_json::from_str(include_str!("../../../assets/calendar/cn/2026.json")).unwrap();
    text["days"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"name": "test", "date": "2026-11-30", "isOffDay": true}));
    changed
        .add_year_json("2026.json", &text.to_string())
        .unwrap();
    let after = evaluate(
        &facts,
        &c.events,
        &standard(),
        &changed,
        t("2026-11-27 10:05"),
    );
    assert_eq!(
        due(&after, M::OnsiteArrival).as_deref(),
        Some("2026-12-01 18:00")
    );
}

#[test]
fn a_level_change_during_a_hardware_wait_keeps_the_pause() {
    let v = Case::new(3, "2026-11-27 08:00")
        .at("2026-11-27 08:05", E::Responded)
        .at("2026-11-27 08:30", E::HardwareWait)
        .at(
            "2026-11-27 09:00",
            E::SetLevel {
                level: lvl(2),
                reason: "业务受影响".into(),
            },
        )
        .at("2026-11-27 15:00", E::HardwareReady)
        .view("2026-11-27 15:10");
    assert_eq!(v.level, lvl(2), "no automatic raise while paused");
    assert_eq!(v.escalations.len(), 1);
    // A fresh full window of the new level from hardware ready.
    assert_eq!(due(&v, M::Restoration).as_deref(), Some("2026-11-27 18:00"));
}

#[test]
fn a_holiday_is_not_a_day_early_from_a_utc_date() {
    // Thu 8 Oct 00:30 in Shanghai is still 7 Oct (a holiday) in UTC. Counting
    // from the UTC date would make the 2nd working day 8 Oct, a day early;
    // from the local date it is Fri 9 Oct.
    let v = Case::new(1, "2026-10-08 00:30")
        .onsite(400.0)
        .view("2026-10-08 00:35");
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2026-10-09 18:00")
    );
}

// ---- year end and contract clocks (issue: never refuse a fault) -----------

fn provisional(v: &TicketView, m: Milestone) -> Option<i32> {
    v.milestone(m).and_then(|x| x.provisional)
}

fn rule(v: &TicketView, m: Milestone) -> Option<RuleRef> {
    v.milestone(m).and_then(|x| x.rule)
}

#[test]
fn zone_six_call_on_new_years_eve_opens_with_a_provisional_arrival() {
    // Thu 31 Dec 2026 10:00, 400 km (zone 6): 2nd working day. 2027 has no
    // file, so Fri 1 Jan counts Monday–Friday → 2027-01-01 18:00, provisional.
    let v = Case::new(2, "2026-12-31 10:00")
        .onsite(400.0)
        .view("2026-12-31 10:05");
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2027-01-01 18:00")
    );
    assert_eq!(provisional(&v, M::OnsiteArrival), Some(2027));
    // The 30-minute response needs no calendar: exact.
    assert_eq!(
        due(&v, M::RemoteResponse).as_deref(),
        Some("2026-12-31 10:30")
    );
    assert_eq!(provisional(&v, M::RemoteResponse), None);
    assert!(v.problems.is_empty());
}

#[test]
fn zone_seven_call_on_december_thirtieth_is_provisional_too() {
    // Wed 30 Dec, 600 km (zone 7), 3rd working day: Thu 31 Dec, then Fri 1 Jan
    // (2027, guessed) → 2027-01-01 18:00, provisional.
    let v = Case::new(3, "2026-12-30 10:00")
        .onsite(600.0)
        .view("2026-12-30 10:05");
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2027-01-01 18:00")
    );
    assert_eq!(provisional(&v, M::OnsiteArrival), Some(2027));
}

#[test]
fn in_province_contract_arrival_on_new_years_eve_is_exact_not_provisional() {
    // 24 h from Thu 31 Dec 10:00 = Fri 1 Jan 10:00; the 2nd working day can be
    // no earlier than Fri 1 Jan 18:00 whatever 2027's calendar says, so the
    // contract term provably binds and is not provisional.
    let v = Case::new(2, "2026-12-31 10:00")
        .onsite(400.0)
        .contract(true)
        .view("2026-12-31 10:05");
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2027-01-01 10:00")
    );
    assert_eq!(provisional(&v, M::OnsiteArrival), None);
    assert!(matches!(
        rule(&v, M::OnsiteArrival),
        Some(RuleRef::Contract { .. })
    ));
}

#[test]
fn a_contract_ticket_reported_late_in_december_stays_evaluable_in_january() {
    // L4 contract ticket (a minor fault, never raised automatically), Mon
    // 28 Dec 10:00: 5 working days strictly after 28 Dec = 29, 30, 31 Dec,
    // then 2027 guessed Monday–Friday: Fri 1 Jan, Mon 4 Jan → 4 Jan 18:00.
    let c = Case::new(4, "2026-12-28 10:00")
        .contract(false)
        .at("2026-12-28 10:10", E::Responded);
    let v = c.view("2027-01-06 09:00");
    let further = v
        .actions
        .iter()
        .find(|a| a.action == Action::FurtherAction)
        .expect("the 5-working-day action is due");
    assert_eq!(local(further.at), "2027-01-04 18:00");
    assert_eq!(further.provisional, Some(2027));
    assert_eq!(v.level, lvl(4));
    // Every event still logs.
    assert!(c
        .check(ev("2027-01-06 08:00", E::Restored), "2027-01-06 09:00")
        .is_ok());
}

#[test]
fn negotiation_does_not_move_the_contracts_twenty_four_hours() {
    // 1,800 km (zone 9) in-province contract site, L2 on site, reported
    // Wed 25 Nov 09:00: 24 h after the report → Thu 26 Nov 09:00. Negotiating
    // a later deadline at 15:00 does not move it.
    let v = Case::new(2, "2026-11-25 09:00")
        .onsite(1800.0)
        .contract(true)
        .at(
            "2026-11-25 15:00",
            E::Negotiated {
                deadline: t("2026-11-28 12:00"),
            },
        )
        .view("2026-11-25 15:05");
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2026-11-26 09:00")
    );
}

#[test]
fn set_level_does_not_restart_the_contracts_twenty_four_hours() {
    // 600 km in-province contract site, L3 reported Wed 25 Nov 10:00: the
    // contract's 24 h → Thu 26 Nov 10:00. set_level 2 on Thu 09:00 keeps it.
    let v = Case::new(3, "2026-11-25 10:00")
        .onsite(600.0)
        .contract(true)
        .at("2026-11-25 10:10", E::Responded)
        .at(
            "2026-11-26 09:00",
            E::SetLevel {
                level: lvl(2),
                reason: "业务受影响".into(),
            },
        )
        .view("2026-11-26 09:05");
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2026-11-26 10:00")
    );
}

#[test]
fn raising_a_zone_one_ticket_by_hand_never_gives_more_time() {
    // L3, 30 km (zone 1): 4 h → 14:00. set_level 1 at 13:00: L1 zone 1 is 2 h
    // from the raise = 15:00; the earlier 14:00 stands.
    let v = Case::new(3, "2026-11-27 10:00")
        .onsite(30.0)
        .at("2026-11-27 10:05", E::Responded)
        .at(
            "2026-11-27 13:00",
            E::SetLevel {
                level: lvl(1),
                reason: "数据损毁".into(),
            },
        )
        .view("2026-11-27 13:05");
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2026-11-27 14:00")
    );
}

#[test]
fn raising_a_zone_seven_ticket_keeps_friday_not_monday() {
    // L3, 600 km (zone 7), Wed 25 Nov 10:00: 3rd working day → Fri 27 Nov
    // 18:00. set_level 1 Thu 26 Nov 10:00 would count from Thu → Mon 30 Nov.
    let v = Case::new(3, "2026-11-25 10:00")
        .onsite(600.0)
        .at("2026-11-25 10:05", E::Responded)
        .at(
            "2026-11-26 10:00",
            E::SetLevel {
                level: lvl(1),
                reason: "升级".into(),
            },
        )
        .view("2026-11-26 10:05");
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2026-11-27 18:00")
    );
}

#[test]
fn a_milestone_the_raise_adds_starts_at_the_raise() {
    // L3 has no process start; raised to L2 at 10:20, it owes one by 10:50.
    let v = Case::new(3, "2026-11-27 10:00")
        .at(
            "2026-11-27 10:20",
            E::SetLevel {
                level: lvl(2),
                reason: "r".into(),
            },
        )
        .view("2026-11-27 10:25");
    assert_eq!(
        due(&v, M::ProcessStart).as_deref(),
        Some("2026-11-27 10:50")
    );
}

#[test]
fn a_waiver_at_level_one_still_requires_the_level_one_actions() {
    // L1 remote, responded 10:05 → restoration 13:05. Waived at 11:00: the
    // breach at 13:05 is recorded as waived, and the level-1 actions (standby
    // environment, higher-tier engineer, vendor experts) are still required.
    let v = Case::new(1, "2026-11-27 10:00")
        .at("2026-11-27 10:05", E::Responded)
        .at(
            "2026-11-27 11:00",
            E::Waived {
                agreed_by: "客户张总".into(),
                reason: "等待割接窗口".into(),
            },
        )
        .view("2026-11-27 14:00");
    assert_eq!(v.level, lvl(1));
    let actions: Vec<Action> = v.actions.iter().map(|a| a.action).collect();
    assert!(actions.contains(&Action::StandbyEnvironment));
    assert!(actions.contains(&Action::HigherTierEngineer));
    assert!(actions.contains(&Action::VendorExperts));
    assert!(v.actions.iter().all(|a| local(a.at) == "2026-11-27 13:05"));
    assert!(v
        .breaches
        .iter()
        .any(|b| b.milestone == M::Restoration && b.waived));
}

#[test]
fn a_missed_contract_handling_term_causes_one_raise_not_a_cascade() {
    // L2 on site, 30 km, contract: arrived 11:00 → handled by 13:00 (contract)
    // vs 14:00 (standard 3 h). Missed at 13:00 → raised to L1 at 13:00. The
    // new L1 window is 3 h from the raise = 16:00; the spent contract term
    // (13:00) no longer binds it, so no second raise at 13:00.
    let v = Case::new(2, "2026-11-27 10:00")
        .onsite(30.0)
        .contract(false)
        .at("2026-11-27 10:05", E::Responded)
        .at("2026-11-27 11:00", E::Arrived)
        .view("2026-11-27 13:30");
    assert_eq!(v.level, lvl(1));
    assert_eq!(v.escalations.len(), 1);
    assert_eq!(local(v.escalations[0].at), "2026-11-27 13:00");
    assert_eq!(due(&v, M::Restoration).as_deref(), Some("2026-11-27 16:00"));
    assert!(v
        .breaches
        .iter()
        .any(|b| b.milestone == M::Restoration && local(b.due) == "2026-11-27 13:00"));
}

#[test]
fn a_contract_term_that_falls_due_during_a_hardware_wait_does_not_bind_the_fresh_window() {
    // Arrived 11:00 (contract handled by 13:00); hardware wait 11:30–14:00:
    // no deadline while paused. At hardware ready a fresh standard window
    // starts (L3 2 h → 16:00); the 13:00 term lies before it and no longer binds.
    let v = Case::new(3, "2026-11-27 10:00")
        .onsite(30.0)
        .contract(false)
        .at("2026-11-27 10:05", E::Responded)
        .at("2026-11-27 11:00", E::Arrived)
        .at("2026-11-27 11:30", E::HardwareWait)
        .at("2026-11-27 14:00", E::HardwareReady)
        .view("2026-11-27 14:05");
    assert_eq!(v.level, lvl(3));
    assert_eq!(due(&v, M::Restoration).as_deref(), Some("2026-11-27 16:00"));
}

/// Events packed into the first ten hours, with level changes frequent, so
/// raises land while deadlines are still pending.
fn arb_busy_morning() -> impl Strategy<Value = (i64, bool, f64, bool, Vec<(i64, EventKind)>)> {
    (
        2i64..=4,
        any::<bool>(),
        prop_oneof![0.0..800.0f64, Just(400.0), Just(600.0)],
        any::<bool>(),
        prop::collection::vec(
            (
                0i64..600,
                prop_oneof![
                    3 => (1i64..=3).prop_map(|l| E::SetLevel { level: lvl(l), reason: "r".into() }),
                    1 => arb_kind(),
                ],
            ),
            1..8,
        ),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Section 4: whatever came before, a raise (by hand or automatic) never
    /// moves a deadline that had not yet passed to later.
    #[test]
    fn a_raise_never_moves_a_pending_deadline_later((level, onsite, km, contract, evs) in arb_busy_morning()) {
        let c = build(level, onsite, km, contract, &evs);
        let facts = TicketFacts { reported_at: t(c.reported), level: lvl(level), onsite, distance_km: km, in_province: c.in_province, contract: c.contract.as_ref() };
        let end = t("2026-11-27 10:00") + TimeDelta::days(6);
        let full = evaluate(&facts, &c.events, &standard(), &cn(), end);
        for e in full.escalations.iter().filter(|e| e.to < e.from) {
            // Only raises with no other event at the same instant: what the
            // raise alone did.
            let same_time = c.events.iter().filter(|x| x.at == e.at).count();
            if same_time > usize::from(!e.is_automatic()) {
                continue;
            }
            let (before_at, after_at) = if e.is_automatic() {
                (e.at, e.at + TimeDelta::seconds(1))
            } else {
                (e.at - TimeDelta::seconds(1), e.at)
            };
            let before = evaluate(&facts, &c.events, &standard(), &cn(), before_at);
            let after = evaluate(&facts, &c.events, &standard(), &cn(), after_at);
            if after.escalations.len() != before.escalations.len() + 1 {
                continue;
            }
            for m in before.milestones.iter().filter(|m| m.met_at.is_none()) {
                if e.is_automatic() && m.milestone == M::Restoration {
                    continue;
                }
                let (Some(was), Some(now)) = (m.due, after.milestone(m.milestone).and_then(|x| x.due)) else { continue };
                if was > after_at {
                    prop_assert!(now <= was, "{:?}: {} → {} at raise {}", m.milestone, local(was), local(now), local(e.at));
                }
            }
        }
    }
}
