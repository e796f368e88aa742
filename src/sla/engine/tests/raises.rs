//! Section 4: raises at the deadline, waivers, levels set by hand, and deadlines carried over a raise.

use super::*;

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
        .any(|b| b.milestone == M::OnsiteArrival && b.due() == t("2026-11-27 13:00")));
    assert_eq!(
        due(&v, M::OnsiteArrival).as_deref(),
        Some("2026-11-27 16:00")
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
