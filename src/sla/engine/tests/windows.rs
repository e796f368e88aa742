//! Sections 2 and 3: each milestone's window, the zones' arrival rules, and the clocks' starts and pauses.

use super::*;

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
    assert_eq!(late[0].met_at(), Some(t("2026-11-27 10:45")));
    // Level 2 also owed a process start by 10:30, still open: a breach too.
    assert!(v
        .breaches
        .iter()
        .any(|b| b.milestone == M::ProcessStart && b.met_at().is_none()));
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
        followup: false,
        held: false,
    };
    let before = evaluate(&facts, &c.events, &standard(), &cn(), t("2026-11-27 10:05"));
    assert_eq!(
        due(&before, M::OnsiteArrival).as_deref(),
        Some("2026-11-30 18:00")
    );
    // A corrected calendar declares Monday 30 Nov a holiday: no stale deadline.
    let mut changed = cn();
    let mut text: serde_json::Value =
        serde_json::from_str(include_str!("../../../../assets/calendar/cn/2026.json")).unwrap();
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
