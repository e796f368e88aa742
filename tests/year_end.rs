//! Section 3 at the year end: with no 2027 calendar file, every fault of
//! December 2026 and January 2027 is recorded, every event logs, every
//! deadline that needs no calendar is exact, and working-day deadlines that
//! reach into 2027 are provisional; with the 2027 file, none is.

use chrono::{Datelike, NaiveDate, TimeDelta, TimeZone};
use faultline::config::{load_rules, Rules};
use faultline::service;
use faultline::sla::{Event, EventKind, Level, Milestone, Ts};
use faultline::store::{DeskClock, Entry, NewSite, NewTicket, Store};

const CALENDAR_2027: &str = r#"{"year": 2027, "papers": [], "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "春节", "date": "2027-02-08", "isOffDay": true}
]}"#;

fn shanghai(d: NaiveDate, h: u32) -> Ts {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(d.year(), d.month(), d.day(), h, 0, 0)
        .unwrap()
        .to_utc()
}

/// (km, the arrival rule needs the calendar)
const SITES: [(&str, f64, bool); 4] = [
    ("近郊机房", 30.0, false),
    ("合肥机房", 400.0, true),
    ("武汉机房", 600.0, true),
    ("北京机房", 1000.0, true),
];

fn desk(dir: &std::path::Path) -> Store {
    let mut store = Store::create(&dir.join("desk.db"), DeskClock::Simulated).unwrap();
    store.add_office("上海分公司", None, None, None).unwrap();
    for (name, km, _) in SITES {
        store
            .add_site(&NewSite {
                name: name.into(),
                distance_km: km,
                ..NewSite::default()
            })
            .unwrap();
    }
    store
}

/// Opens and works a ticket per site and level on every day; returns how
/// many arrival deadlines were provisional.
fn december_and_january(rules: &Rules, dir: &std::path::Path) -> usize {
    let mut store = desk(dir);
    let sites = store.sites().unwrap();
    let mut provisional = 0;
    let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    for day in first.iter_days().take(62) {
        for (name, _, needs_calendar) in SITES {
            for level in 1..=3 {
                let reported = shanghai(day, 10);
                let new = NewTicket {
                    site: name.into(),
                    level: Level::new(level).unwrap(),
                    title: "阵列告警".into(),
                    reported_at: reported,
                    onsite: true,
                    approved_by: None,
                    equipment: None,
                    call: None,
                };
                let id = service::open_ticket(&mut store, rules, &new, reported)
                    .unwrap_or_else(|e| panic!("{day} {name} L{level}: {e}"));
                for (minutes, kind) in [
                    (10, EventKind::Responded),
                    (20, EventKind::ExpertEngaged),
                    (60, EventKind::Arrived),
                    (90, EventKind::Restored),
                ] {
                    let at = reported + TimeDelta::minutes(minutes);
                    service::log_event(
                        &mut store,
                        rules,
                        id,
                        Event { at, kind },
                        Entry {
                            by: Some("值班"),
                            ..Entry::default()
                        },
                        at,
                    )
                    .unwrap_or_else(|e| panic!("{day} {name} L{level} #{id}: {e}"));
                }
                let ticket = store.ticket(id).unwrap();
                let site = sites.iter().find(|s| s.id == ticket.site_id).unwrap();
                let v = service::evaluate(&ticket, site, rules, reported + TimeDelta::minutes(5));
                assert!(v.problems.is_empty(), "{day}: {:?}", v.problems);
                let response = v.milestone(Milestone::RemoteResponse).unwrap();
                assert_eq!(response.due(), Some(reported + TimeDelta::minutes(30)));
                assert_eq!(response.provisional, None);
                let expert = v.milestone(Milestone::ExpertResponse).unwrap();
                assert_eq!(expert.due(), Some(reported + TimeDelta::hours(1)));
                assert_eq!(expert.provisional, None);
                let arrival = v.milestone(Milestone::OnsiteArrival).unwrap();
                let due = arrival.due().expect("every arrival has a deadline");
                let due_year = due.with_timezone(&chrono_tz::Asia::Shanghai).year();
                if !needs_calendar || rules.calendar.years().any(|y| y == 2027) {
                    assert_eq!(arrival.provisional, None, "{day} {name}");
                } else {
                    // A walk that reached 2027 guessed it; one that stayed in
                    // 2026 did not.
                    let expected = (due_year == 2027).then_some(2027);
                    assert_eq!(arrival.provisional, expected, "{day} {name} due {due}");
                }
                provisional += usize::from(arrival.provisional.is_some());
            }
        }
    }
    provisional
}

#[test]
fn every_fault_of_december_and_january_opens_and_logs_without_a_2027_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let rules = Rules::builtin().unwrap();
    assert!(
        !rules.calendar.years().any(|y| y == 2027),
        "this test needs 2027 missing"
    );
    let provisional = december_and_january(&rules, dir.path());
    // Every January report with a working-day arrival, and late-December ones.
    assert!(provisional > 31 * 3 * 3, "{provisional}");
}

#[test]
fn with_the_2027_file_added_no_deadline_is_provisional() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("calendar/cn")).unwrap();
    std::fs::write(config.join("calendar/cn/2027.json"), CALENDAR_2027).unwrap();
    let rules = load_rules(Some(&config)).unwrap();
    assert_eq!(december_and_january(&rules, dir.path()), 0);
}
