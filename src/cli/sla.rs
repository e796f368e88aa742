//! `sla`: how much time is left, for people and for scripts.

use super::*;
use crate::msg::labels;

pub(super) fn sla(ctx: &Context, args: &SlaArgs) -> Result<u8> {
    let who = if args.mine {
        match ctx.user() {
            Some(u) => Some(u),
            None => return bad(crate::msg::cli::mine_needs_name()),
        }
    } else {
        args.engineer.clone()
    };
    let store = ctx.reader()?;
    if let Some(name) = &who {
        if !store.engineers()?.iter().any(|e| &e.name == name) {
            return bad(crate::msg::store::unknown_engineer(name));
        }
    }
    let tty = std::io::stdout().is_terminal();
    if args.all && !args.watch {
        return sla_all(ctx, &store, who.as_deref(), args.json, tty);
    }
    let render = |now: Ts| -> Result<(String, u8, Vec<String>)> {
        let snap = store.snapshot(if args.all { Ts::MIN_UTC } else { now })?;
        let sites = store.sites()?;
        let rows: Vec<service::Row> = service::rows(&snap, &sites, &ctx.rules, now, args.all)
            .into_iter()
            .filter(|r| {
                who.as_ref()
                    .is_none_or(|w| r.ticket.assignees().contains(&w.as_str()))
            })
            .collect();
        let errors: Vec<String> = rows
            .iter()
            .filter_map(|r| {
                r.view
                    .as_ref()
                    .err()
                    .map(|e| format!("#{}: {e}", r.ticket.id))
            })
            .collect();
        let breached = rows
            .iter()
            .any(|r| r.view.as_ref().is_ok_and(|v| v.is_breached_now()));
        let out = if args.json {
            // Item by item: no second copy of every row as a JSON tree.
            let mut s = String::from("[");
            for (i, r) in rows.iter().enumerate() {
                s.push_str(if i == 0 { "\n" } else { ",\n" });
                s.push_str(&serde_json::to_string_pretty(&output::row_json(
                    r, ctx, now,
                ))?);
            }
            s.push_str(if rows.is_empty() { "]\n" } else { "\n]\n" });
            s
        } else if let Some(t) = ctx.as_of {
            // The reader must know this is the past, as the desk knew it.
            format!(
                "{} {}\n{}",
                labels::as_recorded_by(ctx.lang),
                ctx.rules.policy.local_minute(t),
                output::sla_table(&rows, ctx, now, tty)
            )
        } else {
            output::sla_table(&rows, ctx, now, tty)
        };
        Ok((out, if breached { 3 } else { 0 }, errors))
    };
    if args.watch {
        use std::io::Write;
        loop {
            let now = ctx.live_now();
            let (out, _, errors) = render(now)?;
            let mut stdout = std::io::stdout().lock();
            // A clock line heads each picture, so a reader knows it is live.
            let clock = crate::tui::views::clock_line(now, ctx.rules.policy.tz, ctx.lang);
            if tty {
                // Home and clear-to-end: redraw in place, no scrolling.
                write!(
                    stdout,
                    "\x1b[H{clock}\x1b[K\n{}\x1b[J",
                    out.replace('\n', "\x1b[K\n")
                )?;
                for e in errors {
                    writeln!(stdout, "{e}\x1b[K")?;
                }
            } else {
                // Piped (a log, `tee`): plain snapshots, no cursor codes.
                writeln!(stdout, "{clock}\n{out}")?;
                for e in errors {
                    writeln!(stdout, "{e}")?;
                }
            }
            stdout.flush()?;
            drop(stdout);
            std::thread::sleep(std::time::Duration::from_millis(
                1000 - u64::from(ctx.live_now().timestamp_subsec_millis() % 1000),
            ));
        }
    }
    let (out, code, errors) = render(ctx.now())?;
    print!("{out}");
    // A damaged ticket is the system's fault, not the user's: exit 1.
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("faultline: {}", clean(e));
        }
        return Ok(1);
    }
    Ok(code)
}

/// `sla --all`: every ticket ever, in ticket order, written as it is read
/// (batches of 500, each its own short read), so memory stays flat however
/// long the history.
fn sla_all(ctx: &Context, store: &Store, who: Option<&str>, json: bool, tty: bool) -> Result<u8> {
    use std::io::Write;
    let now = ctx.now();
    let sites = store.sites()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut after, mut first, mut breached) = (crate::store::TicketId::default(), true, false);
    let mut errors = Vec::new();
    if json {
        write!(out, "[")?;
    }
    loop {
        let batch = store.tickets_after(after, 500)?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        let rows: Vec<service::Row> = batch
            .iter()
            .filter(|t| who.is_none_or(|w| t.assignees().contains(&w)))
            .filter_map(|t| {
                let site = sites.iter().find(|s| s.id == t.site_id)?;
                Some(service::Row {
                    ticket: t,
                    site,
                    view: service::view_of(t, site, &ctx.rules, now),
                })
            })
            .collect();
        for r in &rows {
            match &r.view {
                Ok(v) => breached |= v.is_breached_now(),
                Err(e) => errors.push(format!("#{}: {e}", r.ticket.id)),
            }
        }
        if json {
            for r in &rows {
                let item = serde_json::to_string_pretty(&output::row_json(r, ctx, now))?;
                write!(out, "{}\n{item}", if first { "" } else { "," })?;
                first = false;
            }
        } else {
            write!(
                out,
                "{}",
                output::sla_lines(&rows, ctx, now, tty, output::STREAM_WIDTHS)
            )?;
            first &= rows.is_empty();
        }
    }
    if json {
        writeln!(out, "\n]")?;
    } else if first {
        write!(out, "{}", labels::no_tickets(ctx.lang))?;
    }
    out.flush()?;
    drop(out);
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("faultline: {}", clean(e));
        }
        return Ok(1);
    }
    Ok(if breached { 3 } else { 0 })
}
