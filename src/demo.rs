//! `faultline demo`: a ready desk in one command. The data is an asset
//! (`assets/demo/demo.toml`) with times relative to now, seeded through the
//! same service calls a dispatcher uses, so the demo obeys every rule.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use chrono::TimeDelta;
use serde::Deserialize;

use crate::config::Rules;
use crate::context::Context;
use crate::error::bad;
use crate::service;
use crate::sla::policy::parse_duration;
use crate::sla::{Event, EventKind, Level, Ts};
use crate::store::{DeskClock, Entry, NewEngineer, NewSite, NewTicket, Role, Shift, Store};

/// Who records the demo's history: the desk's dispatcher.
const DISPATCHER: &str = "林晓";
const DEMO_DESK: Entry = Entry {
    by: Some(DISPATCHER),
    performed_by: None,
    note: None,
};

const DEMO: &str = include_str!("../assets/demo/demo.toml");

#[derive(Deserialize)]
struct DemoFile {
    office: Vec<OfficeDef>,
    site: Vec<SiteDef>,
    engineer: Vec<EngineerDef>,
    #[serde(default)]
    equipment: Vec<EquipmentDef>,
    #[serde(default)]
    plan: Vec<PlanDef>,
    ticket: Vec<TicketDef>,
}

#[derive(Deserialize)]
struct EquipmentDef {
    site: String,
    model: String,
    serial: String,
    accepted: chrono::NaiveDate,
    warranty_years: u32,
}

/// A preventive plan whose first job is `first_in` days from the demo's today.
#[derive(Deserialize)]
struct PlanDef {
    site: String,
    kind: String,
    every: String,
    #[serde(default)]
    floating: bool,
    first_in: u64,
    title: Option<String>,
}

#[derive(Deserialize)]
struct OfficeDef {
    name: String,
    city: Option<String>,
}

#[derive(Deserialize)]
struct SiteDef {
    name: String,
    city: Option<String>,
    distance_km: f64,
    #[serde(default)]
    in_province: bool,
    contract: Option<String>,
    customer: Option<String>,
    /// The project manager, named once the engineers exist.
    pm: Option<String>,
}

#[derive(Deserialize)]
struct EngineerDef {
    name: String,
    role: String,
    office: String,
    shift: Option<String>,
    #[serde(default)]
    off_duty: bool,
}

#[derive(Deserialize)]
struct TicketDef {
    site: String,
    level: i64,
    title: String,
    ago: String,
    #[serde(default)]
    onsite: bool,
    /// The serial of the equipment at fault (its warranty may hold the ticket).
    equipment: Option<String>,
    #[serde(default)]
    events: Vec<EventDef>,
}

#[derive(Deserialize)]
struct EventDef {
    ago: String,
    kind: String,
    by: Option<String>,
    note: Option<String>,
    engineer: Option<String>,
    /// A record's fields (`with = { customer = "…", pm = "…" }`), as the
    /// event's JSON payload beside its `kind`.
    #[serde(default)]
    with: toml::Table,
}

fn ago(now: Ts, s: &str) -> Result<Ts> {
    let d = parse_duration(s).with_context(|| format!("demo: bad duration {s:?}"))?;
    Ok(now - d)
}

/// Seeds the demo desk into an empty database at `now`.
pub fn seed(store: &mut Store, rules: &Rules, now: Ts) -> Result<()> {
    let demo: DemoFile = toml::from_str(DEMO).context("assets/demo/demo.toml")?;
    for o in &demo.office {
        let c = o.city.as_deref().and_then(crate::geo::city);
        store.add_office(&o.name, o.city.as_deref(), c.map(|c| c.1), c.map(|c| c.2))?;
    }
    for s in &demo.site {
        let c = s.city.as_deref().and_then(crate::geo::city);
        store.add_site(&NewSite {
            name: s.name.clone(),
            distance_km: s.distance_km,
            in_province: s.in_province,
            contract: s.contract.clone(),
            customer: s.customer.clone(),
            city: s.city.clone(),
            lat: c.map(|c| c.1),
            lon: c.map(|c| c.2),
            pm: None,
        })?;
    }
    for e in &demo.engineer {
        let role = Role::parse(&e.role).with_context(|| format!("demo: bad role {}", e.role))?;
        store.add_engineer(&NewEngineer {
            name: e.name.clone(),
            role,
            office: e.office.clone(),
            shift: match &e.shift {
                Some(s) => Some(Shift::parse(s).with_context(|| format!("demo: bad shift {s:?}"))?),
                None => None,
            },
        })?;
        if e.off_duty {
            store.set_off_duty(&e.name, true)?;
        }
    }
    for s in &demo.site {
        if let Some(pm) = &s.pm {
            store.set_site_pm(&s.name, pm)?;
        }
    }
    for e in &demo.equipment {
        store.add_equipment(&crate::store::NewEquipment {
            site: e.site.clone(),
            model: e.model.clone(),
            serial: e.serial.clone(),
            accepted: e.accepted,
            warranty_years: e.warranty_years,
        })?;
    }
    let today = now.with_timezone(&rules.policy.tz).date_naive();
    for p in &demo.plan {
        use crate::sla::plan::{Every, PlanKind};
        store.add_plan(
            &crate::store::NewPlan {
                site: p.site.clone(),
                kind: PlanKind::from_name(&p.kind)
                    .with_context(|| format!("demo: bad plan kind {}", p.kind))?,
                every: Every::parse(&p.every)
                    .with_context(|| format!("demo: bad interval {}", p.every))?,
                floating: p.floating,
                first: today + chrono::Days::new(p.first_in),
                title: p.title.clone(),
            },
            now,
        )?;
    }
    service::create_jobs(store, rules, now)?;
    for t in &demo.ticket {
        let level = Level::new(t.level)?;
        let new = NewTicket {
            site: t.site.clone(),
            level,
            title: crate::text::clean(&t.title),
            reported_at: ago(now, &t.ago)?,
            onsite: t.onsite,
            approved_by: None,
            equipment: t.equipment.clone(),
            call: None,
        };
        let id = service::open_ticket(store, rules, &new, now)
            .with_context(|| format!("demo ticket {}", t.title))?;
        for e in &t.events {
            let at = ago(now, &e.ago)?;
            if e.kind == "assigned" {
                let engineer = e
                    .engineer
                    .as_deref()
                    .context("demo: assigned needs engineer")?;
                // A note on a demo assignment is the reason it was forced
                // (someone the contract says not to send, sent anyway).
                service::assign_with(store, rules, id, engineer, DEMO_DESK, at, e.note.as_deref())
                    .with_context(|| format!("demo ticket {}", t.title))?;
                continue;
            }
            let mut payload =
                serde_json::to_value(&e.with).with_context(|| format!("demo: event {}", e.kind))?;
            payload["kind"] = serde_json::Value::String(e.kind.clone());
            // A call-back is promised relative to its own time, as the
            // demo's times are relative to now: `with = { in = "30m" }`.
            if let Some(within) = e.with.get("in").and_then(|v| v.as_str()) {
                let due = at
                    + parse_duration(within)
                        .with_context(|| format!("demo: bad duration {within:?}"))?;
                payload["due"] = serde_json::to_value(due)?;
            }
            let kind: EventKind = serde_json::from_value(payload)
                .with_context(|| format!("demo: event {}", e.kind))?;
            // The demo's history is recorded as it happened: at its own time.
            service::log_event(
                store,
                rules,
                id,
                Event { at, kind },
                Entry {
                    by: Some(DISPATCHER),
                    performed_by: e.by.as_deref(),
                    note: e.note.as_deref(),
                },
                at,
            )
            .with_context(|| format!("demo ticket {} event {}", t.title, e.kind))?;
        }
    }
    Ok(())
}

/// Synthetic open tickets for load tests and benchmarks.
pub fn seed_extra(store: &mut Store, rules: &Rules, now: Ts, n: usize) -> Result<()> {
    let sites = store.sites()?;
    let engineers = store.engineers()?;
    if sites.is_empty() {
        return bad("no sites to put extra tickets on");
    }
    for i in 0..n {
        let site = &sites[i % sites.len()];
        let level = Level::new((i % 4) as i64 + 1)?;
        let reported_at = now - TimeDelta::minutes(((i * 37) % 900) as i64 + 1);
        let new = NewTicket {
            site: site.name.clone(),
            level,
            title: format!("巡检告警 {:04}", i + 1),
            reported_at,
            onsite: i % 3 == 0 && level.number() < 4,
            approved_by: None,
            equipment: None,
            call: None,
        };
        let Ok(id) = service::open_ticket(store, rules, &new, now) else {
            continue;
        };
        if i % 2 == 0 {
            let at = reported_at + TimeDelta::minutes(5).min(now - reported_at);
            let _ = service::log_event(
                store,
                rules,
                id,
                Event {
                    at,
                    kind: EventKind::Responded,
                },
                Entry {
                    by: Some(DISPATCHER),
                    performed_by: Some("赵敏"),
                    note: None,
                },
                now,
            );
        }
        if let Some(e) = engineers
            .get(i % engineers.len().max(1))
            .filter(|_| i % 5 == 0)
        {
            let _ = service::assign(store, rules, id, &e.name, DEMO_DESK, now);
        }
    }
    Ok(())
}

fn remove_db(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(PathBuf::from(p)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot replace {}", path.display())),
        }
    }
    Ok(())
}

/// Load tests need thousands, not billions: bounded so a typo cannot run for hours.
pub const MAX_EXTRA_TICKETS: usize = 100_000;

/// Without `--db`, the demo lives in `demo.db` in the data folder and is
/// re-seeded on every run. With `--db`, the file must be new or empty: the
/// demo never writes into a database that already has tickets.
pub fn run(ctx: &Context, db_given: bool, seed_only: bool, extra: usize) -> Result<u8> {
    let path = if db_given {
        ctx.db.clone()
    } else {
        ctx.data_dir().join("demo.db")
    };
    // With `--db` the file must be new (Store::create refuses any other);
    // the demo desk is simulated: its clock may be driven by `--now`.
    if !db_given {
        remove_db(&path)?;
    }
    if extra > MAX_EXTRA_TICKETS {
        return bad(format!(
            "--extra-tickets {extra} is more than {MAX_EXTRA_TICKETS}"
        ));
    }
    let now = ctx.now();
    let mut store = Store::create(&path, DeskClock::Simulated)?;
    seed(&mut store, &ctx.rules, now)?;
    seed_extra(&mut store, &ctx.rules, now, extra)?;
    drop(store);
    if seed_only {
        println!("{}", path.display());
        return Ok(0);
    }
    crate::tui::console(ctx, Some(path))
}
