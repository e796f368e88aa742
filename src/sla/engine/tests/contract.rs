//! The customer contract's terms and triggers over the standard tables.

use super::*;

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
        .any(|b| b.milestone == M::Restoration && local(b.due()) == "2026-11-27 13:00"));
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
