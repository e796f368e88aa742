//! Keys as data: one list feeds the key handling, the hint bar and the help
//! screen, so help can never go stale (k9s keys operators already know).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextPane,
    PrevPane,
    Enter,
    Back,
    Filter,
    Command,
    Help,
    EventMenu,
    NewTicket,
    Assign,
    Unassign,
    Reassign,
    /// Section 7: correct the selected timeline entry.
    Void,
    /// The body shows the level queues, the PMs' work, jobs or history.
    ShowQueues,
    ShowPm,
    ShowJobs,
    ShowHistory,
    /// On the jobs screen: who takes the selected job, and marking it done.
    JobAssign,
    JobDone,
    Quit,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    Queues,
    /// The detail pane: the queues' keys, plus its own.
    Detail,
    Assign,
    /// The jobs screen (preventive service).
    Jobs,
}

pub struct Binding {
    pub keys: &'static [KeyCode],
    pub shown: &'static str,
    pub action: Action,
    pub scope: Scope,
    pub label: Label,
    /// Shown in the one-line hint bar (the help lists all).
    pub hint: bool,
}

use crate::msg::labels::{self, Label};
use KeyCode as K;

pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[K::Up, K::Char('k')],
        shown: "↑↓/jk",
        action: Action::Up,
        scope: Scope::Everywhere,
        label: labels::controls::select,
        hint: true,
    },
    Binding {
        keys: &[K::Down, K::Char('j')],
        shown: "↓/j",
        action: Action::Down,
        scope: Scope::Everywhere,
        label: labels::controls::next,
        hint: false,
    },
    Binding {
        keys: &[K::PageUp],
        shown: "PgUp",
        action: Action::PageUp,
        scope: Scope::Everywhere,
        label: labels::controls::page_up,
        hint: false,
    },
    Binding {
        keys: &[K::PageDown],
        shown: "PgDn",
        action: Action::PageDown,
        scope: Scope::Everywhere,
        label: labels::controls::page_down,
        hint: false,
    },
    Binding {
        keys: &[K::Home, K::Char('g')],
        shown: "g/Home",
        action: Action::Top,
        scope: Scope::Everywhere,
        label: labels::controls::first,
        hint: false,
    },
    Binding {
        keys: &[K::End, K::Char('G')],
        shown: "G/End",
        action: Action::Bottom,
        scope: Scope::Everywhere,
        label: labels::controls::last,
        hint: false,
    },
    Binding {
        keys: &[K::Tab],
        shown: "Tab",
        action: Action::NextPane,
        scope: Scope::Everywhere,
        label: labels::controls::switch_pane,
        hint: true,
    },
    Binding {
        keys: &[K::BackTab],
        shown: "S-Tab",
        action: Action::PrevPane,
        scope: Scope::Everywhere,
        label: labels::controls::switch_pane_back,
        hint: false,
    },
    Binding {
        keys: &[K::Enter],
        shown: "Enter",
        action: Action::Enter,
        scope: Scope::Queues,
        label: labels::assign,
        hint: true,
    },
    Binding {
        keys: &[K::Enter, K::Char('a')],
        shown: "Enter/a",
        action: Action::Assign,
        scope: Scope::Assign,
        label: labels::assign,
        hint: true,
    },
    Binding {
        keys: &[K::Char('u')],
        shown: "u",
        action: Action::Unassign,
        scope: Scope::Assign,
        label: labels::unassign,
        hint: true,
    },
    Binding {
        keys: &[K::Char('R')],
        shown: "R",
        action: Action::Reassign,
        scope: Scope::Assign,
        label: labels::controls::reassign,
        hint: true,
    },
    Binding {
        keys: &[K::Char('x')],
        shown: "x",
        action: Action::Void,
        scope: Scope::Detail,
        label: labels::controls::void_entry,
        hint: true,
    },
    Binding {
        keys: &[K::Char('e')],
        shown: "e",
        action: Action::EventMenu,
        scope: Scope::Everywhere,
        label: labels::log_event,
        hint: true,
    },
    Binding {
        keys: &[K::Char('n')],
        shown: "n",
        action: Action::NewTicket,
        scope: Scope::Everywhere,
        label: labels::controls::new_ticket,
        hint: true,
    },
    Binding {
        keys: &[K::Char('/')],
        shown: "/",
        action: Action::Filter,
        scope: Scope::Everywhere,
        label: labels::filter,
        hint: true,
    },
    Binding {
        keys: &[K::Char(':')],
        shown: ":",
        action: Action::Command,
        scope: Scope::Everywhere,
        label: labels::controls::command,
        hint: true,
    },
    Binding {
        keys: &[K::Esc],
        shown: "Esc",
        action: Action::Back,
        scope: Scope::Everywhere,
        label: labels::controls::back_clear_filter,
        hint: false,
    },
    Binding {
        keys: &[K::Char('?')],
        shown: "?",
        action: Action::Help,
        scope: Scope::Everywhere,
        label: labels::controls::help,
        hint: true,
    },
    Binding {
        keys: &[K::Char('1')],
        shown: "1-4",
        action: Action::ShowQueues,
        scope: Scope::Everywhere,
        label: labels::controls::screens,
        hint: true,
    },
    Binding {
        keys: &[K::Char('2')],
        shown: "2",
        action: Action::ShowPm,
        scope: Scope::Everywhere,
        label: labels::controls::pm_work,
        hint: false,
    },
    Binding {
        keys: &[K::Char('3')],
        shown: "3",
        action: Action::ShowJobs,
        scope: Scope::Everywhere,
        label: labels::controls::preventive_jobs,
        hint: false,
    },
    Binding {
        keys: &[K::Char('4')],
        shown: "4",
        action: Action::ShowHistory,
        scope: Scope::Everywhere,
        label: labels::controls::history_search,
        hint: false,
    },
    Binding {
        keys: &[K::Enter, K::Char('a')],
        shown: "Enter/a",
        action: Action::JobAssign,
        scope: Scope::Jobs,
        label: labels::controls::assign_job,
        hint: true,
    },
    Binding {
        keys: &[K::Char('d')],
        shown: "d",
        action: Action::JobDone,
        scope: Scope::Jobs,
        label: labels::controls::job_done,
        hint: true,
    },
    Binding {
        keys: &[K::Char('q')],
        shown: "q",
        action: Action::Quit,
        scope: Scope::Everywhere,
        label: labels::quit,
        hint: true,
    },
];

/// Ctrl-C quits from anywhere, whatever the mode.
pub fn is_interrupt(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c')
}

/// The action a key means in normal mode, in the given pane.
pub fn lookup(code: KeyCode, scope: Scope) -> Option<Action> {
    // Pane-specific bindings win over global ones for the same key.
    let find = |scope: Scope| {
        BINDINGS
            .iter()
            .find(|b| b.scope == scope && b.keys.contains(&code))
    };
    find(scope)
        .or_else(|| {
            (scope == Scope::Detail)
                .then(|| find(Scope::Queues))
                .flatten()
        })
        .or_else(|| {
            BINDINGS
                .iter()
                .find(|b| b.scope == Scope::Everywhere && b.keys.contains(&code))
        })
        .map(|b| b.action)
}

/// The hint bar for a pane: `↑↓/jk 选择  Tab 切换  Enter 指派 …`.
pub fn hints(scope: Scope, lang: Lang, width: usize) -> String {
    let mut shown: Vec<&Binding> = BINDINGS
        .iter()
        .filter(|b| b.hint && (b.scope == scope || b.scope == Scope::Everywhere))
        .collect();
    // The help last: the one hint a narrow bar always keeps.
    shown.sort_by_key(|b| b.shown == "?");
    let all: Vec<String> = shown
        .iter()
        .map(|b| format!("{} {}", b.shown, (b.label)(lang)))
        .collect();
    fit_hints(&all, width)
}

/// The hints that fit in `width` columns, each whole or left out (never
/// ": co…"), in order; the last one, the help, is always kept: from it
/// every key is one press away.
pub fn fit_hints(hints: &[String], width: usize) -> String {
    let w = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let Some((help, rest)) = hints.split_last() else {
        return String::new();
    };
    let mut room = width.saturating_sub(w(help));
    let mut kept: Vec<&str> = Vec::new();
    for h in rest {
        if w(h) + 2 > room {
            continue;
        }
        room -= w(h) + 2;
        kept.push(h);
    }
    kept.push(help);
    kept.join("  ")
}

/// Command-line words, for `:` completion and help.
pub const COMMANDS: &[(&str, Label)] = &[
    ("assign", labels::commands::assign),
    ("force", labels::commands::force),
    ("unassign", labels::commands::unassign),
    ("log", labels::commands::log),
    ("note", labels::commands::note),
    ("void", labels::commands::void),
    ("open", labels::commands::open),
    ("lang", labels::commands::lang),
    ("help", labels::commands::help),
    ("q", labels::commands::quit),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pane_bindings_win_over_global_ones() {
        assert_eq!(lookup(KeyCode::Enter, Scope::Queues), Some(Action::Enter));
        assert_eq!(lookup(KeyCode::Enter, Scope::Assign), Some(Action::Assign));
        assert_eq!(
            lookup(KeyCode::Char('j'), Scope::Assign),
            Some(Action::Down)
        );
        assert_eq!(lookup(KeyCode::Char('u'), Scope::Queues), None);
    }

    #[test]
    fn the_hint_bar_comes_from_the_same_keymap() {
        let zh = hints(Scope::Queues, Lang::Zh, 200);
        assert!(zh.starts_with("↑↓/jk 选择  Tab 切换  Enter 指派"), "{zh}");
        assert!(hints(Scope::Assign, Lang::En, 200).contains("u unassign"));
    }

    #[test]
    fn a_narrow_hint_bar_leaves_hints_out_whole_and_keeps_the_help() {
        let all = hints(Scope::Queues, Lang::En, 500);
        let narrow = hints(Scope::Queues, Lang::En, 60);
        assert!(unicode_width::UnicodeWidthStr::width(narrow.as_str()) <= 60);
        assert!(narrow.ends_with("? help"), "{narrow}");
        for hint in narrow.split("  ") {
            assert!(all.contains(hint), "{hint:?} is whole");
        }
    }
}
