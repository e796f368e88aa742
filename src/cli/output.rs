//! What the CLI prints: the on-call table, one ticket's detail, and JSON.

use crate::msg::labels;
use crate::store::TicketId;
use serde::Serialize;
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
        out.push_str(labels::no_open_tickets_line(ctx.lang));
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
                format!("{} {e}", labels::cannot_compute(lang)),
                false,
            ),
            Ok(v) => {
                let tail = match (v.next_milestone(), v.remaining_seconds(now)) {
                    (Some(m), Some(secs)) => {
                        let due = m.due().map(|d| hhmm(d, ctx, now)).unwrap_or_default();
                        let mut left = if secs < 0 {
                            format!("{} {}", lang.overdue(), countdown(secs, lang))
                        } else {
                            format!("{} {}", lang.left(), countdown(secs, lang))
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
                    _ if v.hardware_wait => labels::waiting_for_hardware_paused(lang).to_string(),
                    _ if v.pending_actions().next().is_some() && v.restored_at.is_none() => {
                        let names: Vec<&str> =
                            v.pending_actions().map(|a| lang.action(a.action)).collect();
                        format!("{}: {}", labels::required(lang), names.join(" · "))
                    }
                    _ if v.restored_at.is_some() => labels::restored(lang).to_string(),
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

/// The scripting interface (names must be spelled exactly so). Typed, and
/// written straight to the output: building `json!` trees was most of
/// `sla --json`'s time at 10,000 tickets. Fields are in alphabetical order,
/// as the scripts that read it have always seen them.
#[derive(Serialize)]
#[serde(untagged)]
pub enum TicketJson<'a> {
    Ok(Box<TicketOk<'a>>),
    Damaged(Box<TicketDamaged<'a>>),
}

#[derive(Serialize)]
pub struct TicketOk<'a> {
    actions: Vec<ActionJson<'a>>,
    approved_by: Option<&'a str>,
    assignees: Vec<&'a str>,
    breached: bool,
    breaches: Vec<BreachJson>,
    calendar_missing: Option<i32>,
    contract: Option<&'a str>,
    escalations: Vec<EscalationJson<'a>>,
    evaluated_at: String,
    hardware_wait: bool,
    /// Out of warranty and not yet approved: nobody may be assigned.
    held: bool,
    id: TicketId,
    initial_level: u8,
    level: u8,
    milestones: Vec<MilestoneJson>,
    negotiation_pending: bool,
    next_deadline: Option<String>,
    next_milestone: Option<&'static str>,
    onsite: bool,
    problems: &'a [String],
    provisional: bool,
    remaining_seconds: Option<i64>,
    reported_at: String,
    site: &'a str,
    state: &'static str,
    title: &'a str,
    waivers: Vec<WaiverJson<'a>>,
    zone: Option<u8>,
}

#[derive(Serialize)]
pub struct TicketDamaged<'a> {
    actions: [(); 0],
    approved_by: Option<&'a str>,
    assignees: Vec<&'a str>,
    contract: Option<&'a str>,
    error: String,
    escalations: [(); 0],
    evaluated_at: String,
    id: TicketId,
    level: u8,
    milestones: [(); 0],
    next_deadline: Option<String>,
    remaining_seconds: Option<i64>,
    reported_at: String,
    site: &'a str,
    state: &'static str,
    title: &'a str,
}

#[derive(Serialize)]
struct MilestoneJson {
    breached: bool,
    calendar_missing: Option<i32>,
    due: Option<String>,
    met_at: Option<String>,
    name: &'static str,
    provisional: bool,
    rule: Option<String>,
    start: Option<String>,
    state: MilestoneState,
}

#[derive(Serialize)]
struct EscalationJson<'a> {
    at: String,
    automatic: bool,
    from: u8,
    reason: Option<&'a str>,
    to: u8,
}

#[derive(Serialize)]
struct WaiverJson<'a> {
    agreed_by: &'a str,
    at: String,
    covers_due: String,
    reason: &'a str,
}

#[derive(Serialize)]
struct BreachJson {
    due: String,
    met_at: Option<String>,
    milestone: &'static str,
    waived: bool,
}

#[derive(Serialize)]
struct ActionJson<'a> {
    action: &'static str,
    /// When it became required (`due`: the same instant, under the name the
    /// work lists use).
    at: String,
    due: String,
    /// When `action_done` recorded it, and who carried it out.
    done_at: Option<String>,
    by: Option<&'a str>,
    calendar_missing: Option<i32>,
    provisional: bool,
}

/// Who carried out a required action: the `action_done` entry's performer
/// (or its recorder), unless that entry was voided.
fn action_done_by<'a>(r: &Row<'a>, action: crate::sla::Action) -> Option<&'a str> {
    r.ticket
        .events
        .iter()
        .zip(&r.ticket.meta)
        .find(|(e, m)| {
            m.voided_by.is_none() && e.kind == crate::sla::EventKind::ActionDone { action }
        })
        .and_then(|(_, m)| m.performed_by.as_deref().or(m.by.as_deref()))
}

pub fn row_json<'a>(r: &'a Row, ctx: &Context, now: Ts) -> TicketJson<'a> {
    let tz = ctx.rules.policy.tz;
    let t = |x: Option<Ts>| x.map(|x| rfc3339(x, tz));
    let contract = r.site.contract.as_deref();
    let v = match &r.view {
        Ok(v) => v,
        Err(e) => {
            return TicketJson::Damaged(Box::new(TicketDamaged {
                actions: [],
                approved_by: r.ticket.approved_by.as_deref(),
                assignees: r.ticket.assignees(),
                contract,
                error: e.to_string(),
                escalations: [],
                evaluated_at: rfc3339(now, tz),
                id: r.ticket.id,
                level: r.ticket.level.number(),
                milestones: [],
                next_deadline: None,
                remaining_seconds: None,
                reported_at: rfc3339(r.ticket.reported_at, tz),
                site: &r.site.name,
                state: "damaged",
                title: &r.ticket.title,
            }))
        }
    };
    TicketJson::Ok(Box::new(TicketOk {
        actions: v
            .actions
            .iter()
            .map(|a| ActionJson {
                action: a.action.name(),
                at: rfc3339(a.at, tz),
                due: rfc3339(a.at, tz),
                done_at: a.done_at.map(|t| rfc3339(t, tz)),
                by: a.done_at.and_then(|_| action_done_by(r, a.action)),
                calendar_missing: a.provisional,
                provisional: a.provisional.is_some(),
            })
            .collect(),
        approved_by: r.ticket.approver(),
        assignees: r.ticket.assignees(),
        breached: v.is_breached_now(),
        breaches: v
            .breaches
            .iter()
            .map(|b| BreachJson {
                due: rfc3339(b.due(), tz),
                met_at: t(b.met_at()),
                milestone: b.milestone.name(),
                waived: b.waived,
            })
            .collect(),
        calendar_missing: v.provisional(),
        contract,
        escalations: v
            .escalations
            .iter()
            .map(|e| EscalationJson {
                at: rfc3339(e.at, tz),
                automatic: e.is_automatic(),
                from: e.from.number(),
                reason: match &e.cause {
                    crate::sla::EscalationCause::Automatic => None,
                    crate::sla::EscalationCause::Manual { reason } => Some(reason.as_str()),
                },
                to: e.to.number(),
            })
            .collect(),
        evaluated_at: rfc3339(now, tz),
        hardware_wait: v.hardware_wait,
        held: v.held,
        id: r.ticket.id,
        initial_level: r.ticket.level.number(),
        level: v.level.number(),
        milestones: v
            .milestones
            .iter()
            .map(|m| MilestoneJson {
                breached: m.breached,
                calendar_missing: m.provisional,
                due: t(m.due()),
                met_at: t(m.met_at()),
                name: m.milestone.name(),
                provisional: m.provisional.is_some(),
                rule: Lang::rule_id(m.rule, contract),
                start: t(m.start()),
                state: m.state,
            })
            .collect(),
        negotiation_pending: v.negotiation_pending(),
        next_deadline: t(v.next_deadline()),
        next_milestone: v.next_milestone().map(|m| m.milestone.name()),
        onsite: v.onsite,
        problems: &v.problems,
        provisional: v.next_milestone().is_some_and(|m| m.provisional.is_some()),
        remaining_seconds: v.remaining_seconds(now),
        reported_at: rfc3339(r.ticket.reported_at, tz),
        site: &r.site.name,
        state: if v.closed_at.is_some() {
            "closed"
        } else if v.restored_at.is_some() {
            "restored"
        } else {
            "open"
        },
        title: &r.ticket.title,
        waivers: v
            .waivers
            .iter()
            .map(|w| WaiverJson {
                agreed_by: &w.agreed_by,
                at: rfc3339(w.at, tz),
                covers_due: rfc3339(w.covers_due, tz),
                reason: &w.reason,
            })
            .collect(),
        zone: v.zone.map(|z| z.0),
    }))
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
            .due()
            .map(|d| hhmm(d, ctx, now))
            .unwrap_or_else(|| "—".into());
        let status = match m.state {
            MilestoneState::Met | MilestoneState::MetLate => format!(
                "✓ {}{}",
                m.met_at().map(|t| hhmm(t, ctx, now)).unwrap_or_default(),
                if m.breached {
                    format!(" {}", lang.overdue())
                } else {
                    String::new()
                }
            ),
            MilestoneState::Overdue => format!(
                "{} {}",
                lang.overdue(),
                m.due()
                    .map(|d| countdown((d - now).num_seconds(), lang))
                    .unwrap_or_default()
            ),
            MilestoneState::Pending => format!(
                "{} {}",
                lang.left(),
                m.due()
                    .map(|d| countdown((d - now).num_seconds(), lang))
                    .unwrap_or_default()
            ),
            MilestoneState::NotStarted => labels::not_started(lang).into(),
            MilestoneState::Paused => labels::paused_for_hardware(lang).into(),
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
                labels::automatic_raise(lang)
            } else {
                labels::set_by_hand(lang)
            }
        ));
    }
    for a in &v.actions {
        let done = match a.done_at {
            Some(t) => format!(" ✓ {}", hhmm(t, ctx, now)),
            None => String::new(),
        };
        out.push_str(&format!(
            "  {} {}: {}{done}\n",
            hhmm(a.at, ctx, now),
            labels::required(lang),
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
                crate::sla::EventKind::CallbackPromised { due } => {
                    v["due"] = json!(rfc3339(*due, tz))
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
