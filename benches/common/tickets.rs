//! The engine benchmark's desk: 10,000 open tickets with ~10 events each,
//! shared by `cargo bench --bench engine` and `examples/engine-min.rs`, and
//! the run both print: the minimum of many passes over it.

use chrono::{TimeDelta, TimeZone};
use faultline::config::Rules;
use faultline::sla::{Event, EventKind, Level, TicketFacts};

pub fn tickets(rules: &Rules) -> Vec<(TicketFacts<'_>, Vec<Event>)> {
    let base = chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 11, 27, 8, 0, 0)
        .unwrap()
        .to_utc();
    let contract = rules.contracts.get("dc-storage-expansion");
    let kms = [12.0, 60.0, 95.0, 200.0, 300.0, 400.0, 600.0, 1000.0, 2000.0];
    (0..10_000)
        .map(|i| {
            let reported = base - TimeDelta::minutes((i * 7 % 2000) as i64);
            let level = Level::new((i % 4) as i64 + 1).unwrap();
            let facts = TicketFacts {
                reported_at: reported,
                level,
                onsite: i % 3 != 0,
                distance_km: kms[i % kms.len()],
                in_province: i % 2 == 0,
                contract: if i % 2 == 0 { contract } else { None },
                followup: false,
                held: false,
            };
            let m = |x: i64| reported + TimeDelta::minutes(x);
            let mut events = vec![
                Event {
                    at: m(3),
                    kind: EventKind::Assigned {
                        engineer: "王磊".into(),
                    },
                },
                Event {
                    at: m(10),
                    kind: EventKind::Responded,
                },
                Event {
                    at: m(20),
                    kind: EventKind::ProcessStarted,
                },
                Event {
                    at: m(25),
                    kind: EventKind::DirectorEngaged,
                },
                Event {
                    at: m(40),
                    kind: EventKind::ExpertEngaged,
                },
                Event {
                    at: m(45),
                    kind: EventKind::Note,
                },
                Event {
                    at: m(90),
                    kind: EventKind::Arrived,
                },
                Event {
                    at: m(100),
                    kind: EventKind::HardwareWait,
                },
                Event {
                    at: m(160),
                    kind: EventKind::HardwareReady,
                },
                Event {
                    at: m(170),
                    kind: EventKind::Note,
                },
            ];
            if i % 3 == 0 {
                events[6] = Event {
                    at: m(90),
                    kind: EventKind::SetLevel {
                        level: Level::new(2).unwrap(),
                        reason: "升级".into(),
                    },
                };
            }
            (facts, events)
        })
        .collect()
}

/// `now` for the benchmark: the demo desk's afternoon.
pub fn now() -> faultline::sla::Ts {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 11, 27, 14, 5, 0)
        .unwrap()
        .to_utc()
}

/// One pass: every ticket evaluated, as a screen does when a deadline passes.
pub fn evaluate_all(
    rules: &Rules,
    data: &[(TicketFacts<'_>, Vec<Event>)],
    now: faultline::sla::Ts,
) -> i64 {
    let mut due = 0i64;
    for (facts, events) in data {
        let v = faultline::sla::evaluate(facts, events, &rules.policy, &rules.calendar, now);
        due += v.remaining_seconds(now).unwrap_or(0);
    }
    std::hint::black_box(due)
}

/// The minimum, 10th percentile and median of `runs` passes, in ms. On a
/// shared VM whose speed drifts by a third between runs (criterion's mean
/// moves with it), the minimum is the figure that compares two builds.
pub fn min_of_runs(rules: &Rules, data: &[(TicketFacts<'_>, Vec<Event>)], runs: usize) -> String {
    let now = now();
    let mut ms: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let t = std::time::Instant::now();
            evaluate_all(rules, data, now);
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    format!(
        "evaluate 10k tickets x 10 events: min {:.2} ms  p10 {:.2}  median {:.2}  ({} runs)",
        ms[0],
        ms[ms.len() / 10],
        ms[ms.len() / 2],
        ms.len()
    )
}
