//! Keys as each mode lists them, for its help and its hint line.

use super::*;
use crate::msg::labels::{self, Label};

/// A key a mode answers to. Each mode lists its own beside the code that
/// handles them: the help shows the list of the mode it was opened from,
/// and the mode's hint line shows those marked `hint`.
pub struct ModeKey {
    pub shown: &'static str,
    pub label: Label,
    pub hint: bool,
}

impl ModeKey {
    /// A key on the mode's hint line and its help.
    pub const fn hint(shown: &'static str, label: Label) -> ModeKey {
        ModeKey {
            shown,
            label,
            hint: true,
        }
    }

    /// A key listed on the help only.
    pub const fn help(shown: &'static str, label: Label) -> ModeKey {
        ModeKey {
            shown,
            label,
            hint: false,
        }
    }
}

/// F1, which every mode answers to (`on_key` handles it before the mode).
pub(super) const F1: ModeKey = ModeKey::help("F1", labels::controls::help);

/// Every text field's editing (`tui::caret`), which `on_key` handles
/// before the mode; a paste goes in at the caret.
pub(super) const CARET: ModeKey = ModeKey::help("←/→", labels::controls::move_the_caret);
pub(super) const ENDS: ModeKey = ModeKey::help("Ctrl-A/E", labels::controls::line_ends);
pub(super) const CUT: ModeKey = ModeKey::help("Ctrl-U/K/W", labels::controls::cut);

/// The filter line's keys (the filter is a few lines of `on_key`).
pub(super) const FILTER_KEYS: &[ModeKey] = &[
    ModeKey::hint("Enter", labels::controls::keep_the_filter),
    ModeKey::hint("Esc", labels::controls::clear_the_filter),
    F1,
];

/// A mode's hint line: " Tab next  Enter submit  Esc cancel".
pub fn hint_line(keys: &[ModeKey], lang: Lang, width: usize) -> String {
    let hints: Vec<String> = keys
        .iter()
        .filter(|k| k.hint)
        .map(|k| format!("{} {}", k.shown, (k.label)(lang)))
        .collect();
    format!(
        " {}",
        crate::tui::keymap::fit_hints(&hints, width.saturating_sub(1))
    )
}

impl Mode {
    /// The keys this mode answers to beyond the queues' (normal mode's are
    /// the keymap's, which the help always lists).
    pub fn keys(&self) -> &'static [ModeKey] {
        match self {
            Mode::Normal | Mode::Help(_) => &[],
            Mode::Filter => FILTER_KEYS,
            Mode::Command(_) => command::KEYS,
            Mode::EventMenu(_) => menu::KEYS,
            Mode::Prompt(_) => prompt::KEYS,
            Mode::NewTicket(_) => form::KEYS,
            Mode::Confirm(_) => confirm::KEYS,
        }
    }

    /// What the help calls this mode.
    pub fn title(&self, lang: Lang) -> &'static str {
        match self {
            Mode::Normal | Mode::Help(_) => labels::queues(lang),
            Mode::Filter => labels::filter(lang),
            Mode::Command(_) => labels::command_line(lang),
            Mode::EventMenu(_) => labels::event_menu(lang),
            Mode::Prompt(_) => labels::prompt(lang),
            Mode::NewTicket(_) => labels::new_ticket(lang),
            Mode::Confirm(_) => labels::confirmation_line(lang),
        }
    }
}
