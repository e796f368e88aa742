//! The `e` event menu on the selected ticket.

use crossterm::event::KeyCode;

use super::*;

/// What the menu answers to; `?` and F1 show it.
pub const KEYS: &[ModeKey] = &[
    ModeKey {
        shown: "↑↓/jk",
        zh: "选择",
        en: "select",
        hint: true,
    },
    ModeKey {
        shown: "Enter",
        zh: "记录",
        en: "log it",
        hint: true,
    },
    ModeKey {
        shown: "Esc/q",
        zh: "返回",
        en: "back",
        hint: true,
    },
    ModeKey {
        shown: "?/F1",
        zh: "帮助",
        en: "help",
        hint: false,
    },
];

impl State {
    pub(super) fn event_menu_key(
        &mut self,
        ctx: &Ctx,
        cursor: usize,
        code: KeyCode,
    ) -> Option<Effect> {
        match code {
            KeyCode::Esc | KeyCode::Char('q') => None,
            KeyCode::Char('?') => {
                self.mode = Mode::Help(Box::new(Mode::EventMenu(cursor)));
                None
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.mode = Mode::EventMenu(cursor.saturating_sub(1));
                None
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.mode = Mode::EventMenu((cursor + 1).min(EVENTS.len() - 1));
                None
            }
            KeyCode::Enter => {
                let id = self.current(ctx.data)?.ticket.id;
                let (name, _, _, prompt) = EVENTS[cursor.min(EVENTS.len() - 1)];
                match prompt {
                    None => simple_event(name).map(|kind| Effect::Log { id, kind }),
                    Some(kind) => {
                        let fields = match kind {
                            PromptKind::Waive => vec![
                                Field {
                                    zh: "同意人",
                                    en: "agreed by",
                                    value: String::new(),
                                },
                                Field {
                                    zh: "原因",
                                    en: "reason",
                                    value: String::new(),
                                },
                            ],
                            PromptKind::SetLevel => vec![
                                Field {
                                    zh: "新等级 1-4",
                                    en: "new level 1-4",
                                    value: String::new(),
                                },
                                Field {
                                    zh: "原因",
                                    en: "reason",
                                    value: String::new(),
                                },
                            ],
                            PromptKind::Negotiated => vec![Field {
                                zh: "到场时限 (YYYY-MM-DD HH:MM)",
                                en: "deadline (YYYY-MM-DD HH:MM)",
                                value: String::new(),
                            }],
                            // Voids are opened from the detail pane, not the menu.
                            PromptKind::Void(_) => return None,
                        };
                        self.mode = Mode::Prompt(Prompt {
                            kind,
                            ticket: id,
                            fields,
                            focus: 0,
                            error: None,
                        });
                        None
                    }
                }
            }
            _ => {
                self.mode = Mode::EventMenu(cursor);
                None
            }
        }
    }
}
