//! The level columns of the wide layouts and the merged list of the
//! compact one: a line a ticket, fitted to the column.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::{on_cards, short_countdown, WallState, PAGE_SECONDS};
use crate::i18n::Lang;
use crate::msg::labels;
use crate::sla::{Level, Ts};
use crate::store::TicketId;
use crate::text::{fit, fit_right};
use crate::tui::data::{Data, RowRef};
use crate::tui::views::{level_color, span, urgency, urgency_style, Urgency};

/// How many breached rows at the top of a column or list are in reverse
/// video; the rest are red on black, so a column of breaches does not turn
/// the wall into a white sheet.
const REVERSED_ROWS: usize = 3;

/// The next deadline's date and time when it is not today (`11-30 18:00`).
fn later_due(r: &RowRef, now: Ts, tz: chrono_tz::Tz) -> Option<String> {
    let due = r.ok()?.next_milestone()?.due()?;
    (due.with_timezone(&tz).date_naive() != now.with_timezone(&tz).date_naive())
        .then(|| crate::time::when(due, now, tz))
}

/// Whether any of `rows` has a deadline on another day: only then does a
/// wide list keep a date column (blank on today's rows), else its room
/// goes to the site and the title.
fn any_later_due(rows: &[RowRef], now: Ts, tz: chrono_tz::Tz) -> bool {
    rows.iter().any(|r| later_due(r, now, tz).is_some())
}

/// `1042 苏州数据中心 王磊   0:42` fitted to `w` columns.
/// `reverse`: a breached row among the first [`REVERSED_ROWS`]; `dates`:
/// the list keeps a date column (see [`any_later_due`]).
pub(super) fn column_line(
    r: &RowRef,
    w: usize,
    lang: Lang,
    now: Ts,
    tz: chrono_tz::Tz,
    reverse: bool,
    dates: bool,
) -> Line<'static> {
    let (cd, u) = match r
        .ok()
        .and_then(|v| v.next_milestone().and_then(|m| m.due().map(|d| (d, m))))
    {
        // `~`: provisional (a missing calendar year); the banner says so.
        Some((d, m)) => (
            format!(
                "{}{}",
                if m.provisional.is_some() { "~" } else { "" },
                short_countdown((d - now).num_seconds(), lang)
            ),
            urgency(m, now),
        ),
        None => match r.ok() {
            Some(v) if v.negotiation_pending() => (lang.negotiate().to_string(), Urgency::Warning),
            Some(v) if v.hardware_wait => (labels::paused(lang).to_string(), Urgency::Calm),
            Some(_) => ("—".into(), Urgency::Calm),
            None => ("!".into(), Urgency::Urgent),
        },
    };
    // Wide enough for `-12天3时` and for the words in the language in force.
    let cd_w = [lang.negotiate(), labels::paused(lang)]
        .iter()
        .map(|w| unicode_width::UnicodeWidthStr::width(*w))
        .chain([8])
        .max()
        .unwrap_or(8);
    let text_w = w.saturating_sub(cd_w + 6);
    let who = r
        .ticket
        .assignees()
        .first()
        .map(|s| s.to_string())
        .unwrap_or_default();
    // A wide column (a wall of 200 columns and more) reads like the
    // console's queue: site and title on the left, and before the
    // countdown the milestone, who is on it, and the deadline's date when
    // it is not today.
    let wide = text_w >= 30;
    let mut tail = String::new();
    let mut text_w = text_w;
    if wide {
        if text_w >= 50 {
            let next = r.ok().and_then(|v| v.next_milestone());
            let ms = next
                .map(|m| lang.milestone_short(m.milestone))
                .unwrap_or_default();
            let ms_w = crate::tui::views::milestone_width(lang);
            if dates {
                let due = later_due(r, now, tz).unwrap_or_default();
                tail = format!(" {}", fit_right(&due, 11));
            }
            tail.push_str(&format!(" {}", fit(ms, ms_w)));
        }
        tail.push_str(&format!(" {}", fit(&who, 6)));
        text_w = text_w.saturating_sub(unicode_width::UnicodeWidthStr::width(tail.as_str()));
    }
    // As in the console's queues: contract actions still to carry out.
    let acts = match r.ok().map(|v| v.pending_actions().count()) {
        Some(n) if n > 0 => format!("{}{n} ", labels::actions_short(lang)),
        _ => String::new(),
    };
    let label = if wide {
        // The site keeps its column (whole, 16, where the title still has
        // 17); the actions mark goes with the title.
        let site_w = if text_w >= 34 { 16 } else { 12 };
        format!("{} {acts}{}", fit(&r.site.name, site_w), r.ticket.title)
    } else if text_w >= 24 {
        format!("{acts}{} {}", r.site.name, who)
    } else {
        format!("{acts}{}", r.site.name)
    };
    // A column between the text and a countdown that fills its field
    // (`negotiate`, `-12天3时`); other rows keep it for the text.
    let gap = usize::from(unicode_width::UnicodeWidthStr::width(cd.as_str()) >= cd_w);
    let head = format!(
        "{:<5}{}{tail}{}",
        r.ticket.id,
        fit(&label, text_w + 1 - gap),
        " ".repeat(gap)
    );
    if u == Urgency::Breached {
        let st = if reverse {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
        };
        return Line::from(vec![span(head, st), span(fit_right(&cd, cd_w), st)]);
    }
    Line::from(vec![
        span(head, Style::default()),
        span(fit_right(&cd, cd_w), urgency_style(u)),
    ])
}

/// The page of `rows` a boxed list in `area` shows at `tick` (pages turn
/// every [`PAGE_SECONDS`]): its rows, its index and how many there are.
fn visible_page<T>(rows: &[T], area: Rect, tick: u64) -> (&[T], usize, usize) {
    let per = usize::from(area.height.saturating_sub(2)).max(1);
    let pages = rows.len().div_ceil(per).max(1);
    let page = (tick / PAGE_SECONDS) as usize % pages;
    let shown = rows.chunks(per).nth(page).unwrap_or_default();
    (shown, page, pages)
}

pub(super) fn level_column(
    buf: &mut Buffer,
    area: Rect,
    st: &WallState,
    data: &Data,
    level: Level,
) {
    let lang = st.lang;
    let rows: Vec<RowRef> = data.rows().filter(|r| r.level() == level).collect();
    let (shown, page, pages) = visible_page(&rows, area, st.tick);
    let dates = any_later_due(shown, data.now, data.tz);
    let mut title = format!(" {} {} ", lang.level_long(level), rows.len());
    if pages > 1 {
        title.push_str(&crate::msg::screen::page_of(lang, page + 1, pages));
    }
    let block = crate::tui::views::level_block(level, title);
    let w = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line> = shown
        .iter()
        .enumerate()
        .map(|(i, r)| column_line(r, w, lang, data.now, data.tz, i < REVERSED_ROWS, dates))
        .collect();
    Paragraph::new(lines).block(block).render(area, buf);
}

/// The merged list of the compact layout.
pub(super) fn merged_list(buf: &mut Buffer, area: Rect, st: &WallState, data: &Data) {
    let card: Vec<TicketId> = on_cards(data, 1).iter().map(|r| r.ticket.id).collect();
    let rest: Vec<RowRef> = data
        .rows()
        .filter(|r| !card.contains(&r.ticket.id))
        .collect();
    let (shown, page, pages) = visible_page(&rest, area, st.tick);
    let dates = any_later_due(shown, data.now, data.tz);
    let w = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line> = shown
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut l = column_line(
                r,
                w.saturating_sub(5),
                st.lang,
                data.now,
                data.tz,
                i < REVERSED_ROWS,
                dates,
            );
            l.spans.insert(
                0,
                span(
                    format!("{} ", st.lang.level(r.level())),
                    Style::default()
                        .fg(level_color(r.level()))
                        .add_modifier(Modifier::BOLD),
                ),
            );
            l
        })
        .collect();
    let label = labels::by_time_left(st.lang);
    let title = if pages > 1 {
        format!(" {label} · {}/{pages} ", page + 1)
    } else {
        format!(" {label} ")
    };
    // No room for the compliance panel here: its figures on the frame.
    let c = &st.stats;
    let rate = |t: &crate::compliance::Tally| {
        t.rate()
            .map_or("—".into(), |r| format!("{:.1}%", r * 100.0))
    };
    let summary = format!(
        " {} {} · {} {} · {} {} ",
        labels::on_time_today_short(st.lang),
        rate(&c.today.0),
        labels::seven_days(st.lang),
        rate(&c.week.0),
        labels::thirty_days(st.lang),
        rate(&c.last_30.0)
    );
    Paragraph::new(lines)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(title)
                .title_bottom(Line::from(summary).right_aligned()),
        )
        .render(area, buf);
}
