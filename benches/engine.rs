//! Issue budget: evaluating 10,000 open tickets with ~10 events each takes
//! under 5 ms on one core. `cargo bench --bench engine` prints criterion's
//! estimate of the mean and, first, the minimum of 300 runs: on a shared VM
//! the mean follows the host's load, the minimum follows the code.

use criterion::{criterion_group, Criterion};
use faultline::config::Rules;
use faultline::sla::evaluate;

#[path = "common/tickets.rs"]
mod common;
use common::tickets;

fn bench(c: &mut Criterion) {
    let rules = Rules::builtin().unwrap();
    let data = tickets(&rules);
    let now = common::now();
    // Sanity: every deadline computes.
    assert!(data
        .iter()
        .all(|(f, e)| evaluate(f, e, &rules.policy, &rules.calendar, now)
            .problems
            .is_empty()));
    println!("{}", common::min_of_runs(&rules, &data, 300));
    c.bench_function("evaluate 10k tickets x 10 events", |b| {
        b.iter(|| common::evaluate_all(&rules, &data, now))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(5));
    targets = bench
}
criterion::criterion_main!(benches);
