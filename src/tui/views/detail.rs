//! Ticket detail: what is due next, by when, and which rule says so; raises,
//! waivers, required actions, and the timeline with who and when.

use crate::msg::labels;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::{dim, span, urgency, urgency_style, when};
use crate::config::Rules;
use crate::sla::{EscalationCause, Milestone, MilestoneState};
use crate::text::{countdown, fit};
use crate::tui::app::{Pane, State};
use crate::tui::data::Data;
use unicode_width::UnicodeWidthStr;

pub fn draw(f: &mut Frame, area: Rect, state: &State, data: &Data, rules: &Rules) {
    let lang = state.lang;
    let tz = rules.policy.tz;
    let now = data.now;
    let border = if state.pane == Pane::Detail {
        Style::default().fg(Color::White)
    } else {
        dim()
    };
    let Some(r) = state.current(data) else {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(border)
            .title(labels::ticket(lang));
        f.render_widget(
            Paragraph::new(labels::no_open_tickets(lang)).block(block),
            area,
        );
        return;
    };
    let level = r.level();
    let title = format!(
        " #{} {} · {} · {} {} ",
        r.ticket.id,
        r.ticket.title,
        lang.level(level),
        when(r.ticket.reported_at, data.now, tz),
        labels::reported(lang)
    );
    let block = super::level_block(level, title).border_style(border);
    let w = usize::from(area.width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    let zone = r
        .ok()
        .and_then(|v| v.zone)
        .map(|z| crate::msg::screen::zone_suffix(lang, z))
        .unwrap_or_default();
    let contract = r
        .site
        .contract
        .as_deref()
        .map(|c| format!(" · {} {c}", labels::contract(lang)))
        .unwrap_or_default();
    let province = if r.site.in_province {
        labels::in_province(lang)
    } else {
        ""
    };
    // The site line wraps rather than cut the contract's name.
    let site_line = format!(
        "{} {} · {} km{zone}{province}{contract}",
        labels::site(lang),
        r.site.name,
        r.site.distance_km
    );
    for part in crate::text::wrap_words(&site_line, w.saturating_sub(1).max(8)) {
        lines.push(Line::from(format!(" {part}")));
    }
    let v = match r.ok() {
        Some(v) => v,
        None => {
            let msg = r
                .view
                .as_ref()
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            lines.push(Line::from(span(
                format!(" {}: {msg}", labels::cannot_compute_deadlines(lang)),
                urgency_style(super::Urgency::Breached),
            )));
            f.render_widget(Paragraph::new(lines).block(block), area);
            return;
        }
    };
    if v.held {
        lines.push(Line::from(span(
            format!(" ⚠ {}", labels::held_until_pm_approves(lang)),
            urgency_style(super::Urgency::Warning),
        )));
    }
    if let Some(pm) = &r.site.pm {
        if v.restored_at.is_some() || v.held {
            lines.push(Line::from(format!(
                " {} {pm}",
                labels::project_manager(lang)
            )));
        }
    }
    // Columns sized by their content in the language in force ("on-site
    // arrival", "OVERDUE -0:30:01" are wider than 到场, 超时 -0:30:01).
    let c1 = v
        .milestones
        .iter()
        .map(|m| lang.milestone(m.milestone).width())
        .chain(Milestone::ALL.iter().map(|m| lang.milestone(*m).width()))
        .max()
        .unwrap_or(10)
        + 2;
    let c2 = 12usize;
    let mut rows = Vec::new();
    for m in &v.milestones {
        let due = m
            .due()
            .map(|d| when(d, now, tz))
            .unwrap_or_else(|| "—".into());
        let (status, style) = match m.state {
            MilestoneState::Met => (
                format!(
                    "✓ {}",
                    m.met_at().map(|t| when(t, now, tz)).unwrap_or_default()
                ),
                Style::default().fg(Color::Green),
            ),
            MilestoneState::MetLate => (
                format!(
                    "✓ {} {}",
                    m.met_at().map(|t| when(t, now, tz)).unwrap_or_default(),
                    lang.overdue()
                ),
                urgency_style(super::Urgency::Breached),
            ),
            MilestoneState::Pending | MilestoneState::Overdue => {
                let secs = m.seconds_left(now).unwrap_or(0);
                let word = if secs < 0 {
                    lang.overdue()
                } else {
                    lang.left()
                };
                (
                    format!("{word} {}", countdown(secs, lang)),
                    urgency_style(urgency(m, now)),
                )
            }
            MilestoneState::NotStarted => (labels::not_started(lang).into(), dim()),
            MilestoneState::Paused => (
                labels::hw_wait(lang).into(),
                Style::default().fg(Color::Magenta),
            ),
            MilestoneState::Negotiate => (
                lang.negotiate().into(),
                urgency_style(super::Urgency::Warning),
            ),
            MilestoneState::Skipped => ("—".into(), dim()),
            MilestoneState::Unknown => (
                lang.cannot_compute().into(),
                urgency_style(super::Urgency::Urgent),
            ),
        };
        let mut rule = lang.rule(m.rule, rules, r.site.contract.as_deref());
        if let Some(year) = m.provisional {
            rule = format!("{} ({year}) · {rule}", lang.provisional());
        }
        rows.push((m.milestone, due, status, style, rule));
    }
    let c3 = rows
        .iter()
        .map(|r| r.2.width() + 1)
        .chain([16])
        .max()
        .unwrap_or(16);
    lines.push(Line::from(span(
        format!(
            " {}{}{}{}",
            fit(labels::milestone(lang), c1),
            fit(labels::due(lang), c2),
            fit(labels::status(lang), c3),
            labels::rule(lang)
        ),
        dim(),
    )));
    // A rule too long for its column continues below it, never cut
    // ("contract: handled 2h after arrival" in English at 160 columns).
    let rule_w = w.saturating_sub(c1 + c2 + c3 + 1);
    for (m, due, status, style, rule) in rows {
        let mut parts = if rule_w >= 8 {
            crate::text::wrap_words(&rule, rule_w)
        } else {
            vec![crate::text::truncate(&rule, rule_w).into_owned()]
        }
        .into_iter();
        lines.push(Line::from(vec![
            span(
                format!(" {}{}", fit(lang.milestone(m), c1), fit(&due, c2)),
                Style::default(),
            ),
            span(fit(&status, c3), style),
            span(parts.next().unwrap_or_default(), dim()),
        ]));
        for more in parts {
            lines.push(Line::from(span(
                format!(" {}{more}", " ".repeat(c1 + c2 + c3)),
                dim(),
            )));
        }
    }
    // Work due until `action_done` records it; done ones stay, ticked. One
    // line when they fit, else one line each: none may be cut off.
    let head = format!(" {}: ", labels::required(lang));
    let items: Vec<ratatui::text::Span<'static>> = v
        .actions
        .iter()
        .map(|a| match a.done_at {
            Some(t) => span(
                format!("✓ {} {}", lang.action(a.action), when(t, now, tz)),
                Style::default().fg(Color::Green),
            ),
            None => span(
                lang.action(a.action).to_string(),
                urgency_style(super::Urgency::Urgent),
            ),
        })
        .collect();
    let one_line = crate::text::width(&head)
        + items
            .iter()
            .map(|s| crate::text::width(&s.content) + 3)
            .sum::<usize>();
    if items.is_empty() {
        lines.push(Line::from(vec![
            span(head, Style::default()),
            span("—".to_string(), Style::default()),
        ]));
    } else if one_line <= w + 3 {
        let mut need = vec![span(head, Style::default())];
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                need.push(span(" · ".to_string(), dim()));
            }
            need.push(item);
        }
        lines.push(Line::from(need));
    } else {
        lines.push(Line::from(span(head, Style::default())));
        for item in items {
            lines.push(Line::from(vec![span("   · ".to_string(), dim()), item]));
        }
    }
    for e in &v.escalations {
        let how = match &e.cause {
            EscalationCause::Automatic => labels::automatic_raise(lang).to_string(),
            EscalationCause::Manual { reason } => {
                format!("{} · {reason}", labels::set_by_hand(lang))
            }
        };
        lines.push(Line::from(span(
            format!(
                " {} {}→{} {how}",
                when(e.at, now, tz),
                lang.level(e.from),
                lang.level(e.to)
            ),
            Style::default().fg(Color::Yellow),
        )));
    }
    for wv in &v.waivers {
        lines.push(Line::from(span(
            format!(
                " {} {} {} · {}",
                when(wv.at, now, tz),
                labels::waived_agreed_by(lang),
                wv.agreed_by,
                wv.reason
            ),
            Style::default().fg(Color::Magenta),
        )));
    }
    // Timeline, newest last; scrollable when the pane has focus. Each entry
    // says who recorded it; voided entries are struck through.
    let timeline: Vec<(String, bool)> = r
        .ticket
        .events
        .iter()
        .zip(&r.ticket.meta)
        .map(|(e, m)| {
            let note = m
                .note
                .as_deref()
                .map(|n| format!(" · {n}"))
                .unwrap_or_default();
            (
                format!(
                    " {} #{} {} {}{note}{}",
                    when(e.at, now, tz),
                    m.id,
                    m.by.as_deref().unwrap_or("—"),
                    lang.event_words(&e.kind),
                    lang.entry_marks(m, e.at)
                ),
                m.voided_by.is_some(),
            )
        })
        .collect();
    let room = usize::from(area.height.saturating_sub(2)).saturating_sub(lines.len());
    // With the pane focused, the newest entry shown is the selected one
    // (`x` voids it); scrolling moves the selection back in time. The
    // selected entry is shown whole, wrapped: a long note is read there.
    let selected = (state.pane == crate::tui::app::Pane::Detail)
        .then(|| state.selected_entry(r.ticket))
        .flatten();
    let whole = selected
        .and_then(|i| timeline.get(i))
        .map(|(t, _)| crate::text::wrap(t, w, "     "))
        .filter(|l| l.len() > 1);
    let extra = whole
        .as_ref()
        .map_or(0, |l| (l.len() - 1).min(room.saturating_sub(1)));
    let room = room - extra;
    let start = timeline
        .len()
        .saturating_sub(room)
        .saturating_sub(state.detail_scroll.min(timeline.len()));
    // Where the shown entries sit in the log, when it does not fit: the
    // entries a scroll would bring are not a surprise.
    let shown = room.min(timeline.len().saturating_sub(start));
    let block = if shown < timeline.len() && shown > 0 {
        block.title_bottom(
            Line::from(format!(
                " {}–{}/{} {} ",
                start + 1,
                start + shown,
                timeline.len(),
                labels::entries(lang)
            ))
            .right_aligned(),
        )
    } else {
        block
    };
    for (i, (t, voided)) in timeline.iter().enumerate().skip(start).take(room) {
        if let (true, Some(whole)) = (Some(i) == selected, &whole) {
            let style = Style::default().add_modifier(ratatui::style::Modifier::REVERSED);
            for l in whole.iter().take(extra + 1) {
                lines.push(Line::from(span(l.clone(), style)));
            }
            continue;
        }
        let mut style = if *voided {
            dim().add_modifier(ratatui::style::Modifier::CROSSED_OUT)
        } else {
            dim()
        };
        if Some(i) == selected {
            style = Style::default().add_modifier(ratatui::style::Modifier::REVERSED);
        }
        lines.push(Line::from(span(
            crate::text::truncate(t, w).into_owned(),
            style,
        )));
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}
