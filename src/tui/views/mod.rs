//! Views are functions of state that draw into a `Frame`. Every deadline
//! shown comes from the engine's view; nothing here computes one.

pub mod assign;
pub mod console;
pub mod detail;
pub mod overlays;
pub mod queues;
pub mod screens;
#[cfg(test)]
mod sizes;
pub mod wall;

use crate::msg::labels;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use crate::i18n::Lang;
use crate::sla::{Level, MilestoneView, TicketView, Ts};
use crate::text::countdown;

/// Smallest usable terminal; below it a note replaces the screen.
pub const MIN_W: u16 = 60;
pub const MIN_H: u16 = 15;

pub fn level_color(l: Level) -> Color {
    match l.number() {
        1 => Color::Red,
        2 => Color::Yellow,
        3 => Color::Cyan,
        _ => Color::Gray,
    }
}

/// How urgent a countdown is: by share of its window left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Calm,
    Warning,
    Urgent,
    Breached,
}

pub fn urgency(m: &MilestoneView, now: Ts) -> Urgency {
    match m.due() {
        Some(due) if due < now => Urgency::Breached,
        _ => match m.share_left(now) {
            Some(s) if s > 0.5 => Urgency::Calm,
            Some(s) if s >= 0.25 => Urgency::Warning,
            Some(_) => Urgency::Urgent,
            None => Urgency::Calm,
        },
    }
}

/// Breached is shown by words and reverse video, not colour alone, so it
/// reads on a monochrome screen and for colour-blind staff.
pub fn urgency_style(u: Urgency) -> Style {
    match u {
        Urgency::Calm => Style::default().fg(Color::Green),
        Urgency::Warning => Style::default().fg(Color::Yellow),
        Urgency::Urgent => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        Urgency::Breached => Style::default()
            .fg(Color::Red)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED),
    }
}

/// `▇▇▇▁▁`: the share of the window left, in five cells.
pub fn bar(share: Option<f64>) -> String {
    let Some(s) = share else {
        return "     ".into();
    };
    let filled = (s.clamp(0.0, 1.0) * 5.0).ceil() as usize;
    let mut out = "▇".repeat(filled);
    out.push_str(&"▁".repeat(5 - filled));
    out
}

/// The next deadline of a ticket: (milestone short name, countdown, urgency).
/// How wide a column of short milestone names is in this language (the
/// longest name: English `process` is wider than Chinese `流程`).
pub fn milestone_width(lang: Lang) -> usize {
    crate::sla::Milestone::ALL
        .iter()
        .map(|m| unicode_width::UnicodeWidthStr::width(lang.milestone_short(*m)))
        .max()
        .unwrap_or(4)
}

pub fn next_due(v: &TicketView, now: Ts, lang: Lang) -> Option<(&'static str, String, Urgency)> {
    let m = v.next_milestone()?;
    let due = m.due()?;
    Some((
        lang.milestone_short(m.milestone),
        countdown((due - now).num_seconds(), lang),
        urgency(m, now),
    ))
}

/// The calendar banner line (section 3: warn 45 days ahead and while any
/// shown deadline is provisional), or `None` when the calendar is fine.
/// The desk's standing warnings on one line: a missing calendar year
/// (deadlines provisional), and notifications that could not be delivered.
pub fn desk_banner(
    data: &crate::tui::data::Data,
    lang: Lang,
    width: u16,
) -> Option<ratatui::text::Line<'static>> {
    let calendar = data
        .calendar_missing
        .as_ref()
        .map(|n| lang.calendar_banner(n.year, &n.calendar, n.provisional));
    let dead =
        (data.dead_letters > 0).then(|| crate::msg::screen::undelivered(lang, data.dead_letters));
    let text = match (calendar, dead) {
        (None, None) => return None,
        (Some(c), None) => c,
        (None, Some(d)) => d,
        (Some(c), Some(d)) => format!("{d} · {c}"),
    };
    Some(ratatui::text::Line::from(span(
        format!(
            " ! {}",
            crate::text::truncate(&text, usize::from(width).saturating_sub(4))
        ),
        Style::default()
            .fg(Color::Yellow)
            .add_modifier(Modifier::BOLD),
    )))
}

pub use crate::time::when;

pub fn clock_line(now: Ts, tz: chrono_tz::Tz, lang: Lang) -> String {
    use chrono::Datelike;
    let l = now.with_timezone(&tz);
    format!(
        "{} {} {}",
        l.format("%Y-%m-%d"),
        lang.weekday(l.weekday()),
        l.format("%H:%M:%S")
    )
}

pub fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

pub fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn span(s: impl Into<String>, style: Style) -> Span<'static> {
    Span::styled(s.into(), style)
}

/// A bordered block in a level's colour with a bold title.
pub fn level_block(level: Level, title: String) -> ratatui::widgets::Block<'static> {
    let style = Style::default().fg(level_color(level));
    ratatui::widgets::Block::default()
        .borders(ratatui::widgets::Borders::ALL)
        .border_style(style)
        .title(span(title, style.add_modifier(Modifier::BOLD)))
}

/// The header both screens lead with: title, open tickets per level,
/// breached and awaiting-negotiation counts, and the clock at the right.
/// Narrow terminals shed the date, then the negotiate count, never the time.
pub fn header_line(
    data: &crate::tui::data::Data,
    lang: Lang,
    title: String,
    title_style: Style,
    tz: chrono_tz::Tz,
    width: u16,
) -> ratatui::text::Line<'static> {
    let crate::tui::data::Counts {
        by_level: counts,
        breached,
        negotiate,
    } = data.counts;
    let mut spans = vec![span(title, title_style)];
    for l in Level::ALL {
        spans.push(span(
            format!("{} {}  ", lang.level(l), counts[l.index()]),
            Style::default()
                .fg(level_color(l))
                .add_modifier(Modifier::BOLD),
        ));
    }
    spans.push(span(
        format!("{} {breached}", lang.overdue()),
        if breached > 0 {
            urgency_style(Urgency::Breached)
        } else {
            dim()
        },
    ));
    spans.push(span(
        format!("  {} {negotiate}", lang.negotiate()),
        if negotiate > 0 {
            Style::default().fg(Color::Yellow)
        } else {
            dim()
        },
    ));
    let width = usize::from(width);
    let width_of = |spans: &[Span]| {
        spans
            .iter()
            .map(|s| crate::text::width(&s.content))
            .sum::<usize>()
    };
    let mut clock = clock_line(data.now, tz, lang);
    if width_of(&spans) + crate::text::width(&clock) + 1 > width {
        clock = data.now.with_timezone(&tz).format("%H:%M:%S").to_string();
    }
    if width_of(&spans) + crate::text::width(&clock) + 1 > width {
        spans.pop();
    }
    // Still too wide (a long desk or operator name): the title gives way,
    // never the counts or the clock.
    // One column before the clock, one spare at the end.
    let over = (width_of(&spans) + crate::text::width(&clock) + 2).saturating_sub(width);
    if over > 0 {
        if let Some(first) = spans.first_mut() {
            let keep = crate::text::width(&first.content).saturating_sub(over + 1);
            let cut = format!("{} ", crate::text::truncate(first.content.trim_end(), keep));
            first.content = cut.into();
        }
    }
    let pad = width.saturating_sub(width_of(&spans) + crate::text::width(&clock) + 1);
    spans.push(span(" ".repeat(pad), Style::default()));
    spans.push(span(
        clock,
        Style::default()
            .fg(Color::White)
            .add_modifier(Modifier::BOLD),
    ));
    ratatui::text::Line::from(spans)
}

/// The first frame, drawn before any query: the screen is there at once,
/// whatever the size of the history behind it.
pub fn loading(buf: &mut ratatui::buffer::Buffer, title: &str, lang: Lang) {
    use ratatui::widgets::{Paragraph, Widget};
    let area = buf.area;
    Paragraph::new(vec![
        ratatui::text::Line::from(span(format!(" {title}"), bold())),
        ratatui::text::Line::default(),
        ratatui::text::Line::from(span(labels::loading_open_tickets(lang), dim())),
    ])
    .render(area, buf);
}
