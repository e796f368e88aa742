//! What the log accepts, and that the view depends on what happened, not on how it was entered.

use super::*;

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
