//! The console's other screens (`2`–`4`): the project managers' work, the
//! preventive jobs, and the closed tickets. Lists laid out by display width
//! like the queues, so CJK names keep their columns.

use crate::msg::labels;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::{dim, span, urgency_style, when, Urgency};
use crate::i18n::Lang;
use crate::sla::Milestone;
use crate::text::{countdown, fit, fit_right};
use crate::tui::app::{pm_items, Pane, PmReason, State};
use crate::tui::data::{Data, RowRef};

fn list_block(title: String, focused: bool) -> Block<'static> {
    let style = if focused {
        Style::default().fg(Color::White)
    } else {
        dim()
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(span(title, Style::default().add_modifier(Modifier::BOLD)))
}

fn reason_label(lang: Lang, why: PmReason) -> &'static str {
    match why {
        PmReason::Held => labels::held_out_of_warranty(lang),
        PmReason::Followup => labels::follow_ups_due(lang),
        PmReason::Opinion => labels::awaiting_the_signed_opinion(lang),
        PmReason::Close => labels::ready_to_close(lang),
    }
}

/// A list line in its style, reversed when selected.
fn row(text: String, style: Style, selected: bool) -> Line<'static> {
    Line::from(span(
        text,
        if selected {
            style.add_modifier(Modifier::REVERSED)
        } else {
            style
        },
    ))
}

/// Draws a list's lines in `inner`, the selected one kept in view, or
/// `empty` (dim) when there are none.
fn list(
    f: &mut Frame,
    inner: Rect,
    mut lines: Vec<Line<'static>>,
    selected_line: Option<usize>,
    empty: &str,
) {
    if lines.is_empty() {
        lines.push(Line::from(span(empty.to_string(), dim())));
    }
    let skip = scroll(selected_line, usize::from(inner.height));
    f.render_widget(
        Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()),
        inner,
    );
}

/// Keeps the selected line in view: the first line to draw.
fn scroll(selected: Option<usize>, height: usize) -> usize {
    selected.map_or(0, |i| (i + 1).saturating_sub(height))
}

/// `▶1013  苏州数据中心  控制器告警………  回访 1天 03:55  何军`.
fn pm_line(
    r: &RowRef,
    why: PmReason,
    selected: bool,
    w: usize,
    lang: Lang,
    data: &Data,
) -> Line<'static> {
    let (now, tz) = (data.now, data.tz);
    let marker = if selected { "▶" } else { " " };
    let (site_w, right_w) = match w {
        w if w >= 120 => (20, 24),
        w if w >= 70 => (14, 22),
        _ => (10, 12),
    };
    let title_w = w
        .saturating_sub(1 + 5 + 1 + site_w + 1 + 1 + right_w)
        .max(4);
    let (right, urgency) = match (why, r.ok()) {
        (PmReason::Followup, Some(v)) => match v.milestone(Milestone::Followup) {
            Some(m) => {
                let left = m.seconds_left(now).unwrap_or(0);
                let u = if left < 0 {
                    Urgency::Breached
                } else if left < 4 * 3600 {
                    Urgency::Warning
                } else {
                    Urgency::Calm
                };
                (
                    format!(
                        "{} {} {}",
                        lang.milestone_short(Milestone::Followup),
                        countdown(left, lang),
                        r.site.pm.as_deref().unwrap_or("")
                    ),
                    u,
                )
            }
            None => (String::new(), Urgency::Calm),
        },
        (PmReason::Held, _) => (
            format!(
                "{} {}",
                labels::reported(lang),
                when(r.ticket.reported_at, now, tz)
            ),
            Urgency::Warning,
        ),
        (_, Some(v)) => (
            format!(
                "{} {}",
                labels::restored_column(lang),
                v.restored_at.map_or(String::new(), |t| when(t, now, tz))
            ),
            Urgency::Calm,
        ),
        (_, None) => (lang.cannot_compute().to_string(), Urgency::Urgent),
    };
    let text = format!(
        "{marker}{:<5} {} {} {}",
        r.ticket.id,
        fit(&r.site.name, site_w),
        fit(&r.ticket.title, title_w),
        fit_right(&right, right_w)
    );
    row(text, urgency_style(urgency), selected)
}

/// Held tickets, follow-ups due, opinions missing, ready to close: one list
/// under section headings, the selection moving through the tickets.
pub fn pm(f: &mut Frame, area: Rect, state: &State, data: &Data) {
    let lang = state.lang;
    let items = pm_items(data);
    let shown: Vec<_> = state.listed(data);
    let current = state.current(data).map(|r| r.ticket.id);
    let title = format!(" {} · {} ", labels::project_managers(lang), items.len());
    let block = list_block(title, state.pane == Pane::Queues);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = None;
    let mut last = None;
    for (why, r) in items.iter().filter(|(_, r)| shown.contains(&r.ticket.id)) {
        if last != Some(*why) {
            let n = items.iter().filter(|(w, _)| w == why).count();
            lines.push(Line::from(span(
                fit(&format!(" {} ({n})", reason_label(lang, *why)), w),
                Style::default().add_modifier(Modifier::BOLD),
            )));
            last = Some(*why);
        }
        let selected = current == Some(r.ticket.id);
        if selected {
            selected_line = Some(lines.len());
        }
        lines.push(pm_line(r, *why, selected, w, lang, data));
    }
    list(
        f,
        inner,
        lines,
        selected_line,
        labels::nothing_for_pms(lang),
    );
}

/// Preventive jobs not done, by due day: when, where, what, who.
pub fn jobs(f: &mut Frame, area: Rect, state: &State, data: &Data) {
    use chrono::Datelike;
    let lang = state.lang;
    let title = format!(" {} · {} ", labels::preventive_jobs(lang), data.jobs.len());
    let block = list_block(title, true);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = usize::from(inner.width);
    let today = data.now.with_timezone(&data.tz).date_naive();
    let selected = state.current_job(data).map(|j| j.job.id);
    let kind_w = <crate::sla::plan::PlanKind as strum::IntoEnumIterator>::iter()
        .map(|k| crate::text::width(lang.plan_kind(k)))
        .max()
        .unwrap_or(8);
    let (site_w, who_w, when_w) = (14, 8, 10);
    let title_w = w
        .saturating_sub(1 + 5 + 1 + 10 + 1 + when_w + 1 + site_w + 1 + kind_w + 1 + 1 + who_w)
        .max(4);
    let mut lines = Vec::new();
    let mut selected_line = None;
    for j in &data.jobs {
        let days = (j.job.due - today).num_days();
        let (left, urgency) = match days {
            d if d < 0 => (
                format!("{} {}{}", lang.overdue(), -d, labels::day_unit(lang)),
                Urgency::Breached,
            ),
            0 => (labels::today(lang).to_string(), Urgency::Warning),
            d => (format!("{d}{}", labels::d_ahead(lang)), Urgency::Calm),
        };
        let is = selected == Some(j.job.id);
        if is {
            selected_line = Some(lines.len());
        }
        // The flexible title last: who has the job stays beside what it is.
        let text = format!(
            "{}{:<5} {} {} {} {} {} {}",
            if is { "▶" } else { " " },
            j.job.id,
            fit(
                &format!(
                    "{} {}",
                    j.job.due.format("%m-%d"),
                    lang.weekday(j.job.due.weekday())
                ),
                10
            ),
            fit_right(&left, when_w),
            fit(&j.site, site_w),
            fit(lang.plan_kind(j.kind), kind_w),
            fit(j.job.engineer.as_deref().unwrap_or("—"), who_w),
            fit(j.title.as_deref().unwrap_or(""), title_w),
        );
        lines.push(row(text, urgency_style(urgency), is));
    }
    list(
        f,
        inner,
        lines,
        selected_line,
        labels::no_jobs_due_hint(lang),
    );
}

/// Closed tickets, newest first, searchable with `/` by number, site,
/// title or reported date.
pub fn history(f: &mut Frame, area: Rect, state: &State, data: &Data) {
    let lang = state.lang;
    let shown = state.listed(data);
    let current = state.current(data).map(|r| r.ticket.id);
    let mut title = format!(" {} · {} ", labels::history_closed(lang), shown.len());
    if !state.filter.is_empty() {
        title = format!("{title}/{} ", state.filter);
    }
    let block = list_block(title, state.pane == Pane::Queues);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = usize::from(inner.width);
    let (site_w, date_w) = (if w >= 120 { 20 } else { 14 }, 11);
    let level_w = 4;
    let breach_w = 8;
    let title_w = w
        .saturating_sub(1 + 5 + 1 + date_w + 1 + site_w + 1 + 1 + level_w + 1 + breach_w)
        .max(4);
    let mut lines = Vec::new();
    let mut selected_line = None;
    for r in data.history_rows().filter(|r| shown.contains(&r.ticket.id)) {
        let is = current == Some(r.ticket.id);
        if is {
            selected_line = Some(lines.len());
        }
        let breaches = r.ok().map_or(0, |v| {
            v.breaches
                .iter()
                .filter(|b| !b.milestone.is_desk_own())
                .count()
        });
        let text = format!(
            "{}{:<5} {} {} {} {} {}",
            if is { "▶" } else { " " },
            r.ticket.id,
            fit(
                &r.ticket
                    .reported_at
                    .with_timezone(&data.tz)
                    .format("%Y-%m-%d")
                    .to_string(),
                date_w
            ),
            fit(&r.site.name, site_w),
            fit(&r.ticket.title, title_w),
            fit(lang.level(r.level()), level_w),
            fit_right(
                &if breaches > 0 {
                    format!("{} {breaches}", labels::late(lang))
                } else {
                    labels::on_time(lang).to_string()
                },
                breach_w
            ),
        );
        let style = if breaches > 0 {
            urgency_style(Urgency::Breached)
        } else {
            Style::default()
        };
        lines.push(row(text, style, is));
    }
    let empty = if data.history.loaded {
        labels::no_closed_tickets_match(lang)
    } else {
        labels::loading(lang)
    };
    list(f, inner, lines, selected_line, empty);
}
