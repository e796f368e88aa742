//! The engine budget as the minimum of 300 runs (see `min_of_runs`); run two
//! builds interleaved to compare them (`scripts/engine-compare.sh`).
//! `cargo run --release --example engine-min`.
//! An argument sets the number of runs: `engine-min 3` under `valgrind
//! --tool=callgrind` counts instructions, which a noisy VM does not blur.

use faultline::config::Rules;

#[path = "../benches/common/tickets.rs"]
mod common;

fn main() -> anyhow::Result<()> {
    let rules = Rules::builtin()?;
    let data = common::tickets(&rules);
    let runs = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 300,
    };
    println!("{}", common::min_of_runs(&rules, &data, runs));
    Ok(())
}
