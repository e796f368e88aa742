//! The `e` event menu on the selected ticket.

use crossterm::event::KeyCode;

use super::*;
use crate::sla::TicketView;

/// An entry of the `e` menu: (name, zh, en, needs a prompt, the letter that
/// picks it at once — none a key the menu already uses: `j`, `k`, `q`, `?`).
pub type MenuEntry = (
    &'static str,
    &'static str,
    &'static str,
    Option<PromptKind>,
    char,
);

/// Events on the `e` menu, in the order offered.
pub const EVENTS: &[MenuEntry] = &[
    (
        "responded",
        "已响应 (接单)",
        "responded (took it)",
        None,
        'r',
    ),
    ("expert_engaged", "专家已响应", "expert engaged", None, 'x'),
    (
        "process_started",
        "已启动服务流程",
        "process started",
        None,
        'p',
    ),
    (
        "director_engaged",
        "技术总监已响应",
        "director engaged",
        None,
        'd',
    ),
    ("onsite_required", "需要到场", "on-site required", None, 'o'),
    ("arrived", "已到达现场", "arrived on site", None, 'a'),
    (
        "hardware_wait",
        "等待硬件 (暂停恢复计时)",
        "waiting for hardware",
        None,
        'w',
    ),
    ("hardware_ready", "硬件就绪", "hardware ready", None, 'h'),
    ("restored", "已恢复", "restored", None, 's'),
    (
        "waive",
        "协商不升级…",
        "waive the raise…",
        Some(PromptKind::Waive),
        'v',
    ),
    (
        "set_level",
        "调整故障等级…",
        "set level…",
        Some(PromptKind::SetLevel),
        'l',
    ),
    (
        "negotiated",
        "协商到场时限…",
        "negotiated deadline…",
        Some(PromptKind::Negotiated),
        'g',
    ),
    ("note", "备注…", "note…", Some(PromptKind::Note), 'n'),
    (
        "opinion",
        "服务意见 (签字)…",
        "service opinion (signed)…",
        Some(PromptKind::Opinion),
        'i',
    ),
    (
        "followup",
        "项目经理回访…",
        "PM follow-up…",
        Some(PromptKind::Followup),
        'f',
    ),
    (
        "approved",
        "批准保修外服务…",
        "approve out-of-warranty service…",
        Some(PromptKind::Approve),
        'b',
    ),
    ("closed", "结单", "close", None, 'c'),
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
    ModeKey::hint("↑↓/jk", "选择", "select"),
    ModeKey::hint("Enter", "记录", "log it"),
    ModeKey::help(
        "r x p …",
        "按方括号中的字母直接记录",
        "the letter in brackets logs it",
    ),
    ModeKey::hint("Esc/q", "返回", "back"),
    ModeKey::help("?/F1", "帮助", "help"),
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
                let (name, _, _, prompt, _) =
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
                                zh: "到场时限 (如 +2h, 11-28 10:00)",
                                en: "deadline (e.g. +2h, 11-28 10:00)",
                                value: String::new(),
                            }],
                            PromptKind::Opinion => vec![
                                Field {
                                    zh: "客户签字人",
                                    en: "customer signatory",
                                    value: String::new(),
                                },
                                Field {
                                    zh: "项目经理",
                                    en: "project manager",
                                    value: String::new(),
                                },
                                Field {
                                    zh: "客户意见 (可空)",
                                    en: "remarks (optional)",
                                    value: String::new(),
                                },
                            ],
                            PromptKind::Note => vec![Field {
                                zh: "备注",
                                en: "note",
                                value: String::new(),
                            }],
                            PromptKind::Followup => {
                                let pm = self
                                    .current(ctx.data)
                                    .and_then(|r| r.site.pm.clone())
                                    .unwrap_or_default();
                                vec![
                                    Field {
                                        zh: "项目经理",
                                        en: "project manager",
                                        value: pm,
                                    },
                                    Field {
                                        zh: "客户联系人",
                                        en: "customer contact",
                                        value: String::new(),
                                    },
                                    Field {
                                        zh: "结果 (已解决/未解决)",
                                        en: "outcome (resolved/unresolved)",
                                        value: String::new(),
                                    },
                                    Field {
                                        zh: "评分 1-5",
                                        en: "rating 1-5",
                                        value: String::new(),
                                    },
                                ]
                            }
                            PromptKind::Approve => vec![Field {
                                zh: "批准的项目经理",
                                en: "approving project manager",
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
            KeyCode::Char(c) => match self.offered(ctx.data).iter().position(|e| e.4 == c) {
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
