//! The thin CLI: parse, call the service, print. A table on a terminal, plain
//! lines when piped, JSON with `--json`. Exit 0 ok, 1 runtime failure, 2 bad
//! input (nothing written), 3 `sla` showed a breached ticket.

pub mod args;
mod calendar;
mod output;

use std::io::IsTerminal;

use anyhow::Result;

pub use args::{Cli, Command};
use args::{EngineerCmd, OfficeCmd, SiteCmd, SlaArgs, TicketCmd};

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
        Some(s) => time::parse(s, ctx.rules.policy.tz),
        None => Ok(ctx.now()),
    }
}

fn level_arg(s: &str) -> Result<Level> {
    let n: i64 = s
        .trim()
        .parse()
        .map_err(|_| BadInput(format!("level {s:?} is not a number 1–4")))?;
    Ok(Level::new(n).map_err(|e| BadInput(e.to_string()))?)
}

/// Runs a non-TUI command; returns the process exit code.
pub fn run(ctx: &Context, command: &Command) -> Result<u8> {
    match command {
        Command::Site(cmd) => site(ctx, cmd),
        Command::Office(cmd) => office(ctx, cmd),
        Command::Engineer(cmd) => engineer(ctx, cmd),
        Command::Ticket(cmd) => ticket(ctx, cmd),
        Command::Sla(args) => sla(ctx, args),
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
        Command::Sweep => {
            let (mut store, now) = ctx.writer()?;
            let snap = store.snapshot(now)?;
            let sites = store.sites()?;
            let rows = service::rows(&snap, &sites, &ctx.rules, now, false);
            let views = rows
                .iter()
                .filter_map(|r| Some((r.ticket, r.view.as_ref().ok()?)));
            let n = service::sweep(&mut store, &ctx.rules, &sites, views, now)?;
            println!("{n}");
            Ok(0)
        }
        Command::Rebuild => {
            let (mut store, now) = ctx.writer()?;
            let r = service::rebuild(&mut store, &ctx.rules, now)?;
            match ctx.lang {
                Lang::Zh => println!("已核对 {} 张工单，追加 {} 行结果", r.tickets, r.written),
                Lang::En => println!(
                    "{} tickets checked, {} outcome rows appended",
                    r.tickets, r.written
                ),
            }
            Ok(0)
        }
        Command::Calendar(cmd) => calendar::run(ctx, cmd),
        Command::Demo { .. } | Command::Console | Command::Wall { .. } => {
            bad("this command opens a screen; run it from main")
        }
    }
}

/// A place from `--city` or `--lat/--lon` (explicit coordinates win).
fn place(
    args::PlaceArgs { city, lat, lon }: &args::PlaceArgs,
) -> Result<(Option<String>, Option<f64>, Option<f64>)> {
    match (*lat, *lon) {
        (Some(a), Some(b)) if (-90.0..=90.0).contains(&a) && (-180.0..=180.0).contains(&b) => {
            Ok((city.clone(), Some(a), Some(b)))
        }
        (Some(_), Some(_)) => bad("--lat must be within ±90 and --lon within ±180"),
        (Some(_), None) | (None, Some(_)) => bad("--lat and --lon go together"),
        (None, None) => match city {
            None => Ok((None, None, None)),
            Some(c) => match crate::geo::city(c) {
                Some((name, a, b)) => Ok((Some(name.to_string()), Some(a), Some(b))),
                None => bad(format!(
                    "unknown city {c:?} (not in the bundled city table; give --lat/--lon)"
                )),
            },
        },
    }
}

fn site(ctx: &Context, cmd: &SiteCmd) -> Result<u8> {
    match cmd {
        SiteCmd::Add {
            name,
            distance_km,
            place: at,
            in_province,
            contract,
            customer,
        } => {
            let (city, lat, lon) = place(at)?;
            let km: f64 = match (distance_km, lat.zip(lon)) {
                (Some(d), _) => d
                    .trim()
                    .parse()
                    .map_err(|_| BadInput(format!("distance {d:?} is not a number of km")))?,
                // Decided: without an explicit distance, the road distance
                // (straight line × 1.3) to the nearest office with a place.
                (None, Some(at)) => {
                    let store = ctx.reader()?;
                    let nearest = store
                        .offices()?
                        .iter()
                        .filter_map(|o| o.lat.zip(o.lon))
                        .map(|o| crate::geo::road_km(o, at))
                        .min_by(f64::total_cmp);
                    match nearest {
                        Some(km) => (km * 10.0).round() / 10.0,
                        None => {
                            return bad("no office has a city or coordinates: give --distance-km")
                        }
                    }
                }
                (None, None) => {
                    return bad("give --distance-km, or --city / --lat --lon to compute it")
                }
            };
            if !km.is_finite() || !(0.0..=MAX_DISTANCE_KM).contains(&km) {
                return bad(format!(
                    "--distance-km {km} must be from 0 to {MAX_DISTANCE_KM} km"
                ));
            }
            if let Some(c) = contract {
                if !ctx.rules.contracts.contains_key(c) {
                    let known: Vec<&str> = ctx.rules.contracts.keys().map(String::as_str).collect();
                    return bad(format!(
                        "unknown contract {c:?} (known: {})",
                        known.join(", ")
                    ));
                }
            }
            let name = crate::text::name(name);
            if name.is_empty() {
                return bad("a site needs a name");
            }
            let (mut store, _) = ctx.writer()?;
            let id = store.add_site(&NewSite {
                name,
                distance_km: km,
                in_province: *in_province,
                contract: contract.clone(),
                customer: customer.as_deref().map(clean),
                city,
                lat,
                lon,
            })?;
            println!("{id}");
            Ok(0)
        }
        SiteCmd::List { json } => {
            let store = ctx.reader()?;
            let sites = store.sites()?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&sites)?);
            } else {
                for s in sites {
                    let zone = ctx
                        .rules
                        .policy
                        .zone_for(s.distance_km)
                        .map_or("?".into(), |z| z.to_string());
                    println!(
                        "{}\t{} km\tzone {zone}\t{}\t{}",
                        s.name,
                        s.distance_km,
                        if s.in_province { "in-province" } else { "-" },
                        s.contract.as_deref().unwrap_or("standard")
                    );
                }
            }
            Ok(0)
        }
    }
}

fn office(ctx: &Context, cmd: &OfficeCmd) -> Result<u8> {
    match cmd {
        OfficeCmd::Add { name, place: at } => {
            let name = crate::text::name(name);
            if name.is_empty() {
                return bad("an office needs a name");
            }
            let (city, lat, lon) = place(at)?;
            let (mut store, _) = ctx.writer()?;
            println!("{}", store.add_office(&name, city.as_deref(), lat, lon)?);
            Ok(0)
        }
        OfficeCmd::List => {
            let store = ctx.reader()?;
            for o in store.offices()? {
                println!("{}\t{}", o.name, o.city.unwrap_or_default());
            }
            Ok(0)
        }
    }
}

fn engineer(ctx: &Context, cmd: &EngineerCmd) -> Result<u8> {
    match cmd {
        EngineerCmd::Add {
            name,
            role,
            office,
            shift,
        } => {
            let Some(role) = Role::parse(role) else {
                let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                return bad(format!(
                    "unknown role {role:?} (one of: {})",
                    names.join(", ")
                ));
            };
            let shift = match shift {
                Some(s) => Some(
                    Shift::parse(s)
                        .ok_or_else(|| BadInput(format!("shift {s:?} is not HH:MM-HH:MM")))?,
                ),
                None => None,
            };
            let name = crate::text::name(name);
            if name.is_empty() {
                return bad("an engineer needs a name");
            }
            let (mut store, _) = ctx.writer()?;
            println!(
                "{}",
                store.add_engineer(&NewEngineer {
                    name,
                    role,
                    office: crate::text::name(office),
                    shift,
                })?
            );
            Ok(0)
        }
        EngineerCmd::List { json } => {
            let store = ctx.reader()?;
            let engineers = store.engineers()?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&engineers)?);
            } else {
                let offices = store.offices()?;
                for e in engineers {
                    let office = offices
                        .iter()
                        .find(|o| o.id == e.office_id)
                        .map_or("", |o| o.name.as_str());
                    println!(
                        "{}\t{}\t{}\t{}",
                        e.name,
                        e.role.name(),
                        office,
                        if e.off_duty { "off duty" } else { "on duty" }
                    );
                }
            }
            Ok(0)
        }
        EngineerCmd::Off { name } | EngineerCmd::On { name } => {
            let (mut store, _) = ctx.writer()?;
            store.set_off_duty(
                &crate::text::name(name),
                matches!(cmd, EngineerCmd::Off { .. }),
            )?;
            Ok(0)
        }
    }
}

/// Turns `ticket log`'s words into an event, refusing options that do not
/// belong to it.
fn event_arg(ctx: &Context, cmd: &TicketCmd) -> Result<EventKind> {
    let TicketCmd::Log {
        event,
        entry,
        agreed_by,
        reason,
        deadline,
        level,
        ..
    } = cmd
    else {
        return bad("not a log command");
    };
    if event == "void" {
        let target = match entry
            .as_deref()
            .map(|e| e.trim().trim_start_matches('#').parse::<i64>())
        {
            Some(Ok(n)) => n,
            Some(Err(_)) => {
                return bad(format!(
                    "void takes an entry number, not {:?}",
                    entry.as_deref().unwrap_or_default()
                ))
            }
            None => {
                return bad("void needs the entry number (see `ticket show`) and --reason TEXT")
            }
        };
        return match reason {
            Some(r)
                if !r.trim().is_empty()
                    && agreed_by.is_none()
                    && deadline.is_none()
                    && level.is_none() =>
            {
                Ok(EventKind::Void {
                    event: target,
                    reason: clean(r),
                })
            }
            Some(r) if !r.trim().is_empty() => bad("void takes only --reason"),
            _ => bad("void needs --reason TEXT"),
        };
    }
    if let Some(e) = entry {
        return bad(format!("{event} takes no entry number ({e:?})"));
    }
    let simple = EventKind::plain(event);
    if let Some(kind) = simple {
        if agreed_by.is_some() || reason.is_some() || deadline.is_some() || level.is_some() {
            return bad(format!(
                "{event} takes no --agreed-by/--reason/--deadline/--level"
            ));
        }
        return Ok(kind);
    }
    match event.as_str() {
        "waive" => match (agreed_by, reason) {
            (Some(a), Some(r)) if !a.trim().is_empty() && !r.trim().is_empty() => Ok(EventKind::Waived { agreed_by: clean(a), reason: clean(r) }),
            _ => bad("waive needs --agreed-by NAME and --reason TEXT"),
        },
        "negotiated" => match deadline {
            Some(d) => Ok(EventKind::Negotiated { deadline: time::parse(d, ctx.rules.policy.tz)? }),
            None => bad("negotiated needs --deadline TIME"),
        },
        "set_level" => match (level, reason) {
            (Some(l), Some(r)) if !r.trim().is_empty() => Ok(EventKind::SetLevel { level: level_arg(l)?, reason: clean(r) }),
            _ => bad("set_level needs --level N and --reason TEXT"),
        },
        other => bad(format!(
            "unknown event {other:?} (one of: responded expert_engaged process_started director_engaged onsite_required arrived hardware_wait hardware_ready restored closed waive negotiated set_level note void)"
        )),
    }
}

fn ticket(ctx: &Context, cmd: &TicketCmd) -> Result<u8> {
    match cmd {
        TicketCmd::Open {
            site,
            level,
            title,
            at,
            onsite,
            approved_by,
        } => {
            let level = level_arg(level)?;
            let reported_at = time_arg(ctx, at.as_deref())?;
            let (mut store, now) = ctx.writer()?;
            let new = NewTicket {
                site: crate::text::name(site),
                level,
                title: clean(title),
                reported_at,
                onsite: *onsite,
                approved_by: approved_by.as_deref().map(clean),
            };
            let id = service::open_ticket(&mut store, &ctx.rules, &new, now)?;
            tracing::info!(id, "ticket opened");
            println!("{id}");
            Ok(0)
        }
        TicketCmd::Log {
            id,
            at,
            by,
            performed_by,
            note,
            ..
        } => {
            let kind = event_arg(ctx, cmd)?;
            let (mut store, now) = ctx.writer()?;
            // A correction is made now; only events may be back-dated.
            let at = match (&kind, at) {
                (EventKind::Void { .. }, Some(_)) => {
                    return bad("void is recorded now: it takes no --at")
                }
                (_, Some(s)) => time::parse(s, ctx.rules.policy.tz)?,
                (_, None) => now,
            };
            let by = ctx.operator(by.as_deref());
            let performed_by = performed_by.as_deref().map(crate::text::name);
            let note = note.as_deref().map(clean);
            let entry = service::log_event(
                &mut store,
                &ctx.rules,
                *id,
                Event { at, kind },
                Entry {
                    by: Some(&by),
                    performed_by: performed_by.as_deref(),
                    note: note.as_deref(),
                },
                now,
            )?;
            println!("{entry}");
            Ok(0)
        }
        TicketCmd::Assign { id, engineer, by } | TicketCmd::Unassign { id, engineer, by } => {
            let (mut store, now) = ctx.writer()?;
            let by = ctx.operator(by.as_deref());
            let engineer = crate::text::name(engineer);
            let entry = Entry {
                by: Some(&by),
                ..Entry::default()
            };
            let f = if matches!(cmd, TicketCmd::Assign { .. }) {
                service::assign
            } else {
                service::unassign
            };
            println!("{}", f(&mut store, &ctx.rules, *id, &engineer, entry, now)?);
            Ok(0)
        }
        TicketCmd::Show { id, json } => {
            let store = ctx.reader()?;
            let ticket = store.ticket(*id)?;
            let sites = store.sites()?;
            let Some(site) = sites.iter().find(|s| s.id == ticket.site_id) else {
                return bad(format!("ticket #{id} has no site"));
            };
            let now = ctx.now();
            let row = service::Row {
                ticket: &ticket,
                site,
                view: service::view_of(&ticket, site, &ctx.rules, now),
            };
            if *json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&{
                        // One ticket: its whole log too (`sla` lists leave it out).
                        let mut v = serde_json::to_value(output::row_json(&row, ctx, now))?;
                        v["events"] = output::events_json(&row, ctx);
                        v
                    })?
                );
            } else {
                print!("{}", output::detail_text(&row, ctx, now));
            }
            Ok(0)
        }
    }
}

fn sla(ctx: &Context, args: &SlaArgs) -> Result<u8> {
    let who = if args.mine {
        match ctx.user() {
            Some(u) => Some(u),
            None => {
                return bad("--mine needs your name: set FAULTLINE_USER or `user` in config.toml")
            }
        }
    } else {
        args.engineer.clone()
    };
    let store = ctx.reader()?;
    if let Some(name) = &who {
        if !store.engineers()?.iter().any(|e| &e.name == name) {
            return bad(format!("unknown engineer {name:?}"));
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
        } else {
            output::sla_table(&rows, ctx, now, tty)
        };
        Ok((out, if breached { 3 } else { 0 }, errors))
    };
    if args.watch {
        use std::io::Write;
        loop {
            let (out, _, errors) = render(ctx.live_now())?;
            let mut stdout = std::io::stdout().lock();
            // Home and clear-to-end: redraw in place, no scrolling.
            write!(stdout, "\x1b[H{}\x1b[J", out.replace('\n', "\x1b[K\n"))?;
            for e in errors {
                writeln!(stdout, "{e}\x1b[K")?;
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
    let (mut after, mut first, mut breached) = (0, true, false);
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
        write!(out, "{}", ctx.lang.pick_str("没有工单\n", "no tickets\n"))?;
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
