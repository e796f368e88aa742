//! The wall board for the technical director: readable from across the room,
//! nothing needs a key press. The most urgent tickets in big digits, four
//! level columns that page by themselves, engineers by office, compliance
//! with a trend, and a ticker of the latest events. At 80×24 it collapses to
//! the counts, the most urgent ticket and one list sorted by time left.
//!
//! Decided: the columns show `H:MM` (no seconds): a wall read from metres
//! away needs minutes, and it lets the board render in two layers. Only the
//! header clock and the big digits change every second: they are redrawn and
//! sent alone, while everything else is redrawn (and diffed whole) only per
//! minute, page, data change or size. That keeps an idle board near zero CPU.

use crate::msg::labels;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use ratatui::Frame;

use super::{dim, span, urgency, urgency_style, when, Urgency, MIN_H, MIN_W};
use crate::compliance::Compliance;
use crate::dispatch::Availability;
use crate::i18n::Lang;
use crate::sla::{EventKind, Level, Ts};
use crate::text::{countdown_days, fit, fit_right};
use crate::tui::bigtext;
use crate::tui::data::{Data, RowRef};
use crate::tui::stats::sparkline;

mod lists;
mod panels;
mod ticker;

use lists::{level_column, merged_list};

use panels::{breach_strip, compliance, engineers};
pub use ticker::ticker;
use ticker::ticker_line;

/// What the static layer was rendered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerKey {
    area: Rect,
    page: u64,
    minute: i64,
    generation: u64,
    lang: Lang,
    ticker_len: usize,
    strip: bool,
}

pub struct WallState {
    pub lang: Lang,
    /// Seconds since start: drives paging (a page every `PAGE_SECONDS`).
    pub tick: u64,
    /// While set, the header flashes (a new level-1 ticket or breach).
    pub flash: bool,
    pub stats: Compliance,
    /// The ticker line, recomputed when data or views change (it walks every
    /// event of every ticket, too much for every second).
    pub ticker: String,
    /// Closed tickets from before the summaries are left out of the figures
    /// until `faultline rebuild`: the panel says so.
    pub rebuild_hint: bool,
    /// `--as-of`: the board as it stood then (the header says so).
    pub as_of: Option<String>,
}

impl WallState {
    pub fn new(lang: Lang, stats: Compliance, ticker: String) -> WallState {
        WallState {
            lang,
            tick: 0,
            flash: false,
            stats,
            ticker,
            rebuild_hint: false,
            as_of: None,
        }
    }
}

/// A page flip repaints four full columns (~15 KB at 240×67), so pages turn
/// every 15 s: time to read a page, and the terminal stays under 2 KB/s.
pub const PAGE_SECONDS: u64 = 15;

/// `0:42`, `-1:05`: minutes resolution for the columns; from a day on,
/// days and hours (`3天4时`, `3d4h`): `75:55` read as a time of day.
fn short_countdown(secs: i64, lang: Lang) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    if s >= 86_400 {
        let (d, h) = (s / 86_400, s / 3600 % 24);
        return format!(
            "{sign}{d}{}{h}{}",
            labels::day_unit(lang),
            labels::hours_short(lang)
        );
    }
    format!("{sign}{}:{:02}", s / 3600, s / 60 % 60)
}

fn header(buf: &mut Buffer, area: Rect, st: &WallState, data: &Data, tz: chrono_tz::Tz) {
    let style = if st.flash {
        Style::default()
            .add_modifier(Modifier::REVERSED | Modifier::BOLD)
            .fg(Color::Red)
    } else {
        Style::default().add_modifier(Modifier::BOLD)
    };
    let title = match (&st.as_of, st.lang) {
        (None, lang) => format!(" faultline {}  ", labels::wall_name(lang)),
        (Some(t), lang) => crate::msg::screen::wall_as_of_title(lang, t),
    };
    Paragraph::new(super::header_line(
        data, st.lang, title, style, tz, area.width,
    ))
    .render(area, buf);
}

/// One urgent ticket in big digits.
fn big_ticket(buf: &mut Buffer, area: Rect, r: &RowRef, lang: Lang, now: Ts) {
    let level = r.level();
    let engineers = r.ticket.assignees().join(" ");
    let who = if engineers.is_empty() {
        labels::unassigned(lang).to_string()
    } else {
        engineers
    };
    let title = format!(
        " {} #{} {} {} ",
        lang.level(level),
        r.ticket.id,
        r.site.name,
        r.ticket.title
    );
    let block = super::level_block(level, title);
    let inner_w = usize::from(area.width.saturating_sub(2));
    // Each row of the block font drawn this many times (see `layout`).
    let tall: usize = if area.height >= 14 { 2 } else { 1 };
    let mut lines = Vec::new();
    let mut digits = None;
    match r.ok().and_then(|v| v.next_milestone()) {
        Some(m) if m.due().is_some() => {
            let secs = m.seconds_left(now).unwrap_or(0);
            // The block font has digits, `:`, `-` and `d`.
            let text = countdown_days(secs, "d");
            let u = urgency(m, now);
            let double = bigtext::width(&text, true) + 2 <= inner_w;
            // Block glyphs in reverse video turn into noise: colour and the
            // word below carry "breached" here.
            let style = urgency_style(u).remove_modifier(Modifier::REVERSED);
            digits = Some((bigtext::render(&text, double), style));
            lines.extend(std::iter::repeat_n(Line::default(), 5 * tall));
            let mut state = if u == Urgency::Breached {
                format!(" · {}", lang.overdue())
            } else {
                String::new()
            };
            if m.provisional.is_some() {
                state.push_str(&format!(" · {}", lang.provisional()));
            }
            lines.push(Line::from(span(
                format!(" {} · {who}{state}", lang.milestone(m.milestone)),
                Style::default().add_modifier(Modifier::BOLD),
            )));
        }
        _ => {
            let why = match r.ok() {
                None => r
                    .view
                    .as_ref()
                    .err()
                    .map(|e| e.to_string())
                    .unwrap_or_default(),
                Some(v) if v.negotiation_pending() => lang.negotiate().to_string(),
                Some(_) => "—".into(),
            };
            lines.push(Line::from(span(
                format!(" {why}"),
                urgency_style(Urgency::Warning),
            )));
            lines.push(Line::from(format!(" {who}")));
        }
    }
    // Contract actions due on it: work the director wants to see done.
    let due: Vec<&str> = r
        .ok()
        .map(|v| v.pending_actions().map(|a| lang.action(a.action)).collect())
        .unwrap_or_default();
    if !due.is_empty() {
        let text = format!(" {}: {}", labels::required(lang), due.join(" · "));
        lines.push(Line::from(span(
            crate::text::truncate(&text, inner_w).into_owned(),
            urgency_style(Urgency::Urgent),
        )));
    }
    let inner = block.inner(area);
    Paragraph::new(lines).block(block).render(area, buf);
    // The digits are set cell by cell: they redraw every second, and text
    // layout (grapheme segmentation per glyph) was most of a frame's cost.
    if let Some((rows, style)) = digits {
        for (dy, row) in rows
            .iter()
            .flat_map(|r| std::iter::repeat_n(r, tall))
            .enumerate()
        {
            let y = inner.y + dy as u16;
            if y >= inner.bottom() {
                break;
            }
            for (dx, ch) in row.chars().enumerate() {
                let x = inner.x + 1 + dx as u16;
                if x >= inner.right() {
                    break;
                }
                if ch != ' ' {
                    buf[(x, y)].set_char(ch).set_style(style);
                }
            }
        }
    }
}

/// The tickets on the big cards: the most urgent deadlines not yet
/// breached (the breaches have their strip).
fn on_cards(data: &Data, n: usize) -> Vec<RowRef<'_>> {
    data.rows()
        .filter(|r| {
            r.ok()
                .is_some_and(|v| !v.is_breached_now() && v.next_deadline().is_some())
        })
        .take(n)
        .collect()
}

/// Everything but the header and the big digits, into `buf`.
fn static_layer(buf: &mut Buffer, body: Rect, bottom: Rect, st: &WallState, data: &Data) {
    let line = ticker_line(
        &st.ticker,
        usize::from(bottom.width).saturating_sub(2),
        st.tick,
    );
    Paragraph::new(span(format!(" {line}"), dim())).render(bottom, buf);
    match layout(body) {
        WallLayout::Compact { list, .. } => merged_list(buf, list, st, data),
        WallLayout::Full {
            columns, comp, eng, ..
        } => {
            for (a, l) in columns.iter().zip(Level::ALL) {
                level_column(buf, *a, st, data, l);
            }
            compliance(buf, comp, st);
            engineers(buf, eng, st, data);
        }
    }
}

enum WallLayout {
    Compact {
        big: Rect,
        list: Rect,
    },
    Full {
        bigs: Vec<Rect>,
        columns: Vec<Rect>,
        comp: Rect,
        eng: Rect,
    },
}

fn layout(body: Rect) -> WallLayout {
    if body.width < 160 || body.height < 38 {
        let [big, list] = Layout::vertical([Constraint::Length(8), Constraint::Min(1)]).areas(body);
        return WallLayout::Compact { big, list };
    }
    let [main, right] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(36)]).areas(body);
    // A tall wall (from about 65 rows) gets digits twice as tall: they are
    // what is read from across the room.
    let cards_h = if body.height >= 60 { 14 } else { 9 };
    let [bigs, columns] =
        Layout::vertical([Constraint::Length(cards_h), Constraint::Min(1)]).areas(main);
    let k = if main.width >= 180 { 3 } else { 2 };
    let bigs = Layout::horizontal(vec![Constraint::Ratio(1, k); k as usize])
        .split(bigs)
        .to_vec();
    let columns = Layout::horizontal([Constraint::Ratio(1, 4); 4])
        .split(columns)
        .to_vec();
    let [comp, eng] = Layout::vertical([Constraint::Length(9), Constraint::Min(1)]).areas(right);
    WallLayout::Full {
        bigs,
        columns,
        comp,
        eng,
    }
}

/// Renders the board into a buffer that persists between frames. The static
/// layer (columns, compliance, engineers, ticker) is redrawn only when its key
/// changes (`layer` remembers it); the header and the big digits every time.
/// Returns the areas that changed, or `None` when everything may have.
pub fn render(
    buf: &mut Buffer,
    layer: &mut Option<LayerKey>,
    st: &WallState,
    data: &Data,
    tz: chrono_tz::Tz,
) -> Option<Vec<Rect>> {
    let area = buf.area;
    if area.width < MIN_W || area.height < MIN_H {
        buf.reset();
        let text = crate::msg::screen::too_small(st.lang, area.width, area.height, MIN_W, MIN_H);
        Paragraph::new(text).render(area, buf);
        *layer = None;
        return None;
    }
    let banner = super::desk_banner(data, st.lang, area.width);
    // The director can act on a deadline still ahead, not on one that
    // passed: the cards take the most urgent deadlines not yet breached,
    // and every breach, however many, is named on a strip of its own.
    let breached: Vec<RowRef> = data
        .rows()
        .filter(|r| r.ok().is_some_and(|v| v.is_breached_now()))
        .collect();
    let [top, note, strip, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(banner.is_some())),
        Constraint::Length(u16::from(!breached.is_empty())),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let key = LayerKey {
        area,
        page: st.tick / PAGE_SECONDS,
        minute: data.now.timestamp().div_euclid(60),
        generation: data.generation,
        lang: st.lang,
        ticker_len: st.ticker.len(),
        strip: !breached.is_empty(),
    };
    let layout = layout(body);
    let mut dynamic = vec![top, strip];
    match &layout {
        WallLayout::Compact { big, .. } => dynamic.push(*big),
        WallLayout::Full { bigs, .. } => dynamic.extend(bigs.iter().copied()),
    }
    let full = *layer != Some(key);
    if full {
        buf.reset();
        static_layer(buf, body, bottom, st, data);
        if let Some(line) = banner {
            Paragraph::new(line).render(note, buf);
        }
        *layer = Some(key);
    } else {
        for r in &dynamic {
            for y in r.top()..r.bottom() {
                for x in r.left()..r.right() {
                    buf[(x, y)].reset();
                }
            }
        }
    }
    header(buf, top, st, data, tz);
    breach_strip(buf, strip, &breached, st.lang, data.now);
    let urgent = on_cards(data, 3);
    match &layout {
        WallLayout::Compact { big, .. } => {
            if let Some(r) = urgent.first() {
                big_ticket(buf, *big, r, st.lang, data.now);
            }
        }
        WallLayout::Full { bigs, .. } => {
            for (a, r) in bigs.iter().zip(&urgent) {
                big_ticket(buf, *a, r, st.lang, data.now);
            }
        }
    }
    (!full).then_some(dynamic)
}

/// One whole frame (tests, benches, and any caller with a `Frame`).
pub fn draw(f: &mut Frame, st: &WallState, data: &Data, tz: chrono_tz::Tz) {
    render(f.buffer_mut(), &mut None, st, data, tz);
}

#[cfg(test)]
mod tests;
