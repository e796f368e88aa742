//! The `e` event menu on the selected ticket.

use crossterm::event::KeyCode;

use super::*;
use crate::msg::labels;
use crate::msg::labels::Label;
use crate::sla::TicketView;

/// An entry of the `e` menu: (name, label, needs a prompt, the letter that
/// picks it at once — none a key the menu already uses: `j`, `k`, `q`, `?`).
pub type MenuEntry = (&'static str, Label, Option<PromptKind>, char);

/// Events on the `e` menu, in the order offered.
pub const EVENTS: &[MenuEntry] = &[
    ("responded", labels::menu::responded, None, 'r'),
    ("expert_engaged", labels::expert_engaged, None, 'x'),
    ("process_started", labels::menu::process_started, None, 'p'),
    ("director_engaged", labels::director_engaged, None, 'd'),
    ("onsite_required", labels::menu::onsite_required, None, 'o'),
    ("arrived", labels::menu::arrived, None, 'a'),
    ("hardware_wait", labels::menu::hardware_wait, None, 'w'),
    ("hardware_ready", labels::menu::hardware_ready, None, 'h'),
    ("restored", labels::restored, None, 's'),
    ("waive", labels::menu::waive, Some(PromptKind::Waive), 'v'),
    (
        "set_level",
        labels::menu::set_level,
        Some(PromptKind::SetLevel),
        'l',
    ),
    (
        "negotiated",
        labels::menu::negotiated,
        Some(PromptKind::Negotiated),
        'g',
    ),
    ("note", labels::menu::note, Some(PromptKind::Note), 'n'),
    (
        "opinion",
        labels::menu::opinion,
        Some(PromptKind::Opinion),
        'i',
    ),
    (
        "followup",
        labels::menu::followup,
        Some(PromptKind::Followup),
        'f',
    ),
    (
        "approved",
        labels::menu::approved,
        Some(PromptKind::Approve),
        'b',
    ),
    ("closed", labels::menu::closed, None, 'c'),
];

/// The menu's events that apply to the ticket as it stands: a milestone
/// already met, a hardware wait not begun, a negotiation not pending, a
/// waiver with no window to cover are not offered. The opinion and closing
/// stay (their refusal says what is missing first); so does everything on a
/// ticket whose view cannot be computed.
pub fn offered(view: Option<&TicketView>) -> Vec<&'static MenuEntry> {
    EVENTS
        .iter()
        .filter(|e| view.is_none_or(|v| applies(e.0, v)))
        .collect()
}

fn applies(name: &str, v: &TicketView) -> bool {
    use crate::sla::{Milestone as M, MilestoneState};
    let unmet = |m: M| v.milestone(m).is_some_and(|x| x.met_at().is_none());
    let running = v.restored_at.is_none() && v.closed_at.is_none();
    // Archived: a note is all a closed ticket still takes.
    if v.closed_at.is_some() {
        return name == "note";
    }
    match name {
        "responded" => unmet(M::RemoteResponse),
        "expert_engaged" => unmet(M::ExpertResponse),
        "process_started" => unmet(M::ProcessStart),
        "director_engaged" => unmet(M::DirectorResponse),
        "onsite_required" => running && !v.onsite,
        "arrived" => {
            running
                && v.onsite
                && v.milestone(M::OnsiteArrival)
                    .is_none_or(|m| m.met_at().is_none())
        }
        "hardware_wait" => running && !v.hardware_wait,
        "hardware_ready" => v.hardware_wait,
        "restored" | "set_level" => running,
        "waive" => v
            .milestone(M::Restoration)
            .is_some_and(|m| m.state == MilestoneState::Pending),
        "negotiated" => v.negotiation_pending(),
        "followup" => v
            .milestone(M::Followup)
            .is_some_and(|m| m.met_at().is_none()),
        "approved" => v.held,
        "opinion" => v.closed_at.is_none() && v.opinion_at.is_none(),
        _ => true,
    }
}

/// A payload-free event for the menu and `:log`. A bare note has no text
/// to carry here, so the console does not offer it.
pub fn simple_event(name: &str) -> Option<EventKind> {
    EventKind::plain(name).filter(|k| *k != EventKind::Note)
}

/// What the menu answers to; `?` and F1 show it.
pub const KEYS: &[ModeKey] = &[
    ModeKey::hint("↑↓/jk", labels::controls::select),
    ModeKey::hint("Enter", labels::controls::log_it),
    ModeKey::help("r x p …", labels::controls::letter_logs_it),
    ModeKey::hint("Esc/q", labels::controls::back),
    ModeKey::help("?/F1", labels::controls::help),
];

impl State {
    /// The menu's events for the selected ticket.
    pub fn offered(&self, data: &Data) -> Vec<&'static MenuEntry> {
        offered(self.current(data).and_then(|r| r.view.as_ref().ok()))
    }

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
                let n = self.offered(ctx.data).len();
                self.mode = Mode::EventMenu((cursor + 1).min(n.saturating_sub(1)));
                None
            }
            KeyCode::Enter => {
                let id = self.current(ctx.data)?.ticket.id;
                let items = self.offered(ctx.data);
                let (name, _, prompt, _) =
                    **items.get(cursor.min(items.len().saturating_sub(1)))?;
                match prompt {
                    None => simple_event(name).map(|kind| Effect::Log {
                        id,
                        kind,
                        note: None,
                    }),
                    Some(kind) => {
                        let fields = match kind {
                            PromptKind::Waive => vec![
                                Field {
                                    label: labels::controls::agreed_by,
                                    value: String::new(),
                                },
                                Field {
                                    label: labels::controls::reason,
                                    value: String::new(),
                                },
                            ],
                            PromptKind::SetLevel => vec![
                                Field {
                                    label: labels::controls::new_level_1_4,
                                    value: String::new(),
                                },
                                Field {
                                    label: labels::controls::reason,
                                    value: String::new(),
                                },
                            ],
                            PromptKind::Negotiated => vec![Field {
                                label: labels::controls::negotiated_deadline,
                                value: String::new(),
                            }],
                            PromptKind::Opinion => vec![
                                Field {
                                    label: labels::controls::customer_signatory,
                                    value: String::new(),
                                },
                                Field {
                                    label: labels::project_manager,
                                    value: String::new(),
                                },
                                Field {
                                    label: labels::controls::remarks_optional,
                                    value: String::new(),
                                },
                            ],
                            PromptKind::Note => vec![Field {
                                label: labels::note,
                                value: String::new(),
                            }],
                            PromptKind::Followup => {
                                let pm = self
                                    .current(ctx.data)
                                    .and_then(|r| r.site.pm.clone())
                                    .unwrap_or_default();
                                vec![
                                    Field {
                                        label: labels::project_manager,
                                        value: pm,
                                    },
                                    Field {
                                        label: labels::controls::customer_contact,
                                        value: String::new(),
                                    },
                                    Field {
                                        label: labels::controls::outcome,
                                        value: String::new(),
                                    },
                                    Field {
                                        label: labels::controls::rating_1_5,
                                        value: String::new(),
                                    },
                                ]
                            }
                            PromptKind::Approve => vec![Field {
                                label: labels::controls::approving_project_manager,
                                value: self
                                    .current(ctx.data)
                                    .and_then(|r| r.site.pm.clone())
                                    .unwrap_or_default(),
                            }],
                            // Voids are opened from the detail pane, jobs'
                            // prompts from the jobs screen, not the menu.
                            PromptKind::Void(_)
                            | PromptKind::JobAssign(_)
                            | PromptKind::JobDone(_) => return None,
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
            // The entry's own letter: as if moved to it and Enter pressed.
            KeyCode::Char(c) => match self.offered(ctx.data).iter().position(|e| e.3 == c) {
                Some(at) => self.event_menu_key(ctx, at, KeyCode::Enter),
                None => {
                    self.mode = Mode::EventMenu(cursor);
                    None
                }
            },
            _ => {
                self.mode = Mode::EventMenu(cursor);
                None
            }
        }
    }
}
