//! The engine budget as the minimum of 300 runs: on a shared VM whose speed
//! drifts by a third between runs, the minimum is the figure that compares
//! two builds (run them interleaved). `cargo run --release --example engine-min`.

use chrono::TimeZone;
use faultline::config::Rules;
use faultline::sla::evaluate;

#[path = "../benches/common/tickets.rs"]
mod common;

fn main() -> anyhow::Result<()> {
    let rules = Rules::builtin()?;
    let data = common::tickets(&rules);
    let now = chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 11, 27, 14, 5, 0)
        .single()
        .ok_or_else(|| anyhow::anyhow!("no such time"))?
        .to_utc();
    let mut runs: Vec<f64> = (0..300)
        .map(|_| {
            let t = std::time::Instant::now();
            let mut due = 0i64;
            for (facts, events) in &data {
                let v = evaluate(facts, events, &rules.policy, &rules.calendar, now);
                due += v.remaining_seconds(now).unwrap_or(0);
            }
            std::hint::black_box(due);
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    println!(
        "evaluate 10k tickets x 10 events: min {:.2} ms  p10 {:.2}  median {:.2}",
        runs[0], runs[30], runs[150]
    );
    Ok(())
}
