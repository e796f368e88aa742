//! `faultline daemon`: the desk's unattended work, with no screen open —
//! automatic raises written as deadlines pass, preventive jobs created each
//! day. Everything it writes is idempotent (raises reconciled inside the
//! write lock, jobs keyed by plan and sequence), so any number of daemons,
//! consoles and sweeps can run on one desk without writing anything twice;
//! the only cost of a second daemon is its reading. It also sends the
//! paging hooks' notifications (one sender at a time, by lease).

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
    let hooks = ctx.settings.hooks();
    let holder = crate::hooks::holder();
    let mut noticed = std::collections::HashSet::new();
    let mut last_send = std::time::Instant::now() - Duration::from_secs(1);
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
        if !hooks.is_empty() && last_send.elapsed() >= Duration::from_secs(1) {
            last_send = std::time::Instant::now();
            page(&mut store, ctx, &hooks, &holder, &data, &mut noticed, now);
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    tracing::info!("daemon stopped");
    Ok(0)
}

/// Notices for what time brought, then one sending round; failures are
/// logged and the next second tries again.
fn page(
    store: &mut crate::store::Store,
    ctx: &Context,
    hooks: &[crate::hooks::Hook],
    holder: &str,
    data: &Data,
    noticed: &mut std::collections::HashSet<(crate::store::TicketId, String, String)>,
    now: crate::sla::Ts,
) {
    if let Err(e) = service::notice_timed(store, hooks, data.open_views(), now, noticed) {
        tracing::warn!(error = %e, "writing notices failed; retrying");
    }
    match service::send_hooks(store, &ctx.rules, hooks, ctx.lang, holder, now) {
        Ok(p) if p.sent + p.retried + p.dead > 0 => {
            tracing::info!(sent = p.sent, retried = p.retried, dead = p.dead, "hooks")
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "sending hooks failed; retrying"),
    }
}

/// The console's sender: a thread of its own (a request may take seconds)
/// on its own connection, one round a second, until the process ends.
/// Nothing to join: the lease is released after every round.
pub fn spawn_pager(ctx: &Context, path: std::path::PathBuf) {
    let hooks = ctx.settings.hooks();
    if hooks.is_empty() {
        return;
    }
    let (rules, lang, clock) = (ctx.rules.clone(), ctx.lang, ctx.clock());
    let spawned = std::thread::Builder::new()
        .name("pager".into())
        .spawn(move || {
            let mut store = match crate::store::Store::open(&path, crate::store::Access::ReadWrite)
            {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!(error = %e, "pager cannot open the desk");
                    return;
                }
            };
            let holder = crate::hooks::holder();
            loop {
                match service::send_hooks(&mut store, &rules, &hooks, lang, &holder, clock.now()) {
                    Ok(p) if p.sent + p.retried + p.dead > 0 => {
                        tracing::info!(sent = p.sent, retried = p.retried, dead = p.dead, "hooks")
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "sending hooks failed; retrying"),
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "cannot start the pager thread");
    }
}
