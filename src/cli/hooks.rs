//! `faultline hooks status|test`, and the sending a `sweep` does.

use crate::msg::labels;
use std::time::{Duration, Instant};

use anyhow::Result;

use super::args::HooksCmd;
use crate::context::Context;
use crate::error::bad;
use crate::service;
use crate::sla::{TicketView, Ts};
use crate::store::{Store, Ticket};

/// How long a `sweep` waits for another process's sending to finish, so
/// the notices it found go out before it exits.
const WAIT_FOR_LEASE: Duration = Duration::from_secs(15);

/// The sweep's paging: notices for what time brought, then one sending
/// round (after another sender's, if one is at work). Prints `sent N`
/// (and retries, dead letters) when anything was tried.
pub fn sweep<'a>(
    ctx: &Context,
    store: &mut Store,
    views: impl Iterator<Item = (&'a Ticket, &'a TicketView)>,
    now: Ts,
) -> Result<()> {
    let hooks = ctx.settings.hooks();
    if hooks.is_empty() {
        return Ok(());
    }
    service::notice_timed(store, &hooks, views, now, &mut Default::default())?;
    let holder = crate::hooks::holder();
    let start = Instant::now();
    loop {
        let p = service::send_hooks(store, &ctx.rules, &hooks, ctx.lang, &holder, now)?;
        if p.held || !store.hooks_work(crate::hooks::real_ms())? {
            if p.sent + p.retried + p.dead + p.skipped > 0 {
                println!(
                    "sent {} retry {} dead {} skipped {}",
                    p.sent, p.retried, p.dead, p.skipped
                );
            }
            return Ok(());
        }
        if start.elapsed() > WAIT_FOR_LEASE {
            eprintln!("{}", labels::another_process_sends(ctx.lang));
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub fn run(ctx: &Context, cmd: &HooksCmd) -> Result<u8> {
    match cmd {
        HooksCmd::Status { json } => status(ctx, *json),
        HooksCmd::Test { name } => test(ctx, name),
    }
}

fn status(ctx: &Context, json: bool) -> Result<u8> {
    let store = ctx.reader()?;
    let hooks = ctx.settings.hooks();
    let mut counts = store.hook_counts()?;
    // Configured hooks with nothing sent yet still show.
    for h in &hooks {
        if !counts.iter().any(|c| c.hook == h.name) {
            counts.push(crate::store::HookCounts {
                hook: h.name.clone(),
                ..Default::default()
            });
        }
    }
    counts.sort_by(|a, b| a.hook.cmp(&b.hook));
    let lease = store
        .lease("hooks")?
        .filter(|(_, until)| *until > crate::hooks::real_ms());
    if json {
        let out = serde_json::json!({
            "hooks": counts,
            "sender": lease.as_ref().map(|(h, _)| h),
        });
        println!("{out}");
        return Ok(0);
    }
    for c in &counts {
        let target = hooks
            .iter()
            .find(|h| h.name == c.hook)
            .map(|h| h.target.label())
            .unwrap_or(crate::msg::notice::removed_hook(ctx.lang));
        let error = c
            .last_error
            .as_deref()
            .map(|e| format!("  {e}"))
            .unwrap_or_default();
        println!(
            "{}",
            crate::msg::screen::hook_counts(
                ctx.lang,
                &c.hook,
                target,
                [c.pending, c.sent, c.skipped, c.dead],
                &error
            )
        );
    }
    if counts.is_empty() {
        println!("{}", labels::no_hooks_configured(ctx.lang));
    }
    if let Some((holder, _)) = lease {
        println!("{} {holder}", labels::sending_now(ctx.lang));
    }
    let dead: u64 = counts.iter().map(|c| c.dead).sum();
    Ok(if dead > 0 { 1 } else { 0 })
}

fn test(ctx: &Context, name: &str) -> Result<u8> {
    let hooks = ctx.settings.hooks();
    let Some(hook) = hooks.iter().find(|h| h.name == name) else {
        let names: Vec<&str> = hooks.iter().map(|h| h.name.as_str()).collect();
        return bad(crate::msg::cli::no_hook(name, &names.join(", ")));
    };
    let msg = crate::hooks::message(
        &crate::hooks::sample(ctx.now()),
        ctx.lang,
        ctx.rules.policy.tz,
    );
    match crate::hooks::deliver(hook, &msg, crate::hooks::real_ms()) {
        crate::hooks::Outcome::Sent => {
            println!("{} {name}", labels::sample_sent_to(ctx.lang));
            Ok(0)
        }
        crate::hooks::Outcome::Retry(e) | crate::hooks::Outcome::Fail(e) => {
            eprintln!("faultline: hook {name:?}: {e}");
            Ok(1)
        }
    }
}
