//! The dispatcher console screen: header with counts and clock, queues on
//! the left, detail and assignment on the right (stacked below on narrow
//! terminals), hint bar, and any popup on top.

use crate::msg::labels;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{assign, detail, overlays, queues, screens, MIN_H, MIN_W};
use crate::config::Rules;
use crate::i18n::Lang;
use crate::tui::app::{Ctx, Mode, Pane, Screen, State};
use crate::tui::data::Data;

pub fn too_small(f: &mut Frame, lang: Lang) {
    let area = f.area();
    let text = crate::msg::screen::too_small(lang, area.width, area.height, MIN_W, MIN_H);
    f.render_widget(Paragraph::new(text), area);
}

/// ` faultline 调度台 · desk   一级 2  二级 5 …  超时 3  待协商 1      2026-11-27 周五 14:05:12`
pub fn header(
    data: &Data,
    lang: Lang,
    title: &str,
    tz: chrono_tz::Tz,
    width: u16,
) -> Line<'static> {
    super::header_line(
        data,
        lang,
        format!(" {title}  "),
        Style::default().add_modifier(Modifier::BOLD),
        tz,
        width,
    )
}

/// The console's title: the full form, and a compact one for terminals
/// under 120 columns that still names the operator and a simulated desk.
/// What the header names: the desk file, whether it is simulated, and who
/// is at the console. Worded at each frame, so `:lang` switches it too.
pub struct Title {
    pub name: String,
    pub simulated: bool,
    pub operator: String,
    /// `--as-of`: the board as it stood then, read-only.
    pub as_of: Option<String>,
}

impl Title {
    /// `faultline 调度台 · demo · 模拟 · 李娜`; narrow: `调度台 · 模拟 · 李娜`.
    pub fn text(&self, lang: Lang, wide: bool) -> String {
        let mut parts = vec![labels::dispatch(lang).to_string()];
        if wide {
            parts[0] = format!("faultline {}", parts[0]);
            parts.push(self.name.clone());
        }
        if self.simulated {
            parts.push(labels::simulated(lang).to_string());
        }
        if let Some(t) = &self.as_of {
            parts.push(crate::msg::screen::as_of_title(lang, t));
        }
        if !self.operator.is_empty() {
            parts.push(self.operator.clone());
        }
        parts.join(" · ")
    }
}

pub fn draw(f: &mut Frame, state: &State, ctx: &Ctx, rules: &Rules, title: &Title) {
    let area = f.area();
    let lang = state.lang;
    if area.width < MIN_W || area.height < MIN_H {
        too_small(f, lang);
        return;
    }
    let data = ctx.data;
    let mut banners: Vec<Line> = Vec::new();
    if let Some(b) = &state.banner {
        banners.push(Line::from(super::span(
            format!(" ✗ {b}"),
            Style::default()
                .fg(ratatui::style::Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )));
    }
    banners.extend(super::desk_banner(data, lang, area.width));
    let [top, note, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banners.len() as u16),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(header(
            data,
            lang,
            &title.text(lang, area.width >= 120),
            rules.policy.tz,
            area.width,
        )),
        top,
    );
    f.render_widget(Paragraph::new(banners), note);
    if state.screen == Screen::Jobs {
        screens::jobs(f, body, state, data);
    } else if state.screen != Screen::Queues {
        // A list and the selected ticket's detail: these tickets are not
        // dispatched from here (held, restored or closed).
        let list = |f: &mut Frame, at| match state.screen {
            Screen::Pm => screens::pm(f, at, state, data),
            _ => screens::history(f, at, state, data),
        };
        if area.width >= 120 {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)])
                    .areas(body);
            list(f, left);
            detail::draw(f, right, state, data, rules);
        } else {
            let [q, below] =
                Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(body);
            list(f, q);
            detail::draw(f, below, state, data, rules);
        }
    } else if area.width >= 120 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)])
                .areas(body);
        queues::draw(f, left, state, data);
        let [d, a] =
            Layout::vertical([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(right);
        detail::draw(f, d, state, data, rules);
        assign::draw(f, a, state, ctx);
    } else {
        let [q, below] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
        queues::draw(f, q, state, data);
        if state.pane == Pane::Assign {
            assign::draw(f, below, state, ctx);
        } else {
            detail::draw(f, below, state, data, rules);
        }
    }
    f.render_widget(
        Paragraph::new(overlays::bottom_line(state, bottom.width)),
        bottom,
    );
    match &state.mode {
        Mode::Help(from) => overlays::help(f, body, lang, from, state.help_scroll),
        Mode::EventMenu(cursor) => overlays::event_menu(
            f,
            body,
            lang,
            *cursor,
            state
                .current(data)
                .map_or(crate::store::TicketId::default(), |r| r.ticket.id),
            &state.offered(data),
        ),
        Mode::Prompt(p) => overlays::prompt(f, body, lang, p, state.caret),
        Mode::NewTicket(form) => overlays::new_ticket(f, body, state, data, form),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::tui::testing::{demo, menu_to, press, render, state};

    #[test]
    fn queues_detail_and_assignment_at_160_by_45() {
        let desk = demo();
        insta::assert_snapshot!(render(&state(), &desk, 160, 45));
    }

    #[test]
    fn narrow_terminal_stacks_detail_below_the_queues_at_80_by_24() {
        let desk = demo();
        insta::assert_snapshot!(render(&state(), &desk, 80, 24));
    }

    #[test]
    fn assignment_pane_with_focus_ranks_who_can_still_make_it() {
        let desk = demo();
        let mut s = state();
        // Level-1 #1001: on-site, arrival still open.
        press(&mut s, &desk, "j<Enter>");
        insta::assert_snapshot!(render(&s, &desk, 160, 45));
    }

    #[test]
    fn new_ticket_form_explains_a_wrong_level() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, "n宁波<Tab><BS>7<Enter>");
        insta::assert_snapshot!(render(&s, &desk, 120, 36));
    }

    #[test]
    fn help_is_generated_from_the_keymap() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, "?");
        insta::assert_snapshot!(render(&s, &desk, 120, 36));
    }

    #[test]
    fn help_scrolls_to_its_end_on_an_80_by_24_terminal() {
        let desk = demo();
        let mut s = state();
        s.lang = Lang::En;
        press(&mut s, &desk, "?");
        let top = render(&s, &desk, 80, 24);
        assert!(top.contains("j/k scroll"), "{top}");
        assert!(!top.contains("on-time rate"), "{top}");
        press(&mut s, &desk, "<PgDn><PgDn><PgDn><PgDn><PgDn>");
        let end = render(&s, &desk, 80, 24);
        assert!(
            end.contains("ones ahead not yet"),
            "the last line shows: {end}"
        );
        press(&mut s, &desk, "<Esc>");
        assert_eq!(s.help_scroll, 0);
    }

    #[test]
    fn event_menu_over_the_console() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, "ejj");
        insta::assert_snapshot!(render(&s, &desk, 120, 36));
    }

    #[test]
    fn the_waiver_form_says_level_one_actions_are_still_required() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, ":open 1004<Enter>");
        let keys = menu_to(&s, &desk, "waive") + "<Enter>";
        press(&mut s, &desk, &keys);
        let screen = render(&s, &desk, 160, 45);
        assert!(screen.contains("仅免升级: 一级措施"), "{screen}");
    }

    #[test]
    fn a_tiny_terminal_gets_a_note_not_a_panic() {
        let desk = demo();
        insta::assert_snapshot!(render(&state(), &desk, 40, 10));
        for (w, h) in [(1, 1), (59, 15), (60, 14), (300, 90)] {
            let _ = render(&state(), &desk, w, h);
        }
    }

    #[test]
    fn pm_screen_lists_held_tickets_and_follow_ups_due_in_both_languages() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, "2");
        let zh = render(&s, &desk, 160, 45);
        assert!(zh.contains("待批准") && zh.contains("待回访"), "{zh}");
        insta::assert_snapshot!("pm_zh_160x45", zh);
        s.lang = Lang::En;
        insta::assert_snapshot!("pm_en_160x45", render(&s, &desk, 160, 45));
        insta::assert_snapshot!("pm_en_80x24", render(&s, &desk, 80, 24));
    }

    #[test]
    fn jobs_screen_lists_preventive_jobs_by_due_day_in_both_languages() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, "3");
        insta::assert_snapshot!("jobs_zh_160x45", render(&s, &desk, 160, 45));
        s.lang = Lang::En;
        insta::assert_snapshot!("jobs_en_160x45", render(&s, &desk, 160, 45));
    }

    #[test]
    fn history_screen_lists_closed_tickets_and_searches_them_in_both_languages() {
        let mut desk = demo();
        let mut s = state();
        press(&mut s, &desk, "4");
        assert!(s.history_wanted, "the loop is asked to read history");
        desk.data.load_history(&desk.store, &desk.rules).unwrap();
        let zh = render(&s, &desk, 160, 45);
        assert!(zh.contains("NAS 共享访问缓慢"), "{zh}");
        insta::assert_snapshot!("history_zh_160x45", zh);
        s.lang = Lang::En;
        insta::assert_snapshot!("history_en_160x45", render(&s, &desk, 160, 45));
        // Archived: the event menu offers a note and nothing else.
        let offered: Vec<&str> = s.offered(&desk.data).iter().map(|e| e.0).collect();
        assert_eq!(offered, ["note"]);
        // `/` searches by site (and number, title, reported date).
        press(&mut s, &desk, "/无锡<Enter>");
        let none = render(&s, &desk, 160, 45);
        assert!(none.contains("no closed tickets match"), "{none}");
    }

    #[test]
    fn a_follow_up_from_the_pm_screen_is_logged_as_the_sites_pm() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, "2");
        // The first ticket listed is the held one; move to the follow-up.
        press(&mut s, &desk, "j");
        let effects = press(&mut s, &desk, "ef");
        assert!(effects.is_empty());
        let screen = render(&s, &desk, 160, 45);
        assert!(screen.contains("项目经理回访"), "{screen}");
        let effects = press(&mut s, &desk, "<Tab>周主任<Tab>已解决<Tab>5<Enter>");
        let effects = if effects.is_empty() {
            press(&mut s, &desk, "<Enter>")
        } else {
            effects
        };
        match effects.as_slice() {
            [crate::tui::app::Effect::Log {
                kind: crate::sla::EventKind::Followup(f),
                ..
            }] => {
                assert_eq!(f.contact, "周主任");
                assert_eq!(f.rating, 5);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(s.performer.as_deref(), Some("何军"));
    }

    #[test]
    fn english_labels_with_lang_en() {
        let desk = demo();
        let mut s = state();
        s.lang = Lang::En;
        insta::assert_snapshot!(render(&s, &desk, 160, 45));
    }

    #[test]
    fn queue_columns_line_up_by_display_width_with_cjk_text() {
        let desk = demo();
        for width in [58u16, 78, 90, 150, 238] {
            let heads: Vec<usize> = desk
                .data
                .rows()
                .map(|r| {
                    let line = crate::tui::views::queues::row_line(
                        &r,
                        width,
                        false,
                        Lang::Zh,
                        desk.data.now,
                    );
                    crate::text::width(&line.spans[0].content)
                })
                .collect();
            assert!(
                heads.windows(2).all(|w| w[0] == w[1]),
                "width {width}: {heads:?}"
            );
            for r in desk.data.rows() {
                let line =
                    crate::tui::views::queues::row_line(&r, width, true, Lang::Zh, desk.data.now);
                let total: usize = line
                    .spans
                    .iter()
                    .map(|s| crate::text::width(&s.content))
                    .sum();
                assert_eq!(total, usize::from(width), "#{} at {width}", r.ticket.id);
            }
        }
    }

    #[test]
    fn the_header_keeps_the_clock_at_80_columns() {
        let desk = demo();
        let line = super::header(
            &desk.data,
            Lang::Zh,
            "faultline 调度台 · demo",
            chrono_tz::Asia::Shanghai,
            80,
        );
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(crate::text::width(&text) <= 80, "{text}");
        assert!(text.trim_end().ends_with("14:05:00"), "{text}");
    }
}
