//! Every screen at every size a desk has, in both languages: snapshots of
//! the console (queues, the assignment pane, the new-ticket form) and the
//! wall at 80×24, 160×45, 240×67 and 320×90, and no fixed label cut with
//! "…" from 160 columns on.

use ratatui::backend::TestBackend;
use ratatui::Terminal;

use crate::config::Rules;
use crate::i18n::Lang;
use crate::sla::Level;
use crate::store::{DeskClock, NewEngineer, NewSite, NewTicket, Role, Store};
use crate::tui::stats;
use crate::tui::testing::{now, press, render, Desk};
use crate::tui::views::wall::{self, WallState};

const SIZES: [(u16, u16); 4] = [(80, 24), (160, 45), (240, 67), (320, 90)];

/// A desk whose customer text is short enough for any column, so whatever
/// "…" appears is a label the screen cut.
fn short_desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let rules = Rules::builtin().unwrap();
    let mut store = Store::create(&dir.path().join("d.db"), DeskClock::Simulated).unwrap();
    store.add_office("上海", Some("上海"), None, None).unwrap();
    for (name, km) in [("甲站", 30.0), ("乙站", 90.0)] {
        store
            .add_site(&NewSite {
                name: name.into(),
                distance_km: km,
                ..NewSite::default()
            })
            .unwrap();
    }
    for (name, role) in [("王磊", Role::Senior), ("赵敏", Role::Remote)] {
        store
            .add_engineer(&NewEngineer {
                name: name.into(),
                role,
                office: "上海".into(),
                shift: None,
            })
            .unwrap();
    }
    for (i, (site, level, minutes_ago)) in [
        ("甲站", 1, 10),
        ("乙站", 2, 50),
        ("甲站", 3, 200),
        ("乙站", 4, 30),
    ]
    .into_iter()
    .enumerate()
    {
        let t = NewTicket {
            site: site.into(),
            level: Level::new(level).unwrap(),
            title: format!("盘坏{i}"),
            reported_at: now() - chrono::TimeDelta::minutes(minutes_ago),
            onsite: level <= 2,
            approved_by: None,
            equipment: None,
            call: None,
        };
        crate::service::open_ticket(&mut store, &rules, &t, now()).unwrap();
    }
    Desk::loaded(dir, store, rules)
}

fn wall_screen(desk: &Desk, lang: Lang, w: u16, h: u16) -> String {
    let tz = desk.rules.policy.tz;
    let st = WallState::new(
        lang,
        stats::Figures::load(&desk.store, desk.data.now, tz)
            .unwrap()
            .compliance(&desk.data, tz),
        wall::ticker(&desk.data, lang, tz, 400),
    );
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| wall::draw(f, &st, &desk.data, tz)).unwrap();
    format!("{}", term.backend())
}

/// The console's screens for `lang` at one size: queues, the assignment
/// pane with focus, and the new-ticket form.
fn console_screens(desk: &Desk, lang: Lang, w: u16, h: u16) -> [String; 3] {
    let state = || crate::tui::app::State::new(lang);
    let queues = render(&state(), desk, w, h);
    let mut s = state();
    press(&mut s, desk, "<Enter>");
    let assign = render(&s, desk, w, h);
    let mut s = state();
    press(&mut s, desk, "n");
    let form = render(&s, desk, w, h);
    [queues, assign, form]
}

#[test]
fn no_fixed_label_is_cut_from_160_columns_in_either_language() {
    let desk = short_desk();
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in SIZES.into_iter().filter(|(w, _)| *w >= 160) {
            let screens = console_screens(&desk, lang, w, h);
            let names = ["queues", "assignment", "form"];
            for (name, screen) in names
                .iter()
                .zip(screens.iter())
                .chain([(&"wall", &wall_screen(&desk, lang, w, h))])
            {
                assert!(
                    !screen.contains('…'),
                    "{lang:?} {name} at {w}x{h} cuts a label:\n{screen}"
                );
            }
        }
    }
}

#[test]
fn every_screen_at_every_size_in_both_languages() {
    let desk = short_desk();
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in SIZES {
            let tag = format!("{}_{w}x{h}", if lang == Lang::Zh { "zh" } else { "en" });
            let [queues, assign, form] = console_screens(&desk, lang, w, h);
            insta::assert_snapshot!(format!("console_{tag}"), queues);
            insta::assert_snapshot!(format!("assign_{tag}"), assign);
            insta::assert_snapshot!(format!("form_{tag}"), form);
            insta::assert_snapshot!(format!("wall_{tag}"), wall_screen(&desk, lang, w, h));
        }
    }
}
