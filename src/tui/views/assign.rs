//! Who can still make it: candidates ranked by fit, with ETA and spare time
//! or lateness; those who would arrive late sink to the bottom.

use crate::msg::labels;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::{dim, span, when};
use crate::dispatch::Availability;
use crate::text::fit;
use crate::tui::app::{Ctx, Pane, State};

pub fn draw(f: &mut Frame, area: Rect, state: &State, ctx: &Ctx) {
    let lang = state.lang;
    let focused = state.pane == Pane::Assign;
    let border = if focused {
        Style::default().fg(Color::White)
    } else {
        dim()
    };
    let cands = state.candidates(ctx);
    let title = labels::assign_pane_title(lang);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(title);
    let w = usize::from(area.width.saturating_sub(2));
    let cap = usize::from(area.height.saturating_sub(2));
    let skip = state.assign_cursor.saturating_sub(cap.saturating_sub(1));
    let mut lines = Vec::new();
    // Role and state columns sized by their labels in the language in
    // force ("director", "en route" are wider than 总监, 在途).
    let label_w = |labels: &mut dyn Iterator<Item = &str>| {
        labels
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap_or(4)
    };
    // Project managers are never candidates (no dispatch tier).
    let role_w = label_w(
        &mut <crate::store::Role as strum::IntoEnumIterator>::iter()
            .filter(|r| r.tier().is_some())
            .map(|r| lang.role(r)),
    );
    let state_w = label_w(
        &mut [
            Availability::Available,
            Availability::EnRoute,
            Availability::OnSite,
            Availability::OffDuty,
        ]
        .iter()
        .map(|a| a.label(lang)),
    );
    let eta_of = |c: &crate::dispatch::Candidate| match (c.eta, c.spare) {
        (Some(eta), Some(spare)) if spare >= 0 => format!(
            "ETA {} {} {}{}",
            when(eta, ctx.data.now, ctx.tz),
            labels::spare(lang),
            spare / 60,
            labels::minutes_short(lang)
        ),
        (Some(eta), Some(spare)) => format!(
            "ETA {} {} {}{}",
            when(eta, ctx.data.now, ctx.tz),
            labels::late_by(lang),
            -spare / 60,
            labels::minutes_short(lang)
        ),
        (Some(eta), None) => format!("ETA {}", when(eta, ctx.data.now, ctx.tz)),
        _ => String::new(),
    };
    // The ETA column as wide as its longest entry on screen, not a fixed 20:
    // the load stays in view in English at 160 columns.
    // Who may not go says why in the ETA's place: when they would arrive
    // does not matter then.
    let eta_or_why = |c: &crate::dispatch::Candidate| {
        if c.tier_ok {
            eta_of(c)
        } else {
            labels::too_junior(lang).to_string()
        }
    };
    let eta_w = cands
        .iter()
        .skip(skip)
        .take(cap)
        .map(|c| unicode_width::UnicodeWidthStr::width(eta_or_why(c).as_str()))
        .max()
        .unwrap_or(0);
    for (i, c) in cands.iter().enumerate().skip(skip).take(cap) {
        let sel = focused && i == state.assign_cursor;
        let marker = if sel {
            "▶"
        } else if c.assigned {
            "✓"
        } else {
            " "
        };
        let office = c
            .office
            .map(|o| o.city.clone().unwrap_or_else(|| o.name.clone()))
            .unwrap_or_default();
        let km = c
            .distance_km
            .map(|k| format!("{k:.0} km"))
            .unwrap_or_else(|| labels::remote(lang).into());
        let eta = eta_or_why(c);
        let text = format!(
            "{marker}{} {} {} {} {} {} {}{}",
            fit(&c.engineer.name, 6),
            fit(lang.role(c.engineer.role), role_w),
            fit(&office, 4),
            fit(c.availability.label(lang), state_w),
            fit(&km, 8),
            fit(&eta, eta_w),
            labels::load(lang),
            c.load
        );
        let late = c.spare.is_some_and(|s| s < 0);
        let mut style = if !c.tier_ok || c.availability == Availability::OffDuty {
            dim()
        } else if late {
            Style::default().fg(Color::Red)
        } else {
            Style::default().fg(Color::Green)
        };
        if sel {
            style = style.add_modifier(Modifier::REVERSED);
        }
        lines.push(Line::from(span(fit(&text, w), style)));
    }
    if cands.is_empty() {
        lines.push(Line::from(span(labels::no_engineers(lang), dim())));
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}
