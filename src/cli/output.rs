//! What the CLI prints: the on-call table, one ticket's detail, and JSON.

use serde_json::{json, Value};

use super::time::rfc3339;
use super::Context;
use crate::i18n::Lang;
use crate::service::Row;
use crate::sla::{MilestoneState, Ts};
use crate::text::{countdown, fit, fit_right};

fn hhmm(t: Ts, ctx: &Context, now: Ts) -> String {
    super::time::when(t, now, ctx.rules.policy.tz)
}

/// One line per ticket: `#1042 一级 苏州数据中心 阵列控制器离线  到场 14:47 剩 0:42:10`,
/// columns aligned by display width. Colour only on a terminal.
pub fn sla_table(rows: &[Row], ctx: &Context, now: Ts, tty: bool) -> String {
    let site_w = rows
        .iter()
        .map(|r| crate::text::width(&r.site.name))
        .max()
        .unwrap_or(4)
        .clamp(4, 16);
    let title_w = rows
        .iter()
        .map(|r| crate::text::width(&r.ticket.title))
        .max()
        .unwrap_or(4)
        .clamp(4, 24);
    let mut out = sla_lines(rows, ctx, now, tty, (site_w, title_w));
    if rows.is_empty() {
        out.push_str(ctx.lang.pick_str("没有未结工单\n", "no open tickets\n"));
    }
    out
}

/// The widest site and title columns the table uses: what a streamed
/// table (which cannot measure its rows first) lays out with.
pub const STREAM_WIDTHS: (usize, usize) = (16, 24);

/// The table's lines for `rows` with the given (site, title) column widths.
pub fn sla_lines(
    rows: &[Row],
    ctx: &Context,
    now: Ts,
    tty: bool,
    (site_w, title_w): (usize, usize),
) -> String {
    let lang = ctx.lang;
    let mut out = String::new();
    for r in rows {
        let head = format!("#{:<5}", r.ticket.id);
        let (level, tail, breached) = match &r.view {
            Err(e) => (
                lang.level(r.ticket.level),
                format!("{} {e}", lang.pick_str("无法计算:", "cannot compute:")),
                false,
            ),
            Ok(v) => {
                let tail = match (v.next_milestone(), v.remaining_seconds(now)) {
                    (Some(m), Some(secs)) => {
                        let due = m.due.map(|d| hhmm(d, ctx, now)).unwrap_or_default();
                        let mut left = if secs < 0 {
                            format!("{} {}", lang.overdue(), countdown(secs))
                        } else {
                            format!("{} {}", lang.left(), countdown(secs))
                        };
                        if let Some(year) = m.provisional {
                            left.push_str(&format!(" {} ({year})", lang.provisional()));
                        }
                        format!(
                            "{} {} {}",
                            fit(lang.milestone_short(m.milestone), 7),
                            fit_right(&due, 11),
                            left
                        )
                    }
                    _ if v.negotiation_pending() => lang.negotiate().to_string(),
                    _ if v.hardware_wait => lang
                        .pick_str("等待硬件 (恢复暂停)", "waiting for hardware (paused)")
                        .to_string(),
                    _ if !v.actions.is_empty() && v.restored_at.is_none() => {
                        let names: Vec<&str> =
                            v.actions.iter().map(|a| lang.action(a.action)).collect();
                        format!(
                            "{}: {}",
                            lang.pick_str("需执行", "required"),
                            names.join(" · ")
                        )
                    }
                    _ if v.restored_at.is_some() => lang.pick_str("已恢复", "restored").to_string(),
                    _ => "—".to_string(),
                };
                (lang.level(v.level), tail, v.is_breached_now())
            }
        };
        let line = format!(
            "{head} {} {} {}  ",
            fit(level, 4),
            fit(&r.site.name, site_w),
            fit(&r.ticket.title, title_w)
        );
        // On a terminal: breached lines reversed, countdowns coloured by the
        // share of their window left (green > 50 %, yellow 25–50 %, red).
        let share = r
            .view
            .as_ref()
            .ok()
            .and_then(|v| v.next_milestone())
            .and_then(|m| m.share_left(now));
        match (tty, breached, share) {
            (true, true, _) => out.push_str(&format!("\x1b[1;7m{line}{tail}\x1b[0m\n")),
            (true, false, Some(s)) => {
                let colour = if s > 0.5 {
                    "32"
                } else if s >= 0.25 {
                    "33"
                } else {
                    "1;31"
                };
                out.push_str(&format!("{line}\x1b[{colour}m{tail}\x1b[0m\n"));
            }
            _ => out.push_str(&format!("{line}{tail}\n")),
        }
    }
    out
}

/// The scripting interface (issue: names must be spelled exactly so).
pub fn row_json(r: &Row, ctx: &Context, now: Ts) -> Value {
    let tz = ctx.rules.policy.tz;
    let t = |x: Option<Ts>| x.map(|x| rfc3339(x, tz));
    let contract = r.site.contract.as_deref();
    let mut obj = json!({
        "id": r.ticket.id,
        "title": r.ticket.title,
        "site": r.site.name,
        "reported_at": rfc3339(r.ticket.reported_at, tz),
        "assignees": r.ticket.assignees(),
        "contract": contract,
        "approved_by": r.ticket.approved_by,
        "evaluated_at": rfc3339(now, tz),
    });
    match &r.view {
        Err(e) => {
            obj["level"] = json!(r.ticket.level.number());
            obj["error"] = json!(e.to_string());
            obj["state"] = json!("damaged");
            obj["milestones"] = json!([]);
            obj["escalations"] = json!([]);
            obj["actions"] = json!([]);
            obj["next_deadline"] = Value::Null;
            obj["remaining_seconds"] = Value::Null;
        }
        Ok(v) => {
            obj["level"] = json!(v.level.number());
            obj["initial_level"] = json!(r.ticket.level.number());
            obj["state"] = json!(if v.closed_at.is_some() {
                "closed"
            } else if v.restored_at.is_some() {
                "restored"
            } else {
                "open"
            });
            obj["onsite"] = json!(v.onsite);
            obj["zone"] = json!(v.zone.map(|z| z.0));
            obj["breached"] = json!(v.is_breached_now());
            obj["negotiation_pending"] = json!(v.negotiation_pending());
            obj["hardware_wait"] = json!(v.hardware_wait);
            obj["milestones"] = v
                .milestones
                .iter()
                .map(|m| {
                    json!({
                        "name": m.milestone.name(),
                        "due": t(m.due),
                        "met_at": t(m.met_at),
                        "breached": m.breached,
                        "rule": Lang::rule_id(m.rule, contract),
                        "state": m.state,
                        "start": t(m.start()),
                        "provisional": m.provisional.is_some(),
                        "calendar_missing": m.provisional,
                    })
                })
                .collect();
            obj["escalations"] = v
                .escalations
                .iter()
                .map(|e| {
                    let reason = match &e.cause {
                        crate::sla::EscalationCause::Automatic => None,
                        crate::sla::EscalationCause::Manual { reason } => Some(reason.as_str()),
                    };
                    json!({"at": rfc3339(e.at, tz), "from": e.from.number(), "to": e.to.number(), "automatic": e.is_automatic(), "reason": reason})
                })
                .collect();
            obj["waivers"] = v.waivers.iter().map(|w| json!({"at": rfc3339(w.at, tz), "agreed_by": w.agreed_by, "reason": w.reason, "covers_due": rfc3339(w.covers_due, tz)})).collect();
            obj["breaches"] = v.breaches.iter().map(|b| json!({"milestone": b.milestone.name(), "due": rfc3339(b.due, tz), "met_at": t(b.met_at), "waived": b.waived})).collect();
            obj["actions"] = v
                .actions
                .iter()
                .map(|a| json!({"action": a.action.name(), "at": rfc3339(a.at, tz), "provisional": a.provisional.is_some(), "calendar_missing": a.provisional}))
                .collect();
            obj["next_milestone"] = json!(v.next_milestone().map(|m| m.milestone.name()));
            obj["next_deadline"] = json!(t(v.next_deadline()));
            obj["remaining_seconds"] = json!(v.remaining_seconds(now));
            obj["provisional"] = json!(v.next_milestone().is_some_and(|m| m.provisional.is_some()));
            obj["calendar_missing"] = json!(v.provisional());
            obj["problems"] = json!(v.problems);
        }
    }
    obj
}

/// `faultline ticket show`: milestones with rule, raises, actions, timeline.
pub fn detail_text(r: &Row, ctx: &Context, now: Ts) -> String {
    let lang = ctx.lang;
    let mut out = String::new();
    let v = match &r.view {
        Ok(v) => v,
        Err(e) => return format!("#{} {}: {e}\n", r.ticket.id, lang.cannot_compute()),
    };
    let contract = r.site.contract.as_deref();
    out.push_str(&format!(
        "#{} {} {} · {} · {} km\n",
        r.ticket.id,
        lang.level(v.level),
        r.ticket.title,
        r.site.name,
        r.site.distance_km
    ));
    for m in &v.milestones {
        let due = m
            .due
            .map(|d| hhmm(d, ctx, now))
            .unwrap_or_else(|| "—".into());
        let status = match m.state {
            MilestoneState::Met | MilestoneState::MetLate => format!(
                "✓ {}{}",
                m.met_at.map(|t| hhmm(t, ctx, now)).unwrap_or_default(),
                if m.breached {
                    format!(" {}", lang.overdue())
                } else {
                    String::new()
                }
            ),
            MilestoneState::Overdue => format!(
                "{} {}",
                lang.overdue(),
                m.due
                    .map(|d| countdown((d - now).num_seconds()))
                    .unwrap_or_default()
            ),
            MilestoneState::Pending => format!(
                "{} {}",
                lang.left(),
                m.due
                    .map(|d| countdown((d - now).num_seconds()))
                    .unwrap_or_default()
            ),
            MilestoneState::NotStarted => lang.pick_str("未开始", "not started").into(),
            MilestoneState::Paused => lang.pick_str("等待硬件", "paused: hardware").into(),
            MilestoneState::Negotiate => lang.negotiate().into(),
            MilestoneState::Skipped => "—".into(),
            MilestoneState::Unknown => lang.cannot_compute().into(),
        };
        let provisional = m
            .provisional
            .map(|y| format!(" · {} ({y})", lang.provisional()))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {} {} {} {}{provisional}\n",
            fit(lang.milestone(m.milestone), 18),
            fit(&due, 12),
            fit(&status, 20),
            lang.rule(m.rule, &ctx.rules, contract)
        ));
    }
    for e in &v.escalations {
        out.push_str(&format!(
            "  {} {}→{} {}\n",
            hhmm(e.at, ctx, now),
            lang.level(e.from),
            lang.level(e.to),
            if e.is_automatic() {
                lang.pick_str("自动升级", "automatic raise")
            } else {
                lang.pick_str("人工调整", "set by hand")
            }
        ));
    }
    for a in &v.actions {
        out.push_str(&format!(
            "  {} {}: {}\n",
            hhmm(a.at, ctx, now),
            lang.pick_str("需执行", "required"),
            lang.action(a.action)
        ));
    }
    for (e, m) in r.ticket.events.iter().zip(&r.ticket.meta) {
        out.push_str(&format!(
            "  {} #{} {} {}{}{}\n",
            hhmm(e.at, ctx, now),
            m.id,
            m.by.as_deref().unwrap_or("—"),
            lang.event_words(&e.kind),
            m.note
                .as_deref()
                .map(|n| format!(" · {n}"))
                .unwrap_or_default(),
            lang.entry_marks(m, e.at)
        ));
    }
    out
}

/// Every entry of the log with who recorded it, who performed it, when it
/// happened and when it was recorded (section 7), and its correction if any.
pub fn events_json(r: &Row, ctx: &Context) -> Value {
    let tz = ctx.rules.policy.tz;
    r.ticket
        .events
        .iter()
        .zip(&r.ticket.meta)
        .map(|(e, m)| {
            let mut v = serde_json::to_value(&e.kind).unwrap_or(Value::Null);
            // Instants inside a payload in the policy's zone, like every other.
            match &e.kind {
                crate::sla::EventKind::RaiseRetracted { due, .. } => {
                    v["due"] = json!(rfc3339(*due, tz))
                }
                crate::sla::EventKind::Negotiated { deadline } => {
                    v["deadline"] = json!(rfc3339(*deadline, tz))
                }
                _ => {}
            }
            v["id"] = json!(m.id);
            v["at"] = json!(rfc3339(e.at, tz));
            v["recorded_at"] = json!(rfc3339(m.recorded_at, tz));
            v["by"] = json!(m.by);
            v["performed_by"] = json!(m.performed_by.as_ref().or(m.by.as_ref()));
            v["note"] = json!(m.note);
            v["late"] = json!(m.is_late(e.at));
            v["voided_by"] = json!(m.voided_by);
            v
        })
        .collect()
}
