//! `faultline daemon`: the desk's unattended work, with no screen open —
//! automatic raises written as deadlines pass, preventive jobs created each
//! day. Everything it writes is idempotent (raises reconciled inside the
//! write lock, jobs keyed by plan and sequence), so any number of daemons,
//! consoles and sweeps can run on one desk without writing anything twice;
//! the only cost of a second daemon is its reading.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Result;

use crate::context::Context;
use crate::service;
use crate::tui::data::Data;

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn stop(_: libc::c_int) {
    STOP.store(true, Ordering::Relaxed);
}

/// Runs until SIGTERM or SIGINT (exit 0). A write that fails (locked, read
/// only, disk full) is logged and tried again the next second.
pub fn run(ctx: &Context) -> Result<u8> {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGTERM, stop as *const () as libc::sighandler_t);
        libc::signal(libc::SIGINT, stop as *const () as libc::sighandler_t);
    }
    let (mut store, _) = ctx.writer()?;
    let now = ctx.live_now();
    let mut data = Data::load(&store, &ctx.rules, now)?;
    let mut version = crate::store::DataVersion::default();
    let (mut sweep_due, mut jobs_day) = (true, None);
    tracing::info!(db = %store.path().display(), "daemon started");
    eprintln!("faultline daemon: {}", store.path().display());
    while !STOP.load(Ordering::Relaxed) {
        let now = ctx.live_now();
        if version.changed(&store).unwrap_or(true) {
            match data.reload(&store, &ctx.rules) {
                Ok(()) => sweep_due = true,
                Err(e) => tracing::warn!(error = %e, "reload failed"),
            }
        }
        sweep_due |= data.tick(&ctx.rules, now);
        if sweep_due {
            match service::sweep(&mut store, &ctx.rules, &data.sites, data.open_views(), now) {
                Ok(n) => {
                    sweep_due = false;
                    if n > 0 {
                        tracing::info!(records = n, "automatic raises recorded");
                        // Our own commit does not move our data_version.
                        if let Err(e) = data.reload(&store, &ctx.rules) {
                            tracing::warn!(error = %e, "reload failed");
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "sweep failed; retrying"),
            }
        }
        let today = now.with_timezone(&ctx.rules.policy.tz).date_naive();
        if jobs_day != Some(today) {
            match service::create_jobs(&mut store, &ctx.rules, now) {
                Ok(n) => {
                    jobs_day = Some(today);
                    if n > 0 {
                        tracing::info!(jobs = n, "preventive jobs created");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "creating jobs failed; retrying"),
            }
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    tracing::info!("daemon stopped");
    Ok(0)
}
