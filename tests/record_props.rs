//! Section 7 as a property: whatever sequence of writes (back-dated or not,
//! voids, waivers, hardware waits, level changes) and sweeps, after every
//! step that wrote, the raises the log records are exactly the raises the
//! engine derives from the current log, and so is the closed ticket's
//! settled summary — through the real store on a real SQLite file.

use chrono::{TimeDelta, TimeZone};
use faultline::config::Rules;
use faultline::service::{self, derived_raises};
use faultline::sla::{Event, EventKind, Level, Ts};
use faultline::store::{DeskClock, Entry, NewSite, NewTicket, Store};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    /// Log `kind`, `back` minutes before now.
    Log(EventKind, i64),
    /// Void the n-th entry a person made (modulo their count).
    Void(usize),
    Sweep,
    /// Restore and close, `back` minutes before now (so that summaries,
    /// and voids that reopen, happen often).
    Finish(i64),
    /// The clock moves on, minutes.
    Advance(i64),
}

fn kind() -> impl Strategy<Value = EventKind> {
    prop_oneof![
        Just(EventKind::Responded),
        Just(EventKind::ExpertEngaged),
        Just(EventKind::OnsiteRequired),
        Just(EventKind::Arrived),
        Just(EventKind::HardwareWait),
        Just(EventKind::HardwareReady),
        Just(EventKind::Restored),
        Just(EventKind::Closed),
        Just(faultline::sla::Opinion::kind("周主任", "何军", None)),
        (1i64..=4).prop_map(|l| EventKind::SetLevel {
            level: Level::new(l).unwrap(),
            reason: "调整".into()
        }),
        Just(EventKind::Waived {
            agreed_by: "客户".into(),
            reason: "同意".into()
        }),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (kind(), 0i64..300).prop_map(|(k, b)| Op::Log(k, b)),
        1 => (0usize..20).prop_map(Op::Void),
        2 => Just(Op::Sweep),
        2 => (0i64..300).prop_map(Op::Finish),
        3 => (1i64..400).prop_map(Op::Advance),
    ]
}

fn start() -> Ts {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 11, 27, 8, 0, 0)
        .unwrap()
        .to_utc()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn recorded_raises_and_summaries_always_equal_the_engines((level, onsite) in (2i64..=4, any::<bool>()), ops in prop::collection::vec(op(), 1..16)) {
        let dir = tempfile::tempdir().unwrap();
        let rules = Rules::builtin().unwrap();
        let mut store = Store::create(&dir.path().join("desk.db"), DeskClock::Simulated).unwrap();
        store.add_office("上海分公司", None, None, None).unwrap();
        store.add_site(&NewSite {
            name: "张江机房".into(), distance_km: 25.0, in_province: true,
            contract: Some("dc-storage-expansion".into()), customer: None, city: None, lat: None, lon: None, pm: None,
        }).unwrap();
        let reported = start();
        let mut now = reported + TimeDelta::minutes(5);
        let id = service::open_ticket(&mut store, &rules, &NewTicket {
            site: "张江机房".into(), level: Level::new(level).unwrap(), title: "t".into(),
            reported_at: reported, onsite, approved_by: None, equipment: None,
            call: None,
        }, now).unwrap();
        let entry = Entry { by: Some("周婷"), ..Entry::default() };
        let sites = store.sites().unwrap();
        for op in ops {
            let wrote = match op.clone() {
                Op::Log(kind, back) => {
                    let at = (now - TimeDelta::minutes(back)).max(reported);
                    service::log_event(&mut store, &rules, id, Event { at, kind }, entry, now).is_ok()
                }
                Op::Void(n) => {
                    let t = store.ticket(id).unwrap();
                    let people: Vec<i64> = t.events.iter().zip(&t.meta)
                        .filter(|(e, _)| !matches!(e.kind, EventKind::Raised { .. } | EventKind::RaiseRetracted { .. } | EventKind::Void { .. }))
                        .map(|(_, m)| m.id)
                        .collect();
                    match people.get(n % people.len().max(1)) {
                        Some(&target) => service::log_event(&mut store, &rules, id,
                            Event { at: now, kind: EventKind::Void { event: target, reason: "更正".into() } }, entry, now).is_ok(),
                        None => false,
                    }
                }
                Op::Finish(back) => {
                    let at = (now - TimeDelta::minutes(back)).max(reported);
                    let restored = service::log_event(&mut store, &rules, id, Event { at, kind: EventKind::Restored }, entry, now).is_ok();
                    let opinion = faultline::sla::Opinion::kind("周主任", "何军", None);
                    let _ = service::log_event(&mut store, &rules, id, Event { at: now, kind: opinion }, entry, now);
                    let closed = service::log_event(&mut store, &rules, id, Event { at: now, kind: EventKind::Closed }, entry, now).is_ok();
                    restored || closed
                }
                Op::Sweep => {
                    let t = store.ticket(id).unwrap();
                    let v = service::evaluate(&t, &sites[0], &rules, now);
                    service::sweep(&mut store, &rules, &sites, std::iter::once((&t, &v)), now).unwrap();
                    true
                }
                Op::Advance(m) => {
                    now += TimeDelta::minutes(m);
                    false
                }
            };
            if wrote {
                let t = store.ticket(id).unwrap();
                let view = service::evaluate(&t, &sites[0], &rules, now);
                let derived: std::collections::BTreeSet<_> = derived_raises(&view).into_iter().collect();
                prop_assert_eq!(t.recorded_raises(), derived, "after {:?} at {}", op, now);
                // The settled summary follows the log the same way: the
                // closed ticket's outcomes, nothing once a void reopens it.
                let mut settled = service::settled(&view, &rules);
                settled.sort();
                let mut stored = store.settled_since(0).unwrap().added;
                stored.sort();
                prop_assert_eq!(stored, settled, "summary after {:?} at {}", op, now);
            }
        }
    }
}
