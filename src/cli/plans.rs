//! `plan` and `job`: preventive service.

use super::*;
use crate::sla::plan::{Every, PlanKind};
use crate::store::NewPlan;

pub(super) fn plan(ctx: &Context, cmd: &PlanCmd) -> Result<u8> {
    match cmd {
        PlanCmd::Add {
            site,
            kind,
            every,
            floating,
            first,
            title,
        } => {
            let Some(kind) = PlanKind::from_name(kind.trim()) else {
                return bad(crate::msg::cli::unknown_plan_kind(kind));
            };
            let Some(every) = Every::parse(every) else {
                return bad(crate::msg::cli::bad_interval(every));
            };
            let Ok(first) = chrono::NaiveDate::parse_from_str(first.trim(), "%Y-%m-%d") else {
                return bad(crate::msg::cli::not_a_date("--first", first, "2026-12-01"));
            };
            let (mut store, now) = ctx.writer()?;
            // Decided: a plan starts today or later; past visits are not
            // invented as a backlog of overdue jobs.
            let today = now.with_timezone(&ctx.rules.policy.tz).date_naive();
            if first < today {
                return bad(crate::msg::cli::first_before_today(
                    &first.to_string(),
                    &today.to_string(),
                ));
            }
            let id = store.add_plan(
                &NewPlan {
                    site: crate::text::name(site),
                    kind,
                    every,
                    floating: *floating,
                    first,
                    title: title.as_deref().map(clean).filter(|t| !t.trim().is_empty()),
                },
                now,
            )?;
            println!("{id}");
            Ok(0)
        }
        PlanCmd::List { json } => {
            let store = ctx.reader()?;
            let (plans, sites) = (store.plans()?, store.sites()?);
            if *json {
                println!("{}", serde_json::to_string_pretty(&plans)?);
                return Ok(0);
            }
            for p in &plans {
                let site = sites
                    .iter()
                    .find(|s| s.id == p.site_id)
                    .map_or("?", |s| s.name.as_str());
                println!(
                    "{}\t{}\t{}\tevery {}{}\tfrom {}\t{}{}",
                    p.id,
                    site,
                    p.kind.name(),
                    p.every,
                    if p.floating { " (floating)" } else { "" },
                    p.first,
                    p.title.as_deref().unwrap_or("-"),
                    if p.ended_at.is_some() { "\tended" } else { "" }
                );
            }
            Ok(0)
        }
        PlanCmd::End { id } => {
            let (mut store, now) = ctx.writer()?;
            store.end_plan(*id, now)?;
            Ok(0)
        }
    }
}

pub(super) fn job(ctx: &Context, cmd: &JobCmd) -> Result<u8> {
    match cmd {
        JobCmd::List { all, json } => {
            let store = ctx.reader()?;
            let (jobs, plans, sites) = (store.jobs(*all)?, store.plans()?, store.sites()?);
            let plan = |id: i64| plans.iter().find(|p| p.id == id);
            let site = |p: Option<&crate::store::Plan>| {
                p.and_then(|p| sites.iter().find(|s| s.id == p.site_id))
                    .map_or("?", |s| s.name.as_str())
            };
            if *json {
                let tz = ctx.rules.policy.tz;
                let rows: Vec<serde_json::Value> = jobs
                    .iter()
                    .map(|j| {
                        let p = plan(j.plan_id);
                        serde_json::json!({
                            "id": j.id,
                            "plan": j.plan_id,
                            "seq": j.seq,
                            "site": site(p),
                            "kind": p.map(|p| p.kind.name()),
                            "title": p.and_then(|p| p.title.as_deref()),
                            "due": j.due.to_string(),
                            "engineer": j.engineer,
                            "assigned_by": j.assigned_by,
                            "assigned_at": j.assigned_at.map(|t| time::rfc3339(t, tz)),
                            "done_at": j.done_at.map(|t| time::rfc3339(t, tz)),
                            "done_by": j.done_by,
                            "note": j.note,
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&rows)?);
                return Ok(0);
            }
            for j in &jobs {
                let p = plan(j.plan_id);
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    j.id,
                    j.due,
                    site(p),
                    p.map_or("?", |p| p.kind.name()),
                    j.engineer.as_deref().unwrap_or("-"),
                    if j.done_at.is_some() { "done" } else { "open" }
                );
            }
            Ok(0)
        }
        JobCmd::Assign { id, engineer, by } => {
            let (mut store, now) = ctx.writer()?;
            let by = ctx.operator(by.as_deref());
            service::assign_job(&mut store, *id, &crate::text::name(engineer), &by, now)?;
            Ok(0)
        }
        JobCmd::Done { id, note, by } => {
            let (mut store, now) = ctx.writer()?;
            let by = ctx.operator(by.as_deref());
            let note = note.as_deref().map(clean).filter(|n| !n.trim().is_empty());
            store.finish_job(*id, &by, note.as_deref(), now)?;
            Ok(0)
        }
    }
}
