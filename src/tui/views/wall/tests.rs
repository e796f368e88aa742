use super::lists::column_line;
use super::*;
use crate::store::TicketId;
use crate::tui::stats;
use crate::tui::testing::{demo, Desk};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn render(desk: &Desk, w: u16, h: u16) -> String {
    let tz = desk.rules.policy.tz;
    let st = WallState::new(
        Lang::Zh,
        stats::Figures::load(&desk.store, desk.data.now, tz)
            .unwrap()
            .compliance(&desk.data, tz),
        ticker(&desk.data, Lang::Zh, tz, 400),
    );
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| draw(f, &st, &desk.data, desk.rules.policy.tz))
        .unwrap();
    format!("{}", term.backend())
}

#[test]
fn wall_at_80_by_24_is_compact() {
    insta::assert_snapshot!(render(&demo(), 80, 24));
}

#[test]
fn wall_at_160_by_45() {
    insta::assert_snapshot!(render(&demo(), 160, 45));
}

#[test]
fn wall_at_240_by_67_shows_everything() {
    insta::assert_snapshot!(render(&demo(), 240, 67));
}

#[test]
fn every_breach_is_named_on_the_strip_and_the_cards_show_what_is_still_ahead() {
    let mut desk = demo();
    // Twenty minutes on, more deadlines have passed than there are cards.
    desk.data.tick(
        &desk.rules,
        crate::tui::testing::now() + chrono::TimeDelta::minutes(20),
    );
    let breached: Vec<TicketId> = desk
        .data
        .rows()
        .filter(|r| r.ok().is_some_and(|v| v.is_breached_now()))
        .map(|r| r.ticket.id)
        .collect();
    assert!(breached.len() > 3, "{breached:?}");
    let screen = render(&desk, 240, 67);
    let strip = screen
        .lines()
        .find(|l| l.contains(&format!("超时 {}:", breached.len())))
        .unwrap_or_else(|| panic!("no strip:\n{screen}"));
    for id in &breached {
        assert!(strip.contains(&format!("#{id}")), "#{id} missing: {strip}");
    }
    let cards: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("┌ ") && l.contains(" #"))
        .collect();
    for id in &breached {
        assert!(
            !cards.iter().take(1).any(|l| l.contains(&format!("#{id} "))),
            "a breached ticket took a card: {cards:?}"
        );
    }
}

#[test]
fn a_ticker_too_long_for_the_line_moves_on_an_item_each_page() {
    let t = "13:59 #1016 新 · 13:55 #1013 新 · 13:40 #1010 新";
    assert_eq!(ticker_line(t, 200, 0), t, "all fit: no rotation");
    assert_eq!(ticker_line(t, 31, 0), "13:59 #1016 新 · 13:55 #1013 新");
    assert_eq!(
        ticker_line(t, 31, PAGE_SECONDS),
        "13:55 #1013 新 · 13:40 #1010 新"
    );
    assert_eq!(ticker_line(t, 31, 2 * PAGE_SECONDS), "13:40 #1010 新");
    assert_eq!(ticker_line(t, 31, 3 * PAGE_SECONDS), ticker_line(t, 31, 0));
}

#[test]
fn only_the_top_breached_rows_are_reversed_the_rest_are_red() {
    let desk = demo();
    let r = desk
        .data
        .rows()
        .find(|r| r.ticket.id == TicketId(1002))
        .unwrap();
    let top = column_line(&r, 40, Lang::Zh, desk.data.now, desk.data.tz, true, true);
    assert!(top
        .spans
        .iter()
        .all(|s| s.style.add_modifier.contains(Modifier::REVERSED)));
    let below = column_line(&r, 40, Lang::Zh, desk.data.now, desk.data.tz, false, true);
    assert!(below.spans.iter().all(|s| {
        !s.style.add_modifier.contains(Modifier::REVERSED) && s.style.fg == Some(Color::Red)
    }));
}

#[test]
fn columns_page_by_themselves_when_too_many_tickets() {
    let mut desk = demo();
    crate::demo::seed_extra(
        &mut desk.store,
        &desk.rules,
        crate::tui::testing::now(),
        200,
    )
    .unwrap();
    desk.data =
        crate::tui::data::Data::load(&desk.store, &desk.rules, crate::tui::testing::now()).unwrap();
    let first = render(&desk, 240, 67);
    assert!(first.contains("第 1/"), "{first}");
    let mut st = WallState::new(Lang::Zh, Compliance::default(), String::new());
    st.tick = PAGE_SECONDS;
    let mut term = Terminal::new(TestBackend::new(240, 67)).unwrap();
    term.draw(|f| draw(f, &st, &desk.data, desk.rules.policy.tz))
        .unwrap();
    assert!(format!("{}", term.backend()).contains("第 2/"));
}

#[test]
fn undelivered_notifications_are_named_on_the_wall() {
    let mut desk = demo();
    let before = render(&desk, 160, 45);
    assert!(!before.contains("无法送达"));
    desk.data.dead_letters = 2;
    let screen = render(&desk, 160, 45);
    assert!(
        screen.contains("2 条通知无法送达 (faultline hooks status)"),
        "{screen}"
    );
}

#[test]
fn a_countdown_filling_its_field_keeps_a_column_from_the_site() {
    let desk = demo();
    // #1006 waits for a negotiated deadline: "negotiate" fills the field.
    let r = desk
        .data
        .rows()
        .find(|r| r.ticket.id == TicketId(1006))
        .unwrap();
    for w in [27, 33, 47] {
        let line = column_line(&r, w, Lang::En, desk.data.now, desk.data.tz, false, true);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(text.ends_with(" negotiate"), "{w}: {text:?}");
        assert_eq!(
            unicode_width::UnicodeWidthStr::width(text.as_str()),
            w,
            "{text:?}"
        );
    }
}
