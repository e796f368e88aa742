//! The home screen: four queues by fault level, level 1 most prominent, each
//! sorted by time left. The eye lands on the most urgent line of the most
//! severe level.

use crate::msg::labels;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::{bar, level_color, next_due, span, urgency_style, Urgency};
use crate::i18n::Lang;
use crate::sla::Level;
use crate::text::{fit, fit_right};
use crate::tui::app::{Pane, State};
use crate::tui::data::{Data, RowRef};

/// The queue's label columns, sized by their content in the language in
/// force: English milestone names and "OVERDUE" are wider than Chinese, and
/// a label is never cut where the screen has room.
struct Columns {
    ms_w: usize,
    cd_w: usize,
    extra_w: usize,
}

impl Columns {
    /// `roomy`: the provisional word has a column (else a `~` marks the
    /// countdown, as on narrow screens).
    fn for_lang(lang: Lang, wide: bool, roomy: bool) -> Columns {
        use unicode_width::UnicodeWidthStr;
        let ms_w = super::milestone_width(lang).max(labels::hw(lang).width());
        // `-12:34:56` and `-3天 04:10` both fit in 10.
        let cd_w = 10;
        let extra_w = if wide {
            // " ▇▇▇▇▇", " 超时!", " 暂定".
            [
                6,
                lang.overdue().width() + 2,
                if roomy {
                    lang.provisional().width() + 1
                } else {
                    0
                },
            ]
            .into_iter()
            .max()
            .unwrap_or(6)
        } else {
            0
        };
        Columns {
            ms_w,
            cd_w,
            extra_w,
        }
    }
}

/// One queue line, laid out to exactly `width` columns by display width.
pub fn row_line(
    r: &RowRef,
    width: u16,
    selected: bool,
    lang: Lang,
    now: crate::sla::Ts,
) -> Line<'static> {
    let w = usize::from(width);
    let marker = if selected { "▶" } else { " " };
    let wide = w >= 70;
    // From 100 columns a provisional deadline says so in words.
    let roomy = w >= 100;
    let Columns {
        ms_w,
        cd_w,
        extra_w,
    } = Columns::for_lang(lang, wide, roomy);
    // marker, id, space, site, space, (title), space, engineer+space,
    // milestone+space, countdown, what follows it (bar or word).
    let fixed = |site_w: usize, eng_w: usize| {
        1 + 5 + 1 + site_w + 1 + 1 + eng_w + usize::from(eng_w > 0) + ms_w + 1 + cd_w + extra_w
    };
    // The site column widens with the room: a data-center name shows whole
    // ("乌鲁木齐数据中心") while the title keeps 20 columns; else 14. A
    // laptop's terminal squeezes the title (English labels are wider), and
    // the site and engineer columns give it what they can spare.
    let title_room = |s, e| w.saturating_sub(fixed(s, e));
    let (site_w, eng_w) = if !wide {
        (10, 0)
    } else if title_room(18, 10) >= 20 {
        (18, 10)
    } else if title_room(14, 10) >= 16 {
        (14, 10)
    } else {
        (12, 8)
    };
    let title_w = w.saturating_sub(fixed(site_w, eng_w)).max(4);
    let engineers = r.ticket.assignees().join(",");
    let (ms, cd, urg, extra) = match r.ok() {
        Some(v) => match next_due(v, now, lang) {
            Some((m, cd, u)) => {
                let provisional = v.next_milestone().is_some_and(|m| m.provisional.is_some());
                // Provisional (a missing calendar year): the word where the
                // bar would be, `~` before the countdown on narrow screens.
                let word = provisional && roomy;
                let cd = if provisional && !word {
                    format!("~{cd}")
                } else {
                    cd
                };
                let extra = if u == Urgency::Breached {
                    format!(" {}!", lang.overdue())
                } else if word {
                    format!(" {}", lang.provisional())
                } else {
                    format!(
                        " {}",
                        bar(v.next_milestone().and_then(|m| m.share_left(now)))
                    )
                };
                (m.to_string(), cd, u, extra)
            }
            None if v.negotiation_pending() => (
                lang.milestone_short(crate::sla::Milestone::OnsiteArrival)
                    .into(),
                lang.negotiate().into(),
                Urgency::Warning,
                String::new(),
            ),
            None if v.hardware_wait => (
                labels::hw(lang).into(),
                labels::paused(lang).into(),
                Urgency::Calm,
                String::new(),
            ),
            None => ("—".into(), String::new(), Urgency::Calm, String::new()),
        },
        None => (
            "!".into(),
            lang.cannot_compute().into(),
            Urgency::Urgent,
            String::new(),
        ),
    };
    // Contract actions still to carry out lead the title: they are work
    // due now, and until `action_done` nothing else on the row says so.
    // A narrow title column keeps the mark short so the title still shows.
    let held = r.ok().is_some_and(|v| v.held);
    let title: std::borrow::Cow<str> = match r.ok().map(|v| v.pending_actions().count()) {
        // Out of warranty: nobody can be sent yet, and the row says why.
        _ if held => format!("{} {}", labels::held(lang), r.ticket.title).into(),
        Some(n) if n > 0 && title_w >= 16 => {
            format!("{}{n}: {}", labels::act(lang), r.ticket.title).into()
        }
        Some(n) if n > 0 => format!("{}{n} {}", labels::actions_short(lang), r.ticket.title).into(),
        _ => r.ticket.title.as_str().into(),
    };
    let mut text = format!(
        "{marker}{:<5} {} {} ",
        r.ticket.id,
        fit(&r.site.name, site_w),
        fit(&title, title_w)
    );
    if eng_w > 0 {
        text.push_str(&fit(
            if engineers.is_empty() {
                "—"
            } else {
                &engineers
            },
            eng_w,
        ));
        text.push(' ');
    }
    text.push_str(&fit(&ms, ms_w + 1));
    let tail = format!("{}{}", fit_right(&cd, cd_w), extra);
    let tail_w = cd_w + extra_w;
    let (head_style, tail_style) = row_styles(urg, selected);
    Line::from(vec![
        span(text, head_style),
        span(fit(&tail, tail_w), tail_style),
    ])
}

/// A queue line's styles: its text, and its countdown in the urgency's
/// colour. Breached lines are in reverse video (they read without colour).
/// The selected line is black on white with the countdown black on its
/// colour: green text on a grey bar was hard to read, and a selected
/// breached line (white on red) must still differ from the other breaches.
fn row_styles(urg: Urgency, selected: bool) -> (Style, Style) {
    let bold = Modifier::BOLD;
    match (urg, selected) {
        (Urgency::Breached, false) => {
            let st = Style::default().add_modifier(Modifier::REVERSED | bold);
            (st, st)
        }
        (Urgency::Breached, true) => {
            let st = Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(bold);
            (st, st)
        }
        (_, false) => (Style::default(), urgency_style(urg)),
        (_, true) => {
            let colour = urgency_style(urg).fg.unwrap_or(Color::White);
            (
                Style::default()
                    .fg(Color::Black)
                    .bg(Color::White)
                    .add_modifier(bold),
                Style::default()
                    .fg(Color::Black)
                    .bg(colour)
                    .add_modifier(bold),
            )
        }
    }
}

pub fn draw(f: &mut Frame, area: Rect, state: &State, data: &Data) {
    let lang = state.lang;
    let visible = state.visible(data);
    let selected = state.current(data).map(|r| r.ticket.id);
    let mut by_level: [Vec<usize>; 4] = Default::default();
    for &i in &visible {
        if let Some(r) = data.row(i) {
            by_level[r.level().index()].push(i);
        }
    }
    if area.height < 20 {
        return draw_merged(f, area, state, data, &visible, selected);
    }
    // Heights: each queue gets at least its border and one line; the rest is
    // shared by need, level 1 first.
    let inner = area.height.saturating_sub(8);
    let mut heights = [3u16; 4];
    let mut left = inner.saturating_sub(4);
    for (l, rows) in by_level.iter().enumerate() {
        let want = (rows.len() as u16).saturating_sub(1).min(left);
        heights[l] += want;
        left -= want;
    }
    heights[3] += left;
    let areas = Layout::vertical(heights.map(Constraint::Length)).split(area);
    let focused = state.pane == Pane::Queues;
    for (l, rows) in by_level.iter().enumerate() {
        let level = Level::ALL[l];
        let title = format!(" {} {} ", lang.level_long(level), rows.len());
        let border = if focused {
            Style::default().fg(level_color(level))
        } else {
            Style::default().fg(Color::DarkGray)
        };
        // Unfocused queues dim their border, not their title.
        let block = super::level_block(level, title).border_style(border);
        let a = areas[l];
        let cap = usize::from(a.height.saturating_sub(2));
        // Keep the selected line in view.
        let sel_pos = rows
            .iter()
            .position(|&i| data.row(i).is_some_and(|r| Some(r.ticket.id) == selected))
            .unwrap_or(0);
        let skip = if sel_pos >= cap { sel_pos + 1 - cap } else { 0 };
        let mut lines: Vec<Line> = rows
            .iter()
            .skip(skip)
            .take(cap)
            .filter_map(|&i| data.row(i))
            .map(|r| {
                row_line(
                    &r,
                    a.width.saturating_sub(2),
                    Some(r.ticket.id) == selected,
                    lang,
                    data.now,
                )
            })
            .collect();
        if rows.len() > skip + cap && cap >= 2 {
            let more = rows.len() - skip - cap;
            if let Some(last) = lines.last_mut() {
                *last = Line::from(span(format!(" … +{more}"), super::dim()));
            }
        }
        if rows.is_empty() {
            lines.push(Line::from(span(labels::none(lang), super::dim())));
        }
        f.render_widget(Paragraph::new(lines).block(block), a);
    }
}

/// Short terminals: one list, level-tagged, in the same order as the queues
/// (so j/k walk it identically), scrolled to keep the selection in view.
fn draw_merged(
    f: &mut Frame,
    area: Rect,
    state: &State,
    data: &Data,
    visible: &[usize],
    selected: Option<crate::store::TicketId>,
) {
    let lang = state.lang;
    let border = if state.pane == Pane::Queues {
        Style::default().fg(Color::White)
    } else {
        Style::default().fg(Color::DarkGray)
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(labels::queues_by_level(lang));
    let cap = usize::from(area.height.saturating_sub(2));
    let sel_pos = visible
        .iter()
        .position(|&i| data.row(i).is_some_and(|r| Some(r.ticket.id) == selected))
        .unwrap_or(0);
    let skip = if sel_pos >= cap { sel_pos + 1 - cap } else { 0 };
    let w = area.width.saturating_sub(2);
    let lines: Vec<Line> = visible
        .iter()
        .skip(skip)
        .take(cap)
        .filter_map(|&i| data.row(i))
        .map(|r| {
            let level = r.level();
            let mut line = row_line(
                &r,
                w.saturating_sub(5),
                Some(r.ticket.id) == selected,
                lang,
                data.now,
            );
            line.spans.insert(
                0,
                span(
                    format!("{} ", lang.level(level)),
                    Style::default()
                        .fg(level_color(level))
                        .add_modifier(Modifier::BOLD),
                ),
            );
            line
        })
        .collect();
    f.render_widget(Paragraph::new(lines).block(block), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selected_line_reads_black_on_colour_and_a_selected_breach_stands_out() {
        let (head, tail) = row_styles(Urgency::Calm, true);
        assert_eq!((head.fg, head.bg), (Some(Color::Black), Some(Color::White)));
        assert_eq!((tail.fg, tail.bg), (Some(Color::Black), Some(Color::Green)));
        let (_, tail) = row_styles(Urgency::Calm, false);
        assert_eq!((tail.fg, tail.bg), (Some(Color::Green), None));
        assert_ne!(
            row_styles(Urgency::Breached, true),
            row_styles(Urgency::Breached, false)
        );
    }
}
