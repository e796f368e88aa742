//! The engine budget as the minimum of 300 runs (see `min_of_runs`); run two
//! builds interleaved to compare them. `cargo run --release --example engine-min`.

use faultline::config::Rules;

#[path = "../benches/common/tickets.rs"]
mod common;

fn main() -> anyhow::Result<()> {
    let rules = Rules::builtin()?;
    let data = common::tickets(&rules);
    println!("{}", common::min_of_runs(&rules, &data, 300));
    Ok(())
}
