//! `ticket`: open, log, assign, void, show.

use super::*;

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

pub(super) fn ticket(ctx: &Context, cmd: &TicketCmd) -> Result<u8> {
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
