//! `ticket`: open, log, assign, void, show.

use super::*;
use crate::msg::cli as msg;

/// The payload options of `ticket log`, by flag: each event takes its own
/// and refuses the others, so a mistyped command changes nothing.
struct LogOptions<'a>(Vec<(&'static str, Option<&'a String>)>);

impl<'a> LogOptions<'a> {
    fn of(cmd: &'a TicketCmd) -> Option<LogOptions<'a>> {
        let TicketCmd::Log {
            agreed_by,
            reason,
            deadline,
            level,
            caller,
            phone,
            due,
            within,
            environment,
            problem,
            request,
            solution,
            experts,
            findings,
            customer,
            pm,
            remarks,
            action,
            contact,
            outcome,
            rating,
            ..
        } = cmd
        else {
            return None;
        };
        Some(LogOptions(vec![
            ("--agreed-by", agreed_by.as_ref()),
            ("--reason", reason.as_ref()),
            ("--deadline", deadline.as_ref()),
            ("--level", level.as_ref()),
            ("--caller", caller.as_ref()),
            ("--phone", phone.as_ref()),
            ("--due", due.as_ref()),
            ("--in", within.as_ref()),
            ("--environment", environment.as_ref()),
            ("--problem", problem.as_ref()),
            ("--request", request.as_ref()),
            ("--solution", solution.as_ref()),
            ("--experts", experts.as_ref()),
            ("--findings", findings.as_ref()),
            ("--customer", customer.as_ref()),
            ("--pm", pm.as_ref()),
            ("--remarks", remarks.as_ref()),
            ("--action", action.as_ref()),
            ("--contact", contact.as_ref()),
            ("--outcome", outcome.as_ref()),
            ("--rating", rating.as_ref()),
        ]))
    }

    /// Refuses any option given that `event` does not take.
    fn only(&self, event: &str, takes: &[&str]) -> Result<()> {
        match self
            .0
            .iter()
            .find(|(flag, v)| v.is_some() && !takes.contains(flag))
        {
            Some((flag, _)) if takes.is_empty() => bad(msg::takes_no_flag(event, flag)),
            Some((flag, _)) => bad(msg::takes_other_flags(event, flag, &takes.join(" "))),
            None => Ok(()),
        }
    }

    /// An option's text, cleaned; `None` when absent.
    fn text(&self, flag: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(f, _)| *f == flag)
            .and_then(|(_, v)| v.map(|v| clean(v)))
    }

    /// An option that must be there and not blank.
    fn needed(&self, event: &str, flag: &str, what: &str) -> Result<String> {
        match self.text(flag) {
            Some(v) if !v.trim().is_empty() => Ok(v),
            _ => bad(msg::needs_flag(event, flag, what)),
        }
    }
}

/// Turns `ticket log`'s words into an event, refusing options that do not
/// belong to it. `at` is the event's time (a call-back `--in` counts from it).
fn event_arg(ctx: &Context, cmd: &TicketCmd, at: Ts) -> Result<EventKind> {
    let (TicketCmd::Log { event, entry, .. }, Some(o)) = (cmd, LogOptions::of(cmd)) else {
        return bad(msg::not_a_log_command());
    };
    let event = event.as_str();
    if event == "void" {
        let target = match entry
            .as_deref()
            .map(|e| e.trim().trim_start_matches('#').parse::<i64>())
        {
            Some(Ok(n)) => n,
            Some(Err(_)) => {
                return bad(msg::void_takes_entry(entry.as_deref().unwrap_or_default()))
            }
            None => return bad(msg::void_needs_entry()),
        };
        o.only(event, &["--reason"])?;
        let reason = o.needed(event, "--reason", "TEXT")?;
        return Ok(EventKind::Void {
            event: target,
            reason,
        });
    }
    if let Some(e) = entry {
        return bad(msg::takes_no_entry(event, e));
    }
    if let Some(kind) = EventKind::plain(event) {
        o.only(event, &[])?;
        return Ok(kind);
    }
    let kind = match event {
        "callback_done" => {
            o.only(event, &[])?;
            EventKind::CallbackDone
        }
        "followup" => {
            o.only(event, &["--contact", "--outcome", "--rating"])?;
            let contact = crate::text::name(&o.needed(event, "--contact", "NAME")?);
            let outcome = o.needed(event, "--outcome", "resolved|unresolved")?;
            let Some(outcome) = crate::sla::FollowupOutcome::from_name(outcome.trim()) else {
                return bad(msg::bad_outcome(&outcome));
            };
            let rating = o.needed(event, "--rating", "1-5")?;
            let rating = match rating.trim().parse::<u8>() {
                Ok(r @ 1..=5) => r,
                _ => return bad(msg::bad_rating(&rating)),
            };
            EventKind::Followup(Box::new(crate::sla::Followup {
                contact,
                outcome,
                rating,
            }))
        }
        "fix_proposed" | "cannot_fix" => {
            o.only(event, &[])?;
            if event == "fix_proposed" {
                EventKind::FixProposed
            } else {
                EventKind::CannotFix
            }
        }
        "waive" => {
            o.only(event, &["--agreed-by", "--reason"])?;
            EventKind::Waived {
                agreed_by: o.needed(event, "--agreed-by", "NAME")?,
                reason: o.needed(event, "--reason", "TEXT")?,
            }
        }
        "negotiated" => {
            o.only(event, &["--deadline"])?;
            let d = o.needed(event, "--deadline", "TIME")?;
            EventKind::Negotiated {
                deadline: time::parse_near(&d, ctx.rules.policy.tz, ctx.now())?,
            }
        }
        "set_level" => {
            o.only(event, &["--level", "--reason"])?;
            let level = o.needed(event, "--level", "N")?;
            EventKind::SetLevel {
                level: level_arg(&level)?,
                reason: o.needed(event, "--reason", "TEXT")?,
            }
        }
        "call" => {
            o.only(event, &["--caller", "--phone"])?;
            let (caller, phone) = (o.text("--caller"), o.text("--phone"));
            if caller.is_none() && phone.is_none() {
                return bad(crate::msg::record::call_needs_caller());
            }
            EventKind::Call {
                caller: caller.unwrap_or_default().into(),
                phone: phone.unwrap_or_default().into(),
            }
        }
        "callback_promised" => {
            o.only(event, &["--due", "--in"])?;
            let due = match (o.text("--due"), o.text("--in")) {
                (Some(d), None) => time::parse_near(&d, ctx.rules.policy.tz, ctx.now())?,
                (None, Some(w)) => match crate::sla::policy::parse_duration(&w) {
                    Some(w) if w > chrono::TimeDelta::zero() => at + w,
                    _ => return bad(msg::not_a_duration("--in", &w)),
                },
                (Some(_), Some(_)) => return bad(msg::due_or_in_not_both()),
                (None, None) => return bad(msg::due_or_in()),
            };
            EventKind::CallbackPromised { due }
        }
        "work_order" => {
            o.only(event, &["--environment", "--problem", "--request"])?;
            EventKind::WorkOrder(Box::new(crate::sla::WorkOrder {
                environment: o.needed(event, "--environment", "TEXT")?,
                problem: o.needed(event, "--problem", "TEXT")?,
                request: o.needed(event, "--request", "TEXT")?,
            }))
        }
        "decision" => {
            o.only(event, &["--solution", "--experts"])?;
            EventKind::Decision {
                solution: o.needed(event, "--solution", "TEXT")?.into(),
                experts: o
                    .text("--experts")
                    .map(|e| {
                        e.split([',', '，', '、'])
                            .map(crate::text::name)
                            .filter(|n| !n.is_empty())
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        }
        "investigation" => {
            o.only(event, &["--findings"])?;
            EventKind::Investigation {
                findings: o.needed(event, "--findings", "TEXT")?,
            }
        }
        "opinion" => {
            o.only(event, &["--customer", "--pm", "--remarks"])?;
            EventKind::Opinion(Box::new(crate::sla::Opinion {
                customer: crate::text::name(&o.needed(event, "--customer", "NAME")?),
                pm: crate::text::name(&o.needed(event, "--pm", "NAME")?),
                remarks: o.text("--remarks").filter(|r| !r.trim().is_empty()),
            }))
        }
        "action_done" => {
            o.only(event, &["--action"])?;
            let name = o.needed(event, "--action", "NAME")?;
            match crate::sla::Action::from_name(name.trim()) {
                Some(action) => EventKind::ActionDone { action },
                None => return bad(msg::unknown_action(&name, &crate::sla::Action::names())),
            }
        }
        other => {
            let known: Vec<&str> = EventKind::loggable().collect();
            return bad(msg::unknown_event(other, &known.join(" ")));
        }
    };
    Ok(kind)
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
            equipment,
            caller,
            phone,
            by,
        } => {
            let level = level_arg(level)?;
            let reported_at = time_arg(ctx, at.as_deref())?;
            let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
            let call = match (blank(caller), blank(phone)) {
                (true, true) if by.is_some() => return bad(msg::by_needs_caller()),
                (true, true) => None,
                _ => Some(crate::store::NewCall {
                    caller: caller.as_deref().map(crate::text::name).unwrap_or_default(),
                    phone: phone.as_deref().map(clean).unwrap_or_default(),
                    by: ctx.operator(by.as_deref()),
                }),
            };
            let (mut store, now) = ctx.writer()?;
            let new = NewTicket {
                site: crate::text::name(site),
                level,
                title: clean(title),
                reported_at,
                onsite: *onsite,
                approved_by: approved_by.as_deref().map(crate::text::name),
                equipment: equipment.as_deref().map(crate::text::name),
                call,
            };
            let id = service::open_ticket(&mut store, &ctx.rules, &new, now)?;
            tracing::info!(id = id.0, "ticket opened");
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
            let given_at = at
                .as_deref()
                .map(|s| time::parse_near(s, ctx.rules.policy.tz, ctx.now()))
                .transpose()?;
            let kind = event_arg(ctx, cmd, given_at.unwrap_or_else(|| ctx.now()))?;
            // Notes that must say something: the proposed fix, the review.
            if matches!(
                kind,
                EventKind::FixProposed | EventKind::CannotFix | EventKind::Note
            ) && note.as_deref().is_none_or(|n| n.trim().is_empty())
            {
                return bad(msg::needs_note(kind.name()));
            }
            let (mut store, now) = ctx.writer()?;
            // A correction is made now; only events may be back-dated.
            let at = match (&kind, given_at) {
                (EventKind::Void { .. }, Some(_)) => return bad(msg::void_is_now()),
                (_, Some(t)) => t,
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
        TicketCmd::Assign {
            id,
            engineer,
            by,
            force,
            reason,
        } => {
            if reason.is_some() && !force {
                return bad(msg::reason_goes_with_force());
            }
            let (mut store, now) = ctx.writer()?;
            let by = ctx.operator(by.as_deref());
            let engineer = crate::text::name(engineer);
            let entry = Entry {
                by: Some(&by),
                ..Entry::default()
            };
            let reason = reason.as_deref().map(clean);
            if *force && reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                return bad(msg::force_needs_reason());
            }
            println!(
                "{}",
                service::assign_with(
                    &mut store,
                    &ctx.rules,
                    *id,
                    &engineer,
                    entry,
                    now,
                    reason.as_deref().filter(|_| *force)
                )?
            );
            Ok(0)
        }
        TicketCmd::Unassign { id, engineer, by } => {
            let (mut store, now) = ctx.writer()?;
            let by = ctx.operator(by.as_deref());
            let engineer = crate::text::name(engineer);
            let entry = Entry {
                by: Some(&by),
                ..Entry::default()
            };
            println!(
                "{}",
                service::unassign(&mut store, &ctx.rules, *id, &engineer, entry, now)?
            );
            Ok(0)
        }
        TicketCmd::Timeline { id, format } => super::timeline::timeline(ctx, *id, format.trim()),
        TicketCmd::Show { id, json } => {
            let store = ctx.reader()?;
            let ticket = store.ticket(*id)?;
            let sites = store.sites()?;
            let Some(site) = sites.iter().find(|s| s.id == ticket.site_id) else {
                return bad(crate::msg::service::ticket_without_site(*id));
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
