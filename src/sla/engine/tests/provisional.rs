//! Deadlines that need a calendar year not yet published are provisional, never refused.

use super::*;

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
