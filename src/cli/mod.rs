//! The thin CLI: parse, call the service, print. A table on a terminal, plain
//! lines when piped, JSON with `--json`. Exit 0 ok, 1 runtime failure, 2 bad
//! input (nothing written), 3 `sla` showed a breached ticket.

pub mod args;
mod calendar;
mod hooks;
mod import;
mod output;
mod people;
mod plans;
mod report;
mod sla;
mod ticket;
mod timeline;
mod transfer;

use std::io::IsTerminal;

use anyhow::Result;

pub use args::{Cli, Command};
use args::{EngineerCmd, EquipmentCmd, JobCmd, OfficeCmd, PlanCmd, SiteCmd, SlaArgs, TicketCmd};

use crate::config;
pub use crate::context::{Context, Options};
pub use crate::error::{bad, BadInput};
use crate::i18n::Lang;
use crate::service::{self, ServiceError};
use crate::sla::{Event, EventKind, Level, Ts};
use crate::store::{DeskClock, Entry, NewEngineer, NewSite, NewTicket, Role, Shift, Store};
use crate::text::clean;
use crate::time;

/// Exit code for an error that reached the top.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if cause.is::<BadInput>()
            || cause.is::<crate::sla::SlaError>()
            || cause.is::<config::ConfigError>()
        {
            return 2;
        }
        if let Some(e) = cause.downcast_ref::<ServiceError>() {
            return if e.is_bad_input() { 2 } else { 1 };
        }
        if let Some(e) = cause.downcast_ref::<crate::store::StoreError>() {
            return if e.is_bad_input() { 2 } else { 1 };
        }
    }
    1
}

/// The farthest site a desk serves, km (China is ~5,000 km across).
pub const MAX_DISTANCE_KM: f64 = 20_000.0;

/// A TIME argument, or the command's `now`.
fn time_arg(ctx: &Context, s: Option<&str>) -> Result<Ts> {
    match s {
        Some(s) => time::parse_near(s, ctx.rules.policy.tz, ctx.now()),
        None => Ok(ctx.now()),
    }
}

fn level_arg(s: &str) -> Result<Level> {
    let n: i64 = s
        .trim()
        .parse()
        .map_err(|_| BadInput(crate::msg::cli::level_not_number(s)))?;
    Ok(Level::new(n).map_err(|e| BadInput(e.to_string()))?)
}

/// Runs a non-TUI command; returns the process exit code.
pub fn run(ctx: &Context, command: &Command) -> Result<u8> {
    match command {
        Command::Site(cmd) => people::site(ctx, cmd),
        Command::Office(cmd) => people::office(ctx, cmd),
        Command::Engineer(cmd) => people::engineer(ctx, cmd),
        Command::Equipment(cmd) => people::equipment(ctx, cmd),
        Command::Plan(cmd) => plans::plan(ctx, cmd),
        Command::Job(cmd) => plans::job(ctx, cmd),
        Command::Ticket(cmd) => ticket::ticket(ctx, cmd),
        Command::Sla(args) => sla::sla(ctx, args),
        Command::Init => {
            let clock = if ctx.fixed_now.is_some() {
                DeskClock::Simulated
            } else {
                DeskClock::Live
            };
            Store::create(&ctx.db, clock)?;
            println!(
                "{}\t{}",
                ctx.db.display(),
                match clock {
                    DeskClock::Live => "live",
                    DeskClock::Simulated => "simulated",
                }
            );
            Ok(0)
        }
        Command::Daemon => crate::daemon::run(ctx),
        Command::Hooks(cmd) => hooks::run(ctx, cmd),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let Ok(shell) = shell.trim().parse::<clap_complete::Shell>() else {
                return bad(crate::msg::cli::no_completions(shell));
            };
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "faultline",
                &mut std::io::stdout(),
            );
            Ok(0)
        }
        Command::Man => {
            use clap::CommandFactory;
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(0)
        }
        Command::Sweep => {
            let (mut store, now) = ctx.writer()?;
            let snap = store.snapshot(now)?;
            let sites = store.sites()?;
            let rows = service::rows(&snap, &sites, &ctx.rules, now, false);
            let views = rows
                .iter()
                .filter_map(|r| Some((r.ticket, r.view.as_ref().ok()?)));
            let n = service::sweep(&mut store, &ctx.rules, &sites, views.clone(), now)?;
            let jobs = service::create_jobs(&mut store, &ctx.rules, now)?;
            // The first line stays the raise records alone (scripts read it).
            println!("{n}");
            if jobs > 0 {
                println!("jobs {jobs}");
            }
            hooks::sweep(ctx, &mut store, views, now)?;
            Ok(0)
        }
        Command::Rebuild => {
            let (mut store, now) = ctx.writer()?;
            let r = service::rebuild(&mut store, &ctx.rules, now)?;
            println!(
                "{}",
                crate::msg::screen::rebuilt(ctx.lang, r.tickets, r.written)
            );
            Ok(0)
        }
        Command::Calendar(cmd) => calendar::run(ctx, cmd),
        Command::Export { .. } => transfer::export(ctx),
        Command::Import { kind, file } => import::run(ctx, kind, file),
        Command::Report {
            from,
            to,
            by,
            json,
            csv,
        } => report::run(ctx, from, to, by.as_deref(), *json, *csv),
        Command::Backup { file } => transfer::backup(ctx, file),
        Command::Restore { file } => transfer::restore(ctx, file),
        Command::Demo { .. } | Command::Console | Command::Wall { .. } => {
            bad(crate::msg::cli::opens_a_screen())
        }
    }
}
