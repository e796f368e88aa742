//! `ticket timeline`: one ticket's record in time order, for the customer.
//!
//! Two sources merged: what the engine derives from the log (each
//! deadline's due, met and breached times with the rule that set it,
//! raises, waivers) and the log itself (every entry with who recorded it,
//! who performed it, its note, whether it was recorded late or voided).

use crate::msg::labels;
use serde::Serialize;

use super::*;
use crate::service::Row;
use crate::sla::MilestoneState;

/// One line of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// RFC 3339 in the policy's zone.
    pub at: String,
    /// `due`, `met`, `breached`, `raise`, `waiver`, or `entry`.
    pub what: &'static str,
    /// The milestone, or the entry's kind.
    pub name: String,
    /// In the user's language.
    pub text: String,
    /// The rule that set a deadline (`standard/zone-3`, `contract/NAME`).
    pub rule: Option<String>,
    /// The log entry's number, who recorded it and who performed it.
    pub entry: Option<i64>,
    pub by: Option<String>,
    pub performed_by: Option<String>,
    pub note: Option<String>,
    /// Recorded more than 15 minutes after its time: when it was.
    pub recorded_late: Option<String>,
    /// The `void` entry that corrected it.
    pub voided_by: Option<i64>,
    #[serde(skip)]
    sort: (i64, u8, i64),
}

pub fn lines(r: &Row, ctx: &Context) -> Vec<Line> {
    let tz = ctx.rules.policy.tz;
    let lang = ctx.lang;
    let t = |x: Ts| time::rfc3339(x, tz);
    let blank = |at: Ts, what: &'static str, name: String, text: String, order: u8| Line {
        at: t(at),
        what,
        name,
        text,
        rule: None,
        entry: None,
        by: None,
        performed_by: None,
        note: None,
        recorded_late: None,
        voided_by: None,
        sort: (at.timestamp(), order, 0),
    };
    let mut out = Vec::new();
    if let Ok(v) = &r.view {
        for m in &v.milestones {
            let label = lang.milestone(m.milestone).to_string();
            let name = m.milestone.name().to_string();
            let rule = Some(lang.rule(m.rule, &ctx.rules, r.site.contract.as_deref()))
                .filter(|x| !x.is_empty());
            if let Some(due) = m.due() {
                let mut l = blank(
                    due,
                    "due",
                    name.clone(),
                    format!("{label} {}", labels::due(lang)),
                    1,
                );
                l.rule = rule;
                out.push(l);
            }
            if let Some(met) = m.met_at() {
                let late = m.state == MilestoneState::MetLate;
                let text = if late {
                    format!("{label} {} ({})", labels::met(lang), lang.overdue())
                } else {
                    format!("{label} {}", labels::met(lang))
                };
                out.push(blank(met, "met", name.clone(), text, 2));
            }
        }
        for b in &v.breaches {
            let label = lang.milestone(b.milestone);
            let waived = if b.waived { labels::waived(lang) } else { "" };
            out.push(blank(
                b.due(),
                "breached",
                b.milestone.name().to_string(),
                format!("{label} {}{waived}", labels::breached(lang)),
                3,
            ));
        }
        for e in &v.escalations {
            let how = match &e.cause {
                crate::sla::EscalationCause::Automatic => labels::automatic_raise(lang).to_string(),
                crate::sla::EscalationCause::Manual { reason } => {
                    format!("{} · {reason}", labels::level_set(lang))
                }
            };
            out.push(blank(
                e.at,
                "raise",
                "level".into(),
                format!("{how} {}→{}", lang.level(e.from), lang.level(e.to)),
                4,
            ));
        }
        for w in &v.waivers {
            let mut l = blank(
                w.at,
                "waiver",
                "waiver".into(),
                format!(
                    "{} {} · {}",
                    labels::raise_waived_agreed_by(lang),
                    w.agreed_by,
                    w.reason
                ),
                5,
            );
            l.rule = Some(format!("covers {}", t(w.covers_due)));
            out.push(l);
        }
    }
    for (e, m) in r.ticket.events.iter().zip(&r.ticket.meta) {
        let mut l = blank(
            e.at,
            "entry",
            e.kind.name().into(),
            lang.event_words(&e.kind),
            6,
        );
        l.sort.2 = m.id;
        l.entry = Some(m.id);
        l.by = m.by.as_deref().map(str::to_string);
        l.performed_by = m
            .performed_by
            .as_deref()
            .or(m.by.as_deref())
            .map(str::to_string);
        l.note = m.note.as_deref().map(str::to_string);
        l.recorded_late = m.is_late(e.at).then(|| t(m.recorded_at));
        l.voided_by = m.voided_by;
        out.push(l);
    }
    out.sort_by_key(|l| l.sort);
    out
}

/// A Markdown table: paste it into the customer's report as it is.
pub fn markdown(r: &Row, lines: &[Line], ctx: &Context) -> String {
    let lang = ctx.lang;
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = format!(
        "### #{} {} · {} · {}\n\n",
        r.ticket.id,
        cell(&r.ticket.title),
        cell(&r.site.name),
        lang.level(r.ticket.level)
    );
    out.push_str(crate::msg::screen::timeline_head(lang));
    for l in lines {
        let mut text = cell(&l.text);
        if let Some(n) = l.entry {
            text = format!("#{n} {text}");
        }
        if let Some(at) = &l.recorded_late {
            text.push_str(&format!(" ({} {at})", labels::recorded_late_at(lang)));
        }
        if let Some(v) = l.voided_by {
            text = format!("~~{text}~~ ({} #{v})", labels::voided_by(lang));
        }
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            l.at,
            text,
            cell(l.rule.as_deref().unwrap_or("")),
            cell(l.by.as_deref().unwrap_or("")),
            cell(l.performed_by.as_deref().unwrap_or("")),
            cell(l.note.as_deref().unwrap_or(""))
        ));
    }
    out
}

/// RFC 4180 CSV with a header row (spreadsheets open it as it is).
pub fn csv(lines: &[Line]) -> Result<String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record([
        "at",
        "what",
        "name",
        "text",
        "rule",
        "entry",
        "by",
        "performed_by",
        "note",
        "recorded_late",
        "voided_by",
    ])?;
    for l in lines {
        w.write_record([
            l.at.as_str(),
            l.what,
            &l.name,
            &l.text,
            l.rule.as_deref().unwrap_or(""),
            &l.entry.map(|n| n.to_string()).unwrap_or_default(),
            l.by.as_deref().unwrap_or(""),
            l.performed_by.as_deref().unwrap_or(""),
            l.note.as_deref().unwrap_or(""),
            l.recorded_late.as_deref().unwrap_or(""),
            &l.voided_by.map(|n| n.to_string()).unwrap_or_default(),
        ])?;
    }
    Ok(String::from_utf8(
        w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?,
    )?)
}

pub(super) fn timeline(ctx: &Context, id: crate::store::TicketId, format: &str) -> Result<u8> {
    if !["md", "csv", "json"].contains(&format) {
        return bad(crate::msg::cli::bad_format(format));
    }
    let store = ctx.reader()?;
    let ticket = store.ticket(id)?;
    let sites = store.sites()?;
    let Some(site) = sites.iter().find(|s| s.id == ticket.site_id) else {
        return bad(crate::msg::service::ticket_without_site(id));
    };
    let now = ctx.now();
    let row = Row {
        ticket: &ticket,
        site,
        view: service::view_of(&ticket, site, &ctx.rules, now),
    };
    let lines = lines(&row, ctx);
    match format {
        "json" => println!("{}", serde_json::to_string_pretty(&lines)?),
        "csv" => print!("{}", csv(&lines)?),
        _ => print!("{}", markdown(&row, &lines, ctx)),
    }
    Ok(0)
}
