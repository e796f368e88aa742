//! Builds a desk with years of history, through the store's own code:
//! `cargo run --release --example make-history -- DB CLOSED OPEN`
//! (e.g. 1000000 closed over 2025–2026 and 10000 open). A simulated desk,
//! relative to `FAULTLINE_NOW` (default 2026-11-27 14:05).

use anyhow::{bail, Context, Result};
use chrono::{TimeDelta, TimeZone};
use faultline::config::Rules;
use faultline::sla::{Event, EventKind, Level, TicketFacts, Ts};
use faultline::store::{DeskClock, HistoryTicket, NewEngineer, NewSite, Role, Store};

const SITES: [(&str, f64, bool); 12] = [
    ("苏州数据中心", 95.0, true),
    ("无锡灾备中心", 150.0, true),
    ("上海张江数据中心", 25.0, true),
    ("杭州云数据中心", 180.0, false),
    ("南京机房", 300.0, false),
    ("合肥超算中心", 420.0, false),
    ("武汉光谷机房", 700.0, false),
    ("北京亦庄数据中心", 1100.0, false),
    ("广州南沙机房", 1400.0, false),
    ("宁波港数据中心", 220.0, false),
    ("西安灾备中心", 1300.0, false),
    ("乌鲁木齐数据中心", 3300.0, false),
];
const ENGINEERS: [&str; 8] = [
    "王磊", "李娜", "张伟", "陈静", "刘洋", "赵敏", "孙浩", "吴强",
];

/// xorshift: reproducible and dependency-free.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> i64 {
        (self.next() % n.max(1)) as i64
    }
}

/// Its settled record, derived by the engine as a write would.
fn settle(t: &mut HistoryTicket, rules: &Rules, now: Ts) {
    let (_, km, province) = SITES[(t.site_id - 1) as usize];
    let facts = TicketFacts {
        reported_at: t.reported_at,
        level: t.level,
        onsite: t.onsite,
        distance_km: km,
        in_province: province,
        contract: rules.contract(province.then_some("dc-storage-expansion")),
        followup: false,
        held: false,
    };
    let events: Vec<Event> = t.events.iter().map(|(e, ..)| e.clone()).collect();
    let view = faultline::sla::evaluate(&facts, &events, &rules.policy, &rules.calendar, now);
    t.settled = faultline::service::settled(&view, rules);
}

fn ticket(rng: &mut Rng, reported: Ts, closed: bool, now: Ts) -> HistoryTicket {
    let level = Level::new(rng.below(4) + 1).unwrap_or(Level::ALL[3]);
    let site = rng.below(SITES.len() as u64) as usize;
    let onsite = level.number() < 4 && rng.below(3) == 0;
    let who = || "值班".to_string();
    let engineer = ENGINEERS[rng.below(ENGINEERS.len() as u64) as usize].to_string();
    let mut at = reported;
    let mut events = Vec::new();
    let push = |events: &mut Vec<(Event, Ts, String)>, at: Ts, kind: EventKind| {
        if at <= now {
            events.push((Event { at, kind }, at, who()));
        }
    };
    at += TimeDelta::minutes(2 + rng.below(5));
    push(&mut events, at, EventKind::Assigned { engineer });
    at += TimeDelta::minutes(3 + rng.below(20));
    push(&mut events, at, EventKind::Responded);
    at += TimeDelta::minutes(5 + rng.below(40));
    push(&mut events, at, EventKind::ExpertEngaged);
    if onsite {
        at += TimeDelta::minutes(60 + rng.below(300));
        push(&mut events, at, EventKind::Arrived);
    }
    if closed {
        at += TimeDelta::minutes(20 + rng.below(110));
        push(&mut events, at, EventKind::Restored);
        at += TimeDelta::hours(2 + rng.below(70));
        push(&mut events, at, EventKind::Closed);
    }
    HistoryTicket {
        site_id: site as i64 + 1,
        title: format!("历史故障 {}", rng.below(100_000)),
        level,
        onsite,
        reported_at: reported,
        events,
        settled: Vec::new(),
    }
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db, closed, open] = args.as_slice() else {
        bail!("usage: make-history DB CLOSED OPEN");
    };
    let closed: usize = closed.parse().context("CLOSED is a number")?;
    let open: usize = open.parse().context("OPEN is a number")?;
    let now = match std::env::var("FAULTLINE_NOW") {
        Ok(s) => faultline::time::parse(&s, chrono_tz::Asia::Shanghai)?,
        Err(_) => chrono_tz::Asia::Shanghai
            .with_ymd_and_hms(2026, 11, 27, 14, 5, 0)
            .single()
            .context("time")?
            .to_utc(),
    };
    let rules = Rules::builtin()?;
    let started = std::time::Instant::now();
    let mut store = Store::create(std::path::Path::new(db), DeskClock::Simulated)?;
    store.add_office("上海分公司", Some("上海"), Some(31.23), Some(121.47))?;
    for (name, km, province) in SITES {
        store.add_site(&NewSite {
            name: name.into(),
            distance_km: km,
            in_province: province,
            contract: province.then(|| "dc-storage-expansion".to_string()),
            customer: None,
            city: None,
            lat: None,
            lon: None,
            pm: None,
        })?;
    }
    for name in ENGINEERS {
        store.add_engineer(&NewEngineer {
            name: name.into(),
            role: Role::Senior,
            office: "上海分公司".into(),
            shift: None,
        })?;
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    // Closed history spread evenly over the two shipped calendar years,
    // ending a week before now; open work reported in the last two days.
    let start = chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .context("time")?
        .to_utc();
    let span = (now - TimeDelta::days(7) - start).num_seconds().max(1) as u64;
    let batch = 20_000;
    let mut written = 0;
    while written < closed {
        let n = batch.min(closed - written);
        let tickets: Vec<HistoryTicket> = (0..n)
            .map(|i| {
                let offset = span * (written + i) as u64 / closed.max(1) as u64;
                let mut t = ticket(
                    &mut rng,
                    start + TimeDelta::seconds(offset as i64),
                    true,
                    now,
                );
                settle(&mut t, &rules, now);
                t
            })
            .collect();
        written += store.append_history(&tickets, now)?;
    }
    let tickets: Vec<HistoryTicket> = (0..open)
        .map(|_| {
            let reported = now - TimeDelta::minutes(1 + rng.below(2 * 24 * 60));
            ticket(&mut rng, reported, false, now)
        })
        .collect();
    for chunk in tickets.chunks(batch) {
        store.append_history(chunk, now)?;
    }
    println!(
        "{db}: {closed} closed + {open} open tickets in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
