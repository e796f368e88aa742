//! Issue budget: evaluating 10,000 open tickets with ~10 events each takes
//! under 10 ms on one core. `cargo bench --bench engine` prints the figure.

use chrono::TimeZone;
use criterion::{criterion_group, criterion_main, Criterion};
use faultline::config::Rules;
use faultline::sla::evaluate;

#[path = "common/tickets.rs"]
mod common;
use common::tickets;

fn bench(c: &mut Criterion) {
    let rules = Rules::builtin().unwrap();
    let data = tickets(&rules);
    let now = chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 11, 27, 14, 5, 0)
        .unwrap()
        .to_utc();
    // Sanity: every deadline computes.
    assert!(data
        .iter()
        .all(|(f, e)| evaluate(f, e, &rules.policy, &rules.calendar, now)
            .problems
            .is_empty()));
    c.bench_function("evaluate 10k tickets x 10 events", |b| {
        b.iter(|| {
            let mut due = 0i64;
            for (facts, events) in &data {
                let v = evaluate(facts, events, &rules.policy, &rules.calendar, now);
                due += v.remaining_seconds(now).unwrap_or(0);
            }
            std::hint::black_box(due)
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
