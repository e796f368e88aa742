//! Popups over the console: help (from the keymap), the event menu, the
//! waive/set-level/negotiate prompt and the new-ticket form.

use crate::msg::labels;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::{dim, span};
use crate::i18n::Lang;
use crate::text::fit;
use crate::tui::app::{
    hint_line, MenuEntry, Mode, Prompt, PromptKind, State, TicketForm, FORM_KEYS, PROMPT_KEYS,
};
use crate::tui::data::Data;
use crate::tui::keymap::{Scope, BINDINGS, COMMANDS};

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn popup<'a>(title: String) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::White))
        .title(span(title, Style::default().add_modifier(Modifier::BOLD)))
}

/// The help over the mode it was opened from: that mode's own keys first,
/// then the queues' keys and the commands.
pub fn help(f: &mut Frame, area: Rect, lang: Lang, from: &Mode, scroll: u16) {
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut keys = Vec::new();
    if !from.keys().is_empty() {
        keys.push(Line::from(span(format!(" {}", from.title(lang)), bold)));
        for k in from.keys() {
            keys.push(Line::from(format!(
                "  {} {}",
                fit(k.shown, 10),
                (k.label)(lang)
            )));
        }
    }
    keys.push(Line::from(span(labels::keys(lang), bold)));
    for b in BINDINGS {
        let scope = match b.scope {
            Scope::Everywhere => "",
            Scope::Queues => labels::in_queues(lang),
            Scope::Detail => labels::in_detail(lang),
            Scope::Assign => labels::in_assign_pane(lang),
            Scope::Jobs => labels::in_jobs(lang),
        };
        keys.push(Line::from(format!(
            "  {} {}{scope}",
            fit(b.shown, 10),
            (b.label)(lang)
        )));
    }
    keys.push(Line::from(format!(
        "  {} {}",
        fit("F1", 10),
        labels::help_anywhere(lang)
    )));
    keys.push(Line::from(format!(
        "  {} {}",
        fit("Ctrl-C", 10),
        labels::quit(lang)
    )));
    let mut commands = vec![Line::from(span(
        labels::commands_tab_completes(lang),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    for (_, label) in COMMANDS {
        commands.push(Line::from(format!("  :{}", label(lang))));
    }
    commands.push(Line::from(span(labels::help_breached_lines(lang), dim())));
    // The wall's and the reports' one definition (`compliance.rs`).
    for line in [
        labels::help_on_time_rate(lang),
        labels::help_on_time_formula(lang),
        labels::help_waived_apart(lang),
    ] {
        commands.push(Line::from(span(line, dim())));
    }
    let block = popup(labels::help_title(lang).into());
    let one_column = (keys.len() + commands.len()) as u16 + 2;
    let widest = |lines: &[Line]| lines.iter().map(Line::width).max().unwrap_or(0) as u16;
    // Keys and commands side by side when one column would not fit.
    if one_column > area.height && area.width >= 100 {
        let h = keys.len().max(commands.len()) as u16 + 2;
        // Each column as wide as its longest line (a long key label was
        // cut at a fixed 46), two columns apart.
        let (left_w, right_w) = (widest(&keys) + 2, widest(&commands));
        let r = centered(area, (left_w + right_w + 2).max(112), h);
        clear_popup(f, r);
        let inner = block.inner(r);
        f.render_widget(block, r);
        let [left, right] =
            Layout::horizontal([Constraint::Length(left_w), Constraint::Min(1)]).areas(inner);
        f.render_widget(Paragraph::new(keys), left);
        f.render_widget(Paragraph::new(commands), right);
        return;
    }
    keys.extend(commands);
    let r = centered(area, (widest(&keys) + 2).max(62), one_column);
    // Taller than the terminal: it scrolls, and its title says how.
    let hidden = one_column.saturating_sub(r.height);
    let block = if hidden > 0 {
        popup(labels::help_title_scrolling(lang).into())
    } else {
        block
    };
    clear_popup(f, r);
    f.render_widget(
        Paragraph::new(keys)
            .block(block)
            .scroll((scroll.min(hidden), 0)),
        r,
    );
}

/// The `e` menu over the screen: `items`, the events that apply to the ticket.
pub fn event_menu(
    f: &mut Frame,
    area: Rect,
    lang: Lang,
    cursor: usize,
    ticket: crate::store::TicketId,
    items: &[&MenuEntry],
) {
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .map(|(i, (_, label, _, key))| {
            let text = format!(
                " {} [{key}] {}",
                if i == cursor { "▶" } else { " " },
                label(lang)
            );
            let style = if i == cursor {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            Line::from(span(fit(&text, 34), style))
        })
        .collect();
    let r = centered(area, 38, lines.len() as u16 + 2);
    clear_popup(f, r);
    f.render_widget(
        Paragraph::new(lines).block(popup(format!(" #{ticket} {} ", labels::log_event(lang)))),
        r,
    );
}

/// A form line: the label in a column as wide as the form's longest label
/// in the language in force (labels are never cut), then the value.
fn field_line(
    label: &str,
    value: &str,
    focused: Option<usize>,
    width: usize,
    label_w: usize,
) -> Line<'static> {
    let value = match focused {
        Some(caret) => crate::tui::caret::shown(value, caret, "▏"),
        None => value.to_string(),
    };
    let focused = focused.is_some();
    let style = if focused {
        Style::default().fg(Color::Black).bg(Color::White)
    } else {
        Style::default()
    };
    Line::from(vec![
        span(format!(" {} ", fit(label, label_w)), Style::default()),
        span(fit(&value, width.saturating_sub(label_w + 3)), style),
    ])
}

/// The time forms a field accepts (see [`crate::time::parse_near`]).
pub fn time_hint(lang: Lang) -> &'static str {
    labels::time_forms_hint(lang)
}

fn error_line(msg: &str) -> Line<'static> {
    Line::from(span(
        format!(" ✗ {msg}"),
        Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
    ))
}

pub fn prompt(f: &mut Frame, area: Rect, lang: Lang, p: &Prompt, caret: usize) {
    let title = match p.kind {
        PromptKind::Waive => labels::waive_the_raise(lang).to_string(),
        PromptKind::SetLevel => labels::set_level(lang).to_string(),
        PromptKind::Negotiated => labels::negotiated_arrival_deadline(lang).to_string(),
        PromptKind::Void(e) => format!("{} #{e}", labels::void_entry(lang)),
        PromptKind::Note => format!("#{} {}", p.ticket, labels::note(lang)),
        PromptKind::Opinion => format!("#{} {}", p.ticket, labels::service_opinion(lang)),
        PromptKind::Followup => format!("#{} {}", p.ticket, labels::pm_follow_up(lang)),
        PromptKind::Approve => format!(
            "#{} {}",
            p.ticket,
            labels::approve_out_of_warranty_service(lang)
        ),
        PromptKind::JobAssign(j) => {
            format!("{} #{j} {}", labels::job(lang), labels::assign(lang))
        }
        PromptKind::JobDone(j) => {
            format!("{} #{j} {}", labels::job(lang), labels::done(lang))
        }
    };
    // Section 4: a waiver covers the raise only; say so where it is agreed.
    let note = (p.kind == PromptKind::Waive).then(|| labels::waiver_covers_raise_only(lang));
    let r = centered(
        area,
        64,
        p.fields.len() as u16 + 5 + u16::from(note.is_some()),
    );
    let w = usize::from(r.width.saturating_sub(2));
    let label = |fd: &crate::tui::app::Field| (fd.label)(lang);
    let label_w = p
        .fields
        .iter()
        .map(|fd| crate::text::width(label(fd)))
        .max()
        .unwrap_or(8);
    let mut lines: Vec<Line> = p
        .fields
        .iter()
        .enumerate()
        .map(|(i, fd)| {
            let focused = (i == p.focus).then_some(caret);
            field_line(label(fd), &fd.value, focused, w, label_w)
        })
        .collect();
    if let Some(e) = &p.error {
        lines.push(error_line(e));
    }
    if let Some(n) = note {
        lines.push(Line::from(span(n, Style::default().fg(Color::Yellow))));
    }
    lines.push(Line::from(span(hint_line(PROMPT_KEYS, lang, w), dim())));
    clear_popup(f, r);
    f.render_widget(
        Paragraph::new(lines).block(popup(format!(" #{} {title} ", p.ticket))),
        r,
    );
}

pub fn new_ticket(f: &mut Frame, area: Rect, state: &State, data: &Data, form: &TicketForm) {
    let lang = state.lang;
    let sites = state.site_matches(data, &form.site_query);
    let list_h = 6usize;
    let r = centered(area, 72, (list_h + 11) as u16);
    let w = usize::from(r.width.saturating_sub(2));
    use crate::tui::app::FormField as F;
    let labels = [
        labels::site_type_to_filter(lang),
        labels::level_1_4(lang),
        labels::title(lang),
        labels::on_site_space(lang),
        labels::reported_at(lang),
        labels::approved_by_out_of_warranty(lang),
    ];
    let label_w = labels
        .iter()
        .map(|l| crate::text::width(l))
        .max()
        .unwrap_or(14);
    let err = |field: F| {
        form.error
            .as_ref()
            .filter(|(f, _)| *f == field)
            .map(|(_, m)| m.clone())
    };
    let mut lines = vec![field_line(
        labels::site_type_to_filter(lang),
        &form.site_query,
        (form.focus == F::Site).then_some(state.caret),
        w,
        label_w,
    )];
    let skip = form.site_cursor.saturating_sub(list_h - 1);
    for (i, s) in sites.iter().enumerate().skip(skip).take(list_h) {
        let sel = i == form.site_cursor;
        let text = format!(
            "   {} {} · {} km{}",
            if sel { "▶" } else { " " },
            s.name,
            s.distance_km,
            s.contract
                .as_deref()
                .map(|c| format!(" · {c}"))
                .unwrap_or_default()
        );
        let style = if sel {
            Style::default()
                .add_modifier(Modifier::BOLD)
                .fg(Color::Cyan)
        } else {
            dim()
        };
        lines.push(Line::from(span(fit(&text, w), style)));
    }
    for _ in sites.len().saturating_sub(skip).min(list_h)..list_h {
        lines.push(Line::from(""));
    }
    if let Some(e) = err(F::Site) {
        lines.push(error_line(&e));
    }
    lines.push(field_line(
        labels::level_1_4(lang),
        &form.level,
        (form.focus == F::Level).then_some(state.caret),
        w,
        label_w,
    ));
    if let Some(e) = err(F::Level) {
        lines.push(error_line(&e));
    }
    lines.push(field_line(
        labels::title(lang),
        &form.title,
        (form.focus == F::Title).then_some(state.caret),
        w,
        label_w,
    ));
    if let Some(e) = err(F::Title) {
        lines.push(error_line(&e));
    }
    let onsite = if form.onsite {
        labels::on_site_box(lang)
    } else {
        labels::remote_box(lang)
    };
    lines.push(field_line(
        labels::on_site_space(lang),
        onsite,
        (form.focus == F::Onsite).then_some(state.caret),
        w,
        label_w,
    ));
    lines.push(field_line(
        labels::reported_at(lang),
        if form.at.is_empty() && form.focus != F::At {
            labels::now(lang)
        } else {
            &form.at
        },
        (form.focus == F::At).then_some(state.caret),
        w,
        label_w,
    ));
    if let Some(e) = err(F::At) {
        lines.push(error_line(&e));
    } else if form.focus == F::At {
        // Which forms a time takes, while the field has the cursor.
        lines.push(Line::from(span(
            fit(&format!("   {}", time_hint(lang)), w),
            dim(),
        )));
    }
    lines.push(field_line(
        labels[5],
        &form.approved_by,
        (form.focus == F::ApprovedBy).then_some(state.caret),
        w,
        label_w,
    ));
    lines.push(Line::from(span(hint_line(FORM_KEYS, lang, w), dim())));
    let r = Rect {
        height: (lines.len() as u16 + 2).min(area.height),
        ..r
    };
    clear_popup(f, r);
    f.render_widget(
        Paragraph::new(lines).block(popup(labels::new_ticket_title(lang).into())),
        r,
    );
}

/// The bottom line, `width` columns: command line, filter, message or the
/// key hints that fit.
pub fn bottom_line(state: &State, width: u16) -> Line<'static> {
    use crate::tui::app::Mode;
    match &state.mode {
        Mode::Confirm(c) => Line::from(span(
            format!(" ? {}", c.text),
            Style::default()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        )),
        Mode::Command(line) => Line::from(vec![
            span(":", Style::default().fg(Color::Yellow)),
            span(
                crate::tui::caret::shown(line, state.caret, "▏"),
                Style::default(),
            ),
        ]),
        Mode::Filter => Line::from(vec![
            span("/", Style::default().fg(Color::Yellow)),
            span(
                crate::tui::caret::shown(&state.filter, state.caret, "▏"),
                Style::default(),
            ),
        ]),
        _ => {
            // A filter in force stays in sight whatever the line says after
            // it: the queues are narrowed until it is cleared.
            let mut line = Vec::new();
            let mut room = usize::from(width);
            if !state.filter.is_empty() {
                let shown = format!(" /{} ", state.filter);
                room = room.saturating_sub(unicode_width::UnicodeWidthStr::width(shown.as_str()));
                line.push(span(shown, Style::default().fg(Color::Yellow)));
            }
            line.push(match &state.message {
                Some(m) if m.error => span(
                    format!(" ✗ {}", m.text),
                    Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
                ),
                Some(m) => span(format!(" ✓ {}", m.text), Style::default().fg(Color::Green)),
                None => {
                    let hints = crate::tui::keymap::hints(
                        state.scope(),
                        state.lang,
                        room.saturating_sub(1),
                    );
                    span(format!(" {hints}"), dim())
                }
            });
            Line::from(line)
        }
    }
}

/// Splits off the bottom line.
pub fn split_bottom(area: Rect) -> (Rect, Rect) {
    let [body, bottom] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    (body, bottom)
}

/// Clears where a popup goes. A wide (CJK) character just left of it would
/// otherwise still cover the popup's left border: its cell is blanked too.
fn clear_popup(f: &mut Frame, r: Rect) {
    f.render_widget(Clear, r);
    let buf = f.buffer_mut();
    let area = buf.area;
    for y in r.top()..r.bottom().min(area.bottom()) {
        if let Some(x) = r.left().checked_sub(1).filter(|x| *x >= area.left()) {
            if unicode_width::UnicodeWidthStr::width(buf[(x, y)].symbol()) > 1 {
                buf[(x, y)].set_symbol(" ");
            }
        }
    }
}
