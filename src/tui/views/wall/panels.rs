//! The wall's panels: the breach strip, compliance, and who is where.

use super::*;
use crate::msg::labels;

fn pct(t: Option<f64>) -> String {
    t.map_or("—".into(), |r| format!("{:.0}%", r * 100.0))
}

pub(super) fn compliance(buf: &mut Buffer, area: Rect, st: &WallState) {
    let lang = st.lang;
    let c = &st.stats;
    let today = c
        .today
        .0
        .rate()
        .map_or("—".into(), |r| format!("{:.1} %", r * 100.0));
    let mut lines = vec![Line::from(span(
        format!(" {} {today}", labels::on_time_today(lang)),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    let per_level: Vec<String> = Level::ALL
        .iter()
        .map(|l| format!("{} {}", lang.level(*l), pct(c.today.1[l.index()].rate())))
        .collect();
    lines.push(Line::from(format!(" {}", per_level[..2].join("  "))));
    lines.push(Line::from(format!(" {}", per_level[2..].join("  "))));
    lines.push(Line::from(format!(
        " {} {}  {} {}  {} {}",
        labels::seven_days(lang),
        pct(c.week.0.rate()),
        labels::month(lang),
        pct(c.month.0.rate()),
        labels::thirty_days(lang),
        pct(c.last_30.0.rate())
    )));
    lines.push(Line::from(crate::msg::screen::raises_and_waivers(
        lang,
        [c.raises_today, c.raises_30],
        [c.today.0.waived, c.last_30.0.waived],
    )));
    if st.rebuild_hint {
        lines.push(Line::from(span(
            labels::run_rebuild_for_history(lang),
            Style::default().fg(Color::Yellow),
        )));
    } else {
        lines.push(Line::from(span(labels::last_30_days(lang), dim())));
    }
    lines.push(Line::from(span(
        format!(" {}", sparkline(&c.trend)),
        Style::default().fg(Color::Green),
    )));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(labels::compliance(lang));
    Paragraph::new(lines).block(block).render(area, buf);
}

/// Who is where, by office: a small table (a label per column, counts
/// under it), so the labels of either language fit the panel.
pub(super) fn engineers(buf: &mut Buffer, area: Rect, st: &WallState, data: &Data) {
    use unicode_width::UnicodeWidthStr;
    let lang = st.lang;
    let states = [
        Availability::Available,
        Availability::EnRoute,
        Availability::OnSite,
        Availability::OffDuty,
    ];
    let widths: Vec<usize> = states
        .iter()
        .map(|a| a.label(lang).width().max(2))
        .collect();
    let mut header = format!(" {}", fit("", 4));
    for (a, w) in states.iter().zip(&widths) {
        header.push_str(&format!(" {}", fit_right(a.label(lang), *w)));
    }
    let mut lines = vec![Line::from(span(header, dim()))];
    for o in &data.offices {
        let mut n = [0usize; 4];
        for e in data
            .engineers
            .iter()
            .filter(|e| e.office_id == o.id && e.role.tier().is_some())
        {
            n[data.board.of(e).0 as usize] += 1;
        }
        let label = o.city.clone().unwrap_or_else(|| o.name.clone());
        let mut line = format!(" {}", fit(&label, 4));
        for (k, w) in n.iter().zip(&widths) {
            line.push_str(&format!(" {}", fit_right(&k.to_string(), *w)));
        }
        lines.push(Line::from(line));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(labels::engineers(lang));
    Paragraph::new(lines).block(block).render(area, buf);
}

/// Every breached ticket, worst first, on one line: the count, then as many
/// as fit (`#1007 -0:45`), then how many more.
pub(super) fn breach_strip(buf: &mut Buffer, area: Rect, breached: &[RowRef], lang: Lang, now: Ts) {
    if breached.is_empty() || area.height == 0 {
        return;
    }
    let w = usize::from(area.width);
    let head = format!(" {} {}:", lang.overdue(), breached.len());
    let mut text = head.clone();
    for (i, r) in breached.iter().enumerate() {
        let over = r
            .ok()
            .and_then(|v| {
                v.milestones
                    .iter()
                    .filter(|m| m.state == crate::sla::MilestoneState::Overdue)
                    .filter_map(|m| m.due())
                    .min()
            })
            .map(|d| short_countdown((d - now).num_seconds(), lang))
            .unwrap_or_default();
        let sep = if i == 0 { "" } else { " ·" };
        let item = format!(
            "{sep} #{} {} {over}",
            r.ticket.id,
            fit(&r.site.name, 12).trim_end()
        );
        let more = breached.len() - i;
        let more_text = format!(" … +{more}");
        if unicode_width::UnicodeWidthStr::width(text.as_str())
            + unicode_width::UnicodeWidthStr::width(item.as_str())
            + if more > 1 { more_text.len() } else { 0 }
            > w
        {
            text.push_str(&more_text);
            break;
        }
        text.push_str(&item);
    }
    let style = Style::default().fg(Color::Red).add_modifier(Modifier::BOLD);
    Paragraph::new(Line::from(span(fit(&text, w), style))).render(area, buf);
}
