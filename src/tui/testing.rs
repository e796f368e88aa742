//! Test fixtures: the demo desk in a real temporary SQLite file, at a fixed
//! moment, so screens and key sequences are reproducible.

use chrono::TimeZone;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::app::{Ctx, State};
use super::data::Data;
use crate::config::Rules;
use crate::i18n::Lang;
use crate::sla::Ts;
use crate::store::Store;

pub struct Desk {
    pub _dir: tempfile::TempDir,
    pub store: Store,
    pub rules: Rules,
    pub data: Data,
}

pub fn now() -> Ts {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 11, 27, 14, 5, 0)
        .unwrap()
        .to_utc()
}

pub fn demo() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let rules = Rules::builtin().unwrap();
    let mut store = Store::create(
        &dir.path().join("demo.db"),
        crate::store::DeskClock::Simulated,
    )
    .unwrap();
    crate::demo::seed(&mut store, &rules, now()).unwrap();
    Desk::loaded(dir, store, rules)
}

impl Desk {
    /// A desk over `store` (kept in `dir`), its screen data loaded at `now()`.
    pub fn loaded(dir: tempfile::TempDir, store: Store, rules: Rules) -> Desk {
        let data = Data::load(&store, &rules, now()).unwrap();
        Desk {
            _dir: dir,
            store,
            rules,
            data,
        }
    }
}

/// Every loaded ticket's view, by number, in screen order: what two ways
/// of computing a screen's data are compared by.
pub fn views(d: &Data) -> Vec<(crate::store::TicketId, String)> {
    d.all_rows()
        .map(|r| (r.ticket.id, format!("{:?}", r.view)))
        .collect()
}

impl Desk {
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            data: &self.data,
            speed_kmh: 60.0,
            tz: self.rules.policy.tz,
        }
    }
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Keys from a compact spec: plain characters, plus `<Enter>`, `<Esc>`,
/// `<Tab>`, `<BackTab>`, `<Up>`, `<Down>`, `<BS>`, `<F1>`, `<PgDn>`.
pub fn keys(spec: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut rest = spec;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some(end) = rest.find('>') {
                // `<C-u>`: a control chord.
                if let Some(c) = rest[1..end]
                    .strip_prefix("C-")
                    .and_then(|k| k.chars().next())
                {
                    out.push(KeyEvent::new(
                        KeyCode::Char(c),
                        crossterm::event::KeyModifiers::CONTROL,
                    ));
                    rest = &rest[end + 1..];
                    continue;
                }
                let code = match &rest[1..end] {
                    "Enter" => KeyCode::Enter,
                    "Esc" => KeyCode::Esc,
                    "Tab" => KeyCode::Tab,
                    "BackTab" => KeyCode::BackTab,
                    "Up" => KeyCode::Up,
                    "Down" => KeyCode::Down,
                    "BS" => KeyCode::Backspace,
                    "F1" => KeyCode::F(1),
                    "PgDn" => KeyCode::PageDown,
                    "Left" => KeyCode::Left,
                    "Right" => KeyCode::Right,
                    "Home" => KeyCode::Home,
                    "End" => KeyCode::End,
                    "Del" => KeyCode::Delete,
                    other => panic!("unknown key <{other}>"),
                };
                out.push(key(code));
                rest = &rest[end + 1..];
                continue;
            }
        }
        out.push(key(KeyCode::Char(c)));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Keys that open the event menu on the selected ticket and walk down to
/// `name` (found in the menu as offered for it, so an entry added or
/// filtered out above it moves nothing here).
pub fn menu_to(state: &State, desk: &Desk, name: &str) -> String {
    let at = state
        .offered(&desk.data)
        .iter()
        .position(|e| e.0 == name)
        .unwrap_or_else(|| panic!("{name} is not on the event menu"));
    format!("e{}", "j".repeat(at))
}

/// Feeds keys; returns every effect asked for.
pub fn press(state: &mut State, desk: &Desk, spec: &str) -> Vec<super::app::Effect> {
    let ctx = desk.ctx();
    keys(spec)
        .into_iter()
        .filter_map(|k| state.on_key(&ctx, k))
        .collect()
}

pub fn render(state: &State, desk: &Desk, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let ctx = desk.ctx();
    term.draw(|f| {
        super::views::console::draw(
            f,
            state,
            &ctx,
            &desk.rules,
            &super::views::console::Title {
                as_of: None,
                name: "demo".into(),
                simulated: false,
                operator: String::new(),
            },
        )
    })
    .unwrap();
    format!("{}", term.backend())
}

pub fn state() -> State {
    State::new(Lang::Zh)
}
