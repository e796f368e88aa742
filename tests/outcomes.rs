//! Issue 9: compliance from the settled summaries equals compliance the
//! engine computes from every ticket's full log, on a mixed desk (met, late,
//! breached, waived, raised, reopened by a void, still open); and on a desk
//! from before the summaries, `rebuild` reproduces the same figures.

use chrono::{TimeDelta, TimeZone};
use faultline::compliance::{compliance, Compliance, Tallies};
use faultline::config::Rules;
use faultline::service;
use faultline::sla::{Event, EventKind, Level, Ts};
use faultline::store::{Access, DeskClock, Entry, NewTicket, Store};
use faultline::tui::data::Data;
use faultline::tui::stats::Figures;

fn now() -> Ts {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 11, 27, 14, 5, 0)
        .unwrap()
        .to_utc()
}

/// xorshift: the same mixed desk every run.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> i64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n) as i64
    }
}

const ENTRY: Entry = Entry {
    by: Some("林晓"),
    performed_by: None,
    note: None,
};

/// 240 tickets over the last 24 days, each written as it happened (the
/// desk's clock a few minutes after each event), some recorded hours late,
/// some closed and then reopened by a void.
fn mixed_desk(path: &std::path::Path, rules: &Rules) -> Store {
    let mut store = Store::create(path, DeskClock::Simulated).unwrap();
    faultline::demo::seed(&mut store, rules, now()).unwrap();
    let sites = store.sites().unwrap();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut counts = [0usize; 4];
    for i in 0..240 {
        let reported = now() - TimeDelta::minutes(24 * 60 * 24 * (240 - i) / 240 + 30);
        let level = Level::new(rng.below(4) + 1).unwrap();
        let site = &sites[rng.below(sites.len() as u64) as usize];
        let new = NewTicket {
            site: site.name.clone(),
            level,
            title: format!("混合 {i}"),
            reported_at: reported,
            onsite: level.number() < 4 && rng.below(3) == 0,
            approved_by: Some("项目经理".into()),
            equipment: None,
            call: None,
        };
        let Ok(id) = service::open_ticket(&mut store, rules, &new, reported) else {
            continue;
        };
        let late_by = if rng.below(5) == 0 { 240 } else { 2 };
        let mut at = reported;
        let log = |store: &mut Store, at: Ts, kind: EventKind| {
            let when = (at + TimeDelta::minutes(late_by)).min(now());
            (at <= now())
                .then(|| service::log_event(store, rules, id, Event { at, kind }, ENTRY, when).ok())
                .flatten()
        };
        at += TimeDelta::minutes(5 + rng.below(40));
        log(&mut store, at, EventKind::Responded);
        at += TimeDelta::minutes(10 + rng.below(90));
        log(&mut store, at, EventKind::ExpertEngaged);
        if new.onsite {
            at += TimeDelta::minutes(60 + rng.below(600));
            log(&mut store, at, EventKind::Arrived);
        }
        if rng.below(6) == 0 {
            log(
                &mut store,
                at + TimeDelta::minutes(5),
                EventKind::Waived {
                    agreed_by: "客户王总".into(),
                    reason: "备件周末到货".into(),
                },
            );
        }
        at += TimeDelta::minutes(30 + rng.below(400));
        if rng.below(8) == 0 {
            continue; // still open
        }
        log(&mut store, at, EventKind::Restored);
        at += TimeDelta::minutes(60 + rng.below(2000));
        log(&mut store, at, opinion());
        follow_up(&mut store, rules, id, at);
        let Some(closed) = log(&mut store, at, EventKind::Closed) else {
            continue;
        };
        counts[0] += 1;
        if rng.below(10) == 0 {
            let when = (at + TimeDelta::hours(3)).min(now());
            let void = Event {
                at: when,
                kind: EventKind::Void {
                    event: closed,
                    reason: "客户未签字".into(),
                },
            };
            if service::log_event(&mut store, rules, id, void, ENTRY, when).is_ok() {
                counts[1] += 1;
            }
        }
    }
    assert!(counts[0] > 120, "closed {counts:?}");
    assert!(counts[1] > 3, "reopened {counts:?}");
    store
}

/// The site project manager's follow-up, which closing waits for (none
/// on a site without one: then this is refused and changes nothing).
fn follow_up(store: &mut Store, rules: &Rules, id: faultline::store::TicketId, at: Ts) {
    let kind = EventKind::Followup(Box::new(faultline::sla::Followup {
        contact: "周主任".into(),
        outcome: faultline::sla::FollowupOutcome::Resolved,
        rating: 4,
    }));
    let by = Entry {
        by: Some("何军"),
        ..ENTRY
    };
    let _ = service::log_event(store, rules, id, Event { at, kind }, by, at);
}

/// The engine over every ticket's whole log.
fn from_full_log(store: &Store, rules: &Rules) -> Compliance {
    let sites = store.sites().unwrap();
    let mut t = Tallies::default();
    for ticket in store
        .tickets_after(faultline::store::TicketId(0), 100_000)
        .unwrap()
    {
        let site = sites.iter().find(|s| s.id == ticket.site_id).unwrap();
        let view = service::evaluate(&ticket, site, rules, now());
        t.add_view(&view, rules.policy.tz);
    }
    compliance(&t, now().with_timezone(&rules.policy.tz).date_naive())
}

/// What the wall shows: summaries for closed tickets, open ones live.
fn from_summaries(store: &Store, rules: &Rules) -> Compliance {
    let tz = rules.policy.tz;
    let data = Data::load(store, rules, now()).unwrap();
    Figures::load(store, now(), tz)
        .unwrap()
        .compliance(&data, tz)
}

#[test]
fn compliance_from_summaries_equals_the_engine_over_the_full_log_and_rebuild_reproduces_it() {
    let dir = tempfile::tempdir().unwrap();
    let rules = Rules::builtin().unwrap();
    let path = dir.path().join("desk.db");
    let store = mixed_desk(&path, &rules);
    let truth = from_full_log(&store, &rules);
    let c = &truth.last_30.0;
    assert!(c.met > 100 && c.late > 20 && c.breached > 5, "{c:?}");
    assert!(c.waived > 0 && truth.raises_30 > 5, "{truth:?}");
    assert_eq!(from_summaries(&store, &rules), truth);

    // The same desk as it was before summaries existed (schema 3): the
    // upgrade asks for a rebuild, which reproduces the figures, and a
    // second rebuild has nothing to add.
    drop(store);
    let old = dir.path().join("old.db");
    std::fs::copy(&path, &old).unwrap();
    {
        let conn = rusqlite::Connection::open(&old).unwrap();
        conn.execute_batch(
            "DROP TABLE outcomes; DELETE FROM desk WHERE key = 'outcomes';
             DROP TABLE deliveries; DROP TABLE notices; DROP TABLE hook_sends; DROP TABLE leases;
             DROP TABLE jobs; DROP TABLE plans;
             ALTER TABLE sites DROP COLUMN pm; DROP TABLE equipment;
             ALTER TABLE tickets DROP COLUMN held; ALTER TABLE tickets DROP COLUMN equipment_id;
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    let mut store = Store::open(&old, Access::ReadWrite).unwrap();
    assert!(store.settled_need_rebuild().unwrap());
    assert_ne!(from_summaries(&store, &rules), truth);
    let first = service::rebuild(&mut store, &rules, now()).unwrap();
    assert!(first.written > 500, "{first:?}");
    assert!(!store.settled_need_rebuild().unwrap());
    assert_eq!(from_summaries(&store, &rules), truth);
    let again = service::rebuild(&mut store, &rules, now()).unwrap();
    assert_eq!(again.written, 0);
}

#[test]
fn a_screen_following_new_summaries_agrees_with_a_fresh_load() {
    let dir = tempfile::tempdir().unwrap();
    let rules = Rules::builtin().unwrap();
    let mut store = mixed_desk(&dir.path().join("desk.db"), &rules);
    let tz = rules.policy.tz;
    let mut figures = Figures::load(&store, now(), tz).unwrap();
    // Close every open ticket, then reopen one by a void: the running
    // figures take each new revision in and the previous one out.
    let open: Vec<faultline::store::TicketId> = Data::load(&store, &rules, now())
        .unwrap()
        .rows()
        .map(|r| r.ticket.id)
        .collect();
    assert!(open.len() > 10);
    let mut last = None;
    for id in &open {
        for kind in [EventKind::Restored, opinion(), EventKind::Closed] {
            let at = now();
            if kind == EventKind::Closed {
                follow_up(&mut store, &rules, *id, at);
            }
            if let Ok(e) =
                service::log_event(&mut store, &rules, *id, Event { at, kind }, ENTRY, at)
            {
                last = Some((*id, e));
            }
        }
    }
    let (id, closed) = last.unwrap();
    let void = EventKind::Void {
        event: closed,
        reason: "误关".into(),
    };
    service::log_event(
        &mut store,
        &rules,
        id,
        Event {
            at: now(),
            kind: void,
        },
        ENTRY,
        now(),
    )
    .unwrap();
    assert!(figures.poll(&store).unwrap());
    let data = Data::load(&store, &rules, now()).unwrap();
    let fresh = Figures::load(&store, now(), tz).unwrap();
    assert_eq!(figures.compliance(&data, tz), fresh.compliance(&data, tz));
    assert_eq!(fresh.compliance(&data, tz), from_full_log(&store, &rules));
}

/// The customer's signed service opinion, which closing requires.
fn opinion() -> EventKind {
    faultline::sla::Opinion::kind("周主任", "何军", None)
}
