//! Console state and `update`: a pure function of (state, data, key) that
//! returns the effect to carry out, if any. Tested with key sequences, no
//! terminal. Writes happen only in the event loop, through the service.

use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent};

use super::data::{Data, RowRef};
use super::keymap::{self, Action, Scope};
use crate::dispatch::{self, Candidate, Wanted};
use crate::i18n::Lang;
use crate::sla::{EventKind, Level, Ts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Queues,
    Detail,
    Assign,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub zh: &'static str,
    pub en: &'static str,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Waive,
    SetLevel,
    Negotiated,
    /// The reason for voiding this entry.
    Void(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub ticket: i64,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
}

/// The new-ticket form. Field order: site, level, title, on-site, reported.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TicketForm {
    pub site_query: String,
    pub site_cursor: usize,
    pub level: String,
    pub title: String,
    pub onsite: bool,
    pub at: String,
    pub focus: usize,
    /// (field, message): shown beside the field; nothing is written.
    pub error: Option<(usize, String)>,
}

pub const FORM_FIELDS: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    Filter,
    Command(String),
    Help,
    EventMenu(usize),
    Prompt(Prompt),
    NewTicket(TicketForm),
    /// Section 7: a write that changes a deadline, a level or who is on a
    /// ticket is shown exactly as it will be recorded; Enter/y writes it,
    /// Esc cancels. The log is append-only, so this is the last way back.
    Confirm(Box<Confirm>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub effect: Effect,
    /// What will be written, in the user's language.
    pub text: String,
    /// For work events: who performed it (Tab cycles; the ticket's
    /// engineers first), and which one is picked.
    pub performers: Vec<String>,
    pub pick: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Assign {
        id: i64,
        engineer: String,
    },
    Unassign {
        id: i64,
        engineer: String,
    },
    Reassign {
        id: i64,
        engineer: String,
        others: Vec<String>,
    },
    Log {
        id: i64,
        kind: EventKind,
    },
    Open {
        site: String,
        level: Level,
        title: String,
        onsite: bool,
        at: Option<Ts>,
    },
}

/// The line a write is confirmed with, or `None` for writes that need no
/// confirmation (a note; a new ticket, confirmed by its own form).
pub fn confirmation(effect: &Effect, ctx: &Ctx, lang: Lang) -> Option<Confirm> {
    let performers = match effect {
        Effect::Log { id, kind } if crate::service::performed_by_default(kind) => {
            let mut names: Vec<String> = ctx
                .data
                .row_by_id(*id)
                .map(|r| r.ticket.assignees().iter().map(|s| s.to_string()).collect())
                .unwrap_or_default();
            // Nobody on the ticket: by default no performer is named (the
            // operator did it); Tab names one.
            if names.is_empty() {
                names.push(String::new());
            }
            for e in &ctx.data.engineers {
                if e.role.tier().is_some() && !names.contains(&e.name) {
                    names.push(e.name.clone());
                }
            }
            names
        }
        _ => Vec::new(),
    };
    let text = confirm_text(effect, ctx, lang, performers.first().map(String::as_str))?;
    Some(Confirm {
        effect: effect.clone(),
        text,
        performers,
        pick: 0,
    })
}

fn confirm_text(effect: &Effect, ctx: &Ctx, lang: Lang, performer: Option<&str>) -> Option<String> {
    let row = |id: i64| ctx.data.row_by_id(id);
    let at = crate::time::when(ctx.data.now, ctx.data.now, ctx.tz);
    let ok = lang.pick_str("Enter/y 确认 · Esc 取消", "Enter/y confirm · Esc cancel");
    let text = match effect {
        Effect::Log {
            kind: EventKind::Note,
            ..
        }
        | Effect::Open { .. } => return None,
        Effect::Log {
            id,
            kind: kind @ EventKind::Void { event, .. },
        } => {
            let what = row(*id)
                .and_then(|r| {
                    r.ticket
                        .entry(*event)
                        .map(|(e, _)| lang.event_words(&e.kind))
                })
                .unwrap_or_else(|| "?".into());
            format!("#{id} {} (#{event} {what}) · {at}", lang.event_words(kind))
        }
        Effect::Log { id, kind } => {
            let performer = performer
                .map(|p| if p.is_empty() { "—" } else { p })
                .map(|p| {
                    format!(
                        " · {} {p} ({})",
                        lang.pick_str("执行", "by"),
                        lang.pick_str("Tab 换人", "Tab: other")
                    )
                })
                .unwrap_or_default();
            format!(
                "{} #{id} {} · {at}{performer}",
                lang.pick_str("记录", "log"),
                lang.event_words(kind)
            )
        }
        Effect::Assign { id, engineer } => format!(
            "#{id} {} {engineer} · {at}",
            lang.pick_str("指派", "assign")
        ),
        Effect::Unassign { id, engineer } => format!(
            "#{id} {} {engineer} · {at}",
            lang.pick_str("取消指派", "unassign")
        ),
        Effect::Reassign {
            id,
            engineer,
            others,
        } => format!(
            "#{id} {} {engineer}, {} {} · {at}",
            lang.pick_str("改派给", "reassign to"),
            lang.pick_str("移除", "removing"),
            if others.is_empty() {
                "—".to_string()
            } else {
                others.join(", ")
            }
        ),
    };
    Some(format!("{text} — {ok}"))
}

pub struct State {
    pub lang: Lang,
    pub pane: Pane,
    pub mode: Mode,
    /// Selection follows the ticket, not a row number, across refreshes.
    pub selected: Option<i64>,
    pub assign_cursor: usize,
    pub detail_scroll: usize,
    pub filter: String,
    pub message: Option<Message>,
    pub quit: bool,
    /// After an assignment the cursor follows this engineer in the re-ranked list.
    pub follow: Option<String>,
    /// A problem the screen keeps showing until it is over (raises that
    /// could not be recorded: locked, read-only, disk full).
    pub banner: Option<String>,
    /// Who performed the confirmed work event (picked on the confirmation
    /// line); taken by the loop with the effect it goes with.
    pub performer: Option<String>,
}

/// What `update` may read besides the state.
pub struct Ctx<'a> {
    pub data: &'a Data,
    pub speed_kmh: f64,
    pub tz: Tz,
}

/// Events on the `e` menu: (name, zh, en, needs a prompt).
pub const EVENTS: &[(&str, &str, &str, Option<PromptKind>)] = &[
    ("responded", "已响应 (接单)", "responded (took it)", None),
    ("expert_engaged", "专家已响应", "expert engaged", None),
    ("process_started", "已启动服务流程", "process started", None),
    (
        "director_engaged",
        "技术总监已响应",
        "director engaged",
        None,
    ),
    ("onsite_required", "需要到场", "on-site required", None),
    ("arrived", "已到达现场", "arrived on site", None),
    (
        "hardware_wait",
        "等待硬件 (暂停恢复计时)",
        "waiting for hardware",
        None,
    ),
    ("hardware_ready", "硬件就绪", "hardware ready", None),
    ("restored", "已恢复", "restored", None),
    (
        "waive",
        "协商不升级…",
        "waive the raise…",
        Some(PromptKind::Waive),
    ),
    (
        "set_level",
        "调整故障等级…",
        "set level…",
        Some(PromptKind::SetLevel),
    ),
    (
        "negotiated",
        "协商到场时限…",
        "negotiated deadline…",
        Some(PromptKind::Negotiated),
    ),
    ("closed", "结单", "close", None),
];

/// A payload-free event for the menu and `:log`. A bare note has no text
/// to carry here, so the console does not offer it.
pub fn simple_event(name: &str) -> Option<EventKind> {
    EventKind::plain(name).filter(|k| *k != EventKind::Note)
}

fn matches_filter(r: &RowRef, filter: &str) -> bool {
    if filter.is_empty() {
        return true;
    }
    let f = filter.to_lowercase();
    let hay = [
        r.ticket.id.to_string(),
        r.site.name.clone(),
        r.ticket.title.to_lowercase(),
        r.ticket.assignees().join(" "),
    ];
    hay.iter().any(|h| h.contains(&f))
}

impl State {
    pub fn new(lang: Lang) -> State {
        State {
            lang,
            pane: Pane::Queues,
            mode: Mode::Normal,
            selected: None,
            assign_cursor: 0,
            detail_scroll: 0,
            filter: String::new(),
            message: None,
            quit: false,
            follow: None,
            banner: None,
            performer: None,
        }
    }

    /// Row indices shown in the queues: by level (1 first), then by time
    /// left, filtered.
    pub fn visible(&self, data: &Data) -> Vec<usize> {
        let mut out: Vec<usize> = (0..data.rows.len())
            .filter(|&i| {
                data.row(i)
                    .is_some_and(|r| matches_filter(&r, &self.filter))
            })
            .collect();
        out.sort_by_key(|&i| data.row(i).map_or(4, |r| r.level().number()));
        out
    }

    /// The selected row, falling back to the most urgent visible one.
    /// Asked several times a frame, so no sort: rows are already in urgency
    /// order, and the first of the most severe level is the first visible.
    pub fn current<'d>(&self, data: &'d Data) -> Option<RowRef<'d>> {
        let selected = self
            .selected
            .and_then(|id| data.row_by_id(id))
            .filter(|r| matches_filter(r, &self.filter));
        selected.or_else(|| {
            data.rows()
                .filter(|r| matches_filter(r, &self.filter))
                .min_by_key(|r| r.level().number())
        })
    }

    /// After a write and reload: the assignment cursor stays on the engineer
    /// just assigned or unassigned, wherever the re-ranking put them.
    pub fn follow_up(&mut self, ctx: &Ctx) {
        if let Some(name) = self.follow.take() {
            if let Some(i) = self
                .candidates(ctx)
                .iter()
                .position(|c| c.engineer.name == name)
            {
                self.assign_cursor = i;
            }
        }
    }

    pub fn candidates<'d>(&self, ctx: &Ctx<'d>) -> Vec<Candidate<'d>> {
        let Some(row) = self.current(ctx.data) else {
            return Vec::new();
        };
        let Some(view) = row.ok() else {
            return Vec::new();
        };
        let wanted = Wanted {
            ticket: row.ticket,
            site: row.site,
            view,
        };
        dispatch::candidates(
            &wanted,
            &ctx.data.engineers,
            &ctx.data.offices,
            &ctx.data.board,
            ctx.speed_kmh,
            ctx.data.now,
        )
    }

    fn say(&mut self, text: impl Into<String>, error: bool) {
        self.message = Some(Message {
            text: text.into(),
            error,
        });
    }

    pub fn scope(&self) -> Scope {
        match self.pane {
            Pane::Assign => Scope::Assign,
            Pane::Detail => Scope::Detail,
            Pane::Queues => Scope::Queues,
        }
    }

    /// The timeline entry the detail pane points at: the newest one shown,
    /// moved back by scrolling (index into the ticket's log).
    pub fn selected_entry(&self, ticket: &crate::store::Ticket) -> Option<usize> {
        ticket.events.len().checked_sub(1 + self.detail_scroll)
    }

    fn move_selection(&mut self, data: &Data, delta: i64) {
        let visible = self.visible(data);
        if visible.is_empty() {
            self.selected = None;
            return;
        }
        let ids: Vec<i64> = visible
            .iter()
            .filter_map(|&i| data.row(i).map(|r| r.ticket.id))
            .collect();
        let at = self
            .current(data)
            .and_then(|r| ids.iter().position(|&id| id == r.ticket.id))
            .unwrap_or(0) as i64;
        let next = (at + delta).clamp(0, ids.len() as i64 - 1) as usize;
        self.selected = Some(ids[next]);
        self.assign_cursor = 0;
        self.detail_scroll = 0;
    }

    /// One key. Returns the write to carry out, if the key asks for one
    /// (after its confirmation, where it needs one).
    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Option<Effect> {
        if keymap::is_interrupt(&key) {
            self.quit = true;
            return None;
        }
        if !matches!(self.mode, Mode::Confirm(_)) {
            let effect = self.on_key_inner(ctx, key)?;
            return match confirmation(&effect, ctx, self.lang) {
                Some(c) => {
                    self.mode = Mode::Confirm(Box::new(c));
                    None
                }
                None => Some(effect),
            };
        }
        if let Mode::Confirm(mut c) = std::mem::replace(&mut self.mode, Mode::Normal) {
            return match key.code {
                KeyCode::Enter | KeyCode::Char('y') | KeyCode::Char('Y') => {
                    self.performer = c.performers.get(c.pick).filter(|p| !p.is_empty()).cloned();
                    Some(c.effect)
                }
                KeyCode::Tab if !c.performers.is_empty() => {
                    c.pick = (c.pick + 1) % c.performers.len();
                    let who = c.performers.get(c.pick).map(String::as_str);
                    if let Some(text) = confirm_text(&c.effect, ctx, self.lang, who) {
                        c.text = text;
                    }
                    self.mode = Mode::Confirm(c);
                    None
                }
                KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('N') => {
                    self.say(
                        self.lang
                            .pick_str("已取消, 未写入", "cancelled, nothing written"),
                        false,
                    );
                    None
                }
                _ => {
                    self.mode = Mode::Confirm(c);
                    None
                }
            };
        }
        None
    }

    fn on_key_inner(&mut self, ctx: &Ctx, key: KeyEvent) -> Option<Effect> {
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Confirm(c) => {
                self.mode = Mode::Confirm(c);
                None
            }
            Mode::Normal => self.normal(ctx, key.code),
            Mode::Help => {
                if !matches!(
                    key.code,
                    KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter
                ) {
                    self.mode = Mode::Help;
                }
                None
            }
            Mode::Filter => {
                match key.code {
                    KeyCode::Esc => self.filter.clear(),
                    KeyCode::Enter => {}
                    KeyCode::Backspace => {
                        self.filter.pop();
                        self.mode = Mode::Filter;
                    }
                    KeyCode::Char(c) => {
                        self.filter.push(c);
                        self.mode = Mode::Filter;
                    }
                    _ => self.mode = Mode::Filter,
                }
                None
            }
            Mode::Command(line) => self.command_key(ctx, line, key.code),
            Mode::EventMenu(cursor) => self.event_menu_key(ctx, cursor, key.code),
            Mode::Prompt(p) => self.prompt_key(ctx, p, key.code),
            Mode::NewTicket(f) => self.form_key(ctx, f, key.code),
        }
    }

    fn normal(&mut self, ctx: &Ctx, code: KeyCode) -> Option<Effect> {
        let action = keymap::lookup(code, self.scope())?;
        let lang = self.lang;
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.mode = Mode::Help,
            Action::Filter => self.mode = Mode::Filter,
            Action::Command => self.mode = Mode::Command(String::new()),
            Action::Back => {
                if self.pane != Pane::Queues {
                    self.pane = Pane::Queues;
                } else {
                    self.filter.clear();
                }
                self.message = None;
            }
            Action::NextPane | Action::PrevPane => {
                let order = [Pane::Queues, Pane::Detail, Pane::Assign];
                let i = order.iter().position(|p| *p == self.pane).unwrap_or(0);
                let step = if action == Action::NextPane { 1 } else { 2 };
                self.pane = order[(i + step) % 3];
            }
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => {
                let delta = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -10,
                    Action::PageDown => 10,
                    Action::Top => -100_000,
                    _ => 100_000,
                };
                match self.pane {
                    Pane::Queues => self.move_selection(ctx.data, delta),
                    // Newest at the bottom: up goes back in time, `g` to
                    // the oldest entry, `G` to the newest.
                    Pane::Detail => {
                        let last = self
                            .current(ctx.data)
                            .map_or(0, |r| r.ticket.events.len().saturating_sub(1));
                        self.detail_scroll =
                            (self.detail_scroll as i64 - delta).clamp(0, last as i64) as usize
                    }
                    Pane::Assign => {
                        let n = self.candidates(ctx).len() as i64;
                        self.assign_cursor =
                            (self.assign_cursor as i64 + delta).clamp(0, (n - 1).max(0)) as usize;
                    }
                }
            }
            Action::Enter => {
                if self.current(ctx.data).is_some() {
                    self.pane = Pane::Assign;
                    self.assign_cursor = 0;
                }
            }
            Action::Void => {
                let row = self.current(ctx.data)?;
                let i = self.selected_entry(row.ticket)?;
                let (e, m) = (&row.ticket.events[i], &row.ticket.meta[i]);
                let refusal = match e.kind {
                    EventKind::Raised { .. } | EventKind::RaiseRetracted { .. } => {
                        Some(lang.pick_str(
                            "自动升级记录不能作废, 请作废引起它的记录",
                            "a derived raise cannot be voided; void the entry that caused it",
                        ))
                    }
                    EventKind::Void { .. } => {
                        Some(lang.pick_str("更正记录不能再作废", "a correction cannot be voided"))
                    }
                    _ if m.voided_by.is_some() => {
                        Some(lang.pick_str("该记录已作废", "that entry is already voided"))
                    }
                    _ => None,
                };
                if let Some(r) = refusal {
                    self.say(r, true);
                    return None;
                }
                self.mode = Mode::Prompt(Prompt {
                    kind: PromptKind::Void(m.id),
                    ticket: row.ticket.id,
                    fields: vec![Field {
                        zh: "作废原因",
                        en: "reason",
                        value: String::new(),
                    }],
                    focus: 0,
                    error: None,
                });
            }
            Action::Assign | Action::Unassign | Action::Reassign => {
                let row = self.current(ctx.data)?;
                let id = row.ticket.id;
                let assigned: Vec<String> = row
                    .ticket
                    .assignees()
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
                let cands = self.candidates(ctx);
                let Some(c) = cands.get(self.assign_cursor) else {
                    self.say(
                        lang.pick_str("没有可指派的工程师", "no engineer to assign"),
                        true,
                    );
                    return None;
                };
                let engineer = c.engineer.name.clone();
                return match action {
                    Action::Assign if c.assigned => {
                        self.say(
                            format!(
                                "{engineer} {}",
                                lang.pick_str("已在此工单", "is already on this ticket")
                            ),
                            true,
                        );
                        None
                    }
                    Action::Assign => Some(Effect::Assign { id, engineer }),
                    Action::Unassign if !c.assigned => {
                        self.say(
                            format!(
                                "{engineer} {}",
                                lang.pick_str("未指派到此工单", "is not on this ticket")
                            ),
                            true,
                        );
                        None
                    }
                    Action::Unassign => Some(Effect::Unassign { id, engineer }),
                    _ => Some(Effect::Reassign {
                        id,
                        others: assigned.into_iter().filter(|n| *n != engineer).collect(),
                        engineer,
                    }),
                };
            }
            Action::EventMenu => {
                if self.current(ctx.data).is_some() {
                    self.mode = Mode::EventMenu(0);
                }
            }
            Action::NewTicket => {
                self.mode = Mode::NewTicket(TicketForm {
                    level: "2".into(),
                    ..TicketForm::default()
                })
            }
        }
        None
    }

    fn event_menu_key(&mut self, ctx: &Ctx, cursor: usize, code: KeyCode) -> Option<Effect> {
        match code {
            KeyCode::Esc | KeyCode::Char('q') => None,
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

    fn prompt_key(&mut self, ctx: &Ctx, mut p: Prompt, code: KeyCode) -> Option<Effect> {
        let lang = self.lang;
        match code {
            KeyCode::Esc => return None,
            KeyCode::Tab | KeyCode::Down => p.focus = (p.focus + 1) % p.fields.len(),
            KeyCode::BackTab | KeyCode::Up => {
                p.focus = (p.focus + p.fields.len() - 1) % p.fields.len()
            }
            KeyCode::Backspace => {
                p.fields[p.focus].value.pop();
            }
            KeyCode::Char(c) => p.fields[p.focus].value.push(c),
            KeyCode::Enter => {
                let v = |i: usize| p.fields[i].value.trim().to_string();
                let built = match p.kind {
                    PromptKind::Waive if v(0).is_empty() || v(1).is_empty() => Err(lang
                        .pick_str("请填写同意人和原因", "who agreed and why are both needed")
                        .to_string()),
                    PromptKind::Waive => Ok(EventKind::Waived {
                        agreed_by: v(0),
                        reason: v(1),
                    }),
                    PromptKind::SetLevel => {
                        match v(0).parse::<i64>().ok().and_then(|n| Level::new(n).ok()) {
                            None => Err(lang
                                .pick_str("等级须为 1-4", "level must be 1-4")
                                .to_string()),
                            Some(_) if v(1).is_empty() => Err(lang
                                .pick_str("请填写原因", "a reason is needed")
                                .to_string()),
                            Some(level) => Ok(EventKind::SetLevel {
                                level,
                                reason: v(1),
                            }),
                        }
                    }
                    PromptKind::Negotiated => match crate::time::parse(&v(0), ctx.tz) {
                        Ok(deadline) => Ok(EventKind::Negotiated { deadline }),
                        Err(e) => Err(e.to_string()),
                    },
                    PromptKind::Void(_) if v(0).is_empty() => Err(lang
                        .pick_str("请填写作废原因", "a reason is needed")
                        .to_string()),
                    PromptKind::Void(event) => Ok(EventKind::Void {
                        event,
                        reason: crate::text::clean(&v(0)),
                    }),
                };
                match built {
                    Ok(kind) => {
                        let id = p.ticket;
                        // Kept open until the write succeeds, so a refusal shows here.
                        self.mode = Mode::Prompt(p);
                        return Some(Effect::Log { id, kind });
                    }
                    Err(e) => p.error = Some(e),
                }
            }
            _ => {}
        }
        self.mode = Mode::Prompt(p);
        None
    }

    /// Sites matching the form's query (CJK by substring, or pinyin-free
    /// prefix of the name), in list order.
    pub fn site_matches<'d>(&self, data: &'d Data, query: &str) -> Vec<&'d crate::store::Site> {
        let q = query.trim().to_lowercase();
        data.sites
            .iter()
            .filter(|s| {
                q.is_empty()
                    || s.name.to_lowercase().contains(&q)
                    || s.city.as_deref().is_some_and(|c| c.contains(&q))
            })
            .collect()
    }

    fn form_key(&mut self, ctx: &Ctx, mut f: TicketForm, code: KeyCode) -> Option<Effect> {
        let lang = self.lang;
        match code {
            KeyCode::Esc => return None,
            KeyCode::Tab => f.focus = (f.focus + 1) % FORM_FIELDS,
            KeyCode::BackTab => f.focus = (f.focus + FORM_FIELDS - 1) % FORM_FIELDS,
            KeyCode::Up if f.focus == 0 => f.site_cursor = f.site_cursor.saturating_sub(1),
            KeyCode::Down if f.focus == 0 => f.site_cursor += 1,
            KeyCode::Up => f.focus = f.focus.saturating_sub(1),
            KeyCode::Down => f.focus = (f.focus + 1).min(FORM_FIELDS - 1),
            KeyCode::Char(' ') if f.focus == 3 => f.onsite = !f.onsite,
            KeyCode::Char('y') if f.focus == 3 => f.onsite = true,
            KeyCode::Char('n') if f.focus == 3 => f.onsite = false,
            KeyCode::Backspace => {
                match f.focus {
                    0 => {
                        f.site_query.pop();
                        f.site_cursor = 0;
                    }
                    1 => {
                        f.level.pop();
                    }
                    2 => {
                        f.title.pop();
                    }
                    4 => {
                        f.at.pop();
                    }
                    _ => {}
                };
            }
            KeyCode::Char(c) => match f.focus {
                0 => {
                    f.site_query.push(c);
                    f.site_cursor = 0;
                }
                1 => f.level.push(c),
                2 => f.title.push(c),
                4 => f.at.push(c),
                _ => {}
            },
            KeyCode::Enter => {
                let sites = self.site_matches(ctx.data, &f.site_query);
                f.error = None;
                let site = sites
                    .get(f.site_cursor.min(sites.len().saturating_sub(1)))
                    .map(|s| s.name.clone());
                let level = f
                    .level
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .and_then(|n| Level::new(n).ok());
                let at = if f.at.trim().is_empty() {
                    Ok(None)
                } else {
                    crate::time::parse(&f.at, ctx.tz).map(Some)
                };
                match (site, level, f.title.trim().is_empty(), at) {
                    (None, ..) => {
                        f.error =
                            Some((0, lang.pick_str("没有匹配的站点", "no site matches").into()))
                    }
                    (_, None, ..) => {
                        f.error =
                            Some((1, lang.pick_str("等级须为 1-4", "level must be 1-4").into()))
                    }
                    (_, _, true, _) => {
                        f.error = Some((
                            2,
                            lang.pick_str("请填写故障标题", "a title is needed").into(),
                        ))
                    }
                    (_, _, _, Err(e)) => f.error = Some((4, e.to_string())),
                    (Some(site), Some(level), false, Ok(at)) => {
                        let effect = Effect::Open {
                            site,
                            level,
                            title: f.title.trim().to_string(),
                            onsite: f.onsite,
                            at,
                        };
                        self.mode = Mode::NewTicket(f);
                        return Some(effect);
                    }
                }
            }
            _ => {}
        }
        if f.focus == 0 {
            let n = self.site_matches(ctx.data, &f.site_query).len();
            f.site_cursor = f.site_cursor.min(n.saturating_sub(1));
        }
        self.mode = Mode::NewTicket(f);
        None
    }

    fn command_key(&mut self, ctx: &Ctx, mut line: String, code: KeyCode) -> Option<Effect> {
        match code {
            KeyCode::Esc => None,
            KeyCode::Backspace => {
                line.pop();
                self.mode = Mode::Command(line);
                None
            }
            KeyCode::Tab => {
                self.mode = Mode::Command(complete(&line, ctx.data));
                None
            }
            KeyCode::Char(c) => {
                line.push(c);
                self.mode = Mode::Command(line);
                None
            }
            KeyCode::Enter => self.run_command(ctx, &line),
            _ => {
                self.mode = Mode::Command(line);
                None
            }
        }
    }

    fn run_command(&mut self, ctx: &Ctx, line: &str) -> Option<Effect> {
        let lang = self.lang;
        let words: Vec<&str> = line.split_whitespace().collect();
        let id = |i: usize| {
            words
                .get(i)
                .and_then(|w| w.trim_start_matches('#').parse::<i64>().ok())
        };
        match words.as_slice() {
            [] => None,
            ["q" | "quit" | "q!"] => {
                self.quit = true;
                None
            }
            ["help"] => {
                self.mode = Mode::Help;
                None
            }
            ["lang", l] => {
                match Lang::pick(Some(l)) {
                    Ok(new) => self.lang = new,
                    Err(e) => self.say(e.0, true),
                }
                None
            }
            ["open", _] => {
                match id(1).and_then(|i| ctx.data.row_by_id(i)) {
                    Some(r) => {
                        self.filter.clear();
                        self.selected = Some(r.ticket.id);
                    }
                    None => self.say(
                        format!(
                            "{} {}",
                            lang.pick_str("没有未结工单", "no open ticket"),
                            words[1]
                        ),
                        true,
                    ),
                }
                None
            }
            ["assign" | "unassign", _, name] => {
                let Some(id) = id(1) else {
                    self.say(
                        format!(
                            "{} {}",
                            lang.pick_str("工单号无效:", "bad ticket number:"),
                            words[1]
                        ),
                        true,
                    );
                    return None;
                };
                let engineer = name.to_string();
                Some(if words[0] == "assign" {
                    Effect::Assign { id, engineer }
                } else {
                    Effect::Unassign { id, engineer }
                })
            }
            // Section 7: a correction, appended; the detail shows entry numbers.
            ["void", _, entry, reason @ ..] if !reason.is_empty() => {
                let target = entry.trim_start_matches('#').parse::<i64>().ok();
                let (Some(id), Some(event)) = (id(1), target) else {
                    self.say(
                        format!("{}: {line}", lang.pick_str("无法作废", "cannot void")),
                        true,
                    );
                    return None;
                };
                Some(Effect::Log {
                    id,
                    kind: EventKind::Void {
                        event,
                        reason: crate::text::clean(&reason.join(" ")),
                    },
                })
            }
            ["void", ..] => {
                self.say(
                    lang.pick_str(
                        "用法: void 工单号 条目号 原因",
                        "usage: void TICKET ENTRY REASON",
                    ),
                    true,
                );
                None
            }
            ["log", _, event] => {
                let (Some(id), Some(kind)) = (id(1), simple_event(event)) else {
                    self.say(
                        format!("{}: {line}", lang.pick_str("无法记录", "cannot log")),
                        true,
                    );
                    return None;
                };
                Some(Effect::Log { id, kind })
            }
            _ => {
                self.say(
                    format!(
                        "{}: {line}",
                        lang.pick_str(
                            "未知命令 (Tab 补全, :help)",
                            "unknown command (Tab completes, :help)"
                        )
                    ),
                    true,
                );
                None
            }
        }
    }

    /// The outcome of an effect the loop carried out.
    pub fn done(&mut self, effect: &Effect, result: Result<Option<i64>, String>) {
        let lang = self.lang;
        match (result, effect) {
            (Ok(new_id), Effect::Open { .. }) => {
                self.mode = Mode::Normal;
                self.selected = new_id;
                self.filter.clear();
                self.say(
                    format!(
                        "{} #{}",
                        lang.pick_str("已开单", "opened"),
                        new_id.unwrap_or_default()
                    ),
                    false,
                );
            }
            (Ok(_), e) => {
                self.mode = Mode::Normal;
                if let Effect::Assign { engineer, .. }
                | Effect::Reassign { engineer, .. }
                | Effect::Unassign { engineer, .. } = e
                {
                    self.follow = Some(engineer.clone());
                }
                let text = match e {
                    Effect::Assign { id, engineer } | Effect::Reassign { id, engineer, .. } => {
                        format!(
                            "#{id} {} {engineer}",
                            lang.pick_str("已指派", "assigned to")
                        )
                    }
                    Effect::Unassign { id, engineer } => format!(
                        "#{id} {} {engineer}",
                        lang.pick_str("已取消指派", "unassigned")
                    ),
                    Effect::Log { id, kind } => format!(
                        "#{id} {} {}",
                        lang.pick_str("已记录", "logged"),
                        kind.name()
                    ),
                    Effect::Open { .. } => String::new(),
                };
                self.say(text, false);
            }
            (Err(msg), _) => match &mut self.mode {
                Mode::NewTicket(f) => f.error = Some((0, msg)),
                Mode::Prompt(p) => p.error = Some(msg),
                _ => self.say(msg, true),
            },
        }
    }
}

/// `:` completion: the command word, then engineer names or event names.
fn complete(line: &str, data: &Data) -> String {
    let words: Vec<&str> = line.split(' ').collect();
    let last = words.last().copied().unwrap_or("");
    let options: Vec<String> = match words.len() {
        1 => keymap::COMMANDS.iter().map(|c| c.0.to_string()).collect(),
        3 if matches!(words[0], "assign" | "unassign") => {
            data.engineers.iter().map(|e| e.name.clone()).collect()
        }
        3 if words[0] == "log" => EVENTS
            .iter()
            .filter(|e| e.3.is_none())
            .map(|e| e.0.to_string())
            .collect(),
        _ => Vec::new(),
    };
    let hits: Vec<&String> = options.iter().filter(|o| o.starts_with(last)).collect();
    let Some(first) = hits.first() else {
        return line.to_string();
    };
    // The longest common prefix of all hits; a unique hit gets a space.
    let mut prefix: String = first.to_string();
    for h in &hits[1..] {
        let common = prefix
            .chars()
            .zip(h.chars())
            .take_while(|(a, b)| a == b)
            .count();
        prefix = prefix.chars().take(common).collect();
    }
    let head = &line[..line.len() - last.len()];
    if hits.len() == 1 {
        format!("{head}{prefix} ")
    } else {
        format!("{head}{prefix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testing::{demo, press, state, Desk};

    #[test]
    fn the_most_urgent_line_of_the_most_severe_level_is_selected_first() {
        let desk = demo();
        let s = state();
        let first = s.current(&desk.data).unwrap();
        assert_eq!(first.level().number(), 1);
        assert_eq!(
            first.ticket.title, "数据损毁告警",
            "the breached level-1 ticket"
        );
    }

    #[test]
    fn j_and_k_walk_the_queues_in_level_order() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, "j");
        assert_eq!(
            s.current(&desk.data).unwrap().ticket.title,
            "阵列控制器离线"
        );
        press(&mut s, &desk, "j");
        assert_eq!(
            s.current(&desk.data).unwrap().level().number(),
            2,
            "after level 1 comes level 2"
        );
        press(&mut s, &desk, "kkkkkk");
        assert_eq!(
            s.current(&desk.data).unwrap().ticket.title,
            "数据损毁告警",
            "stops at the top"
        );
        press(&mut s, &desk, "G");
        assert_eq!(s.current(&desk.data).unwrap().level().number(), 4);
    }

    #[test]
    fn enter_opens_the_assign_pane_and_enter_again_assigns_the_best_candidate() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, "j");
        let effects = press(&mut s, &desk, "<Enter>");
        assert!(effects.is_empty());
        assert_eq!(s.pane, Pane::Assign);
        let best = s.candidates(&desk.ctx())[0].engineer.name.clone();
        assert!(press(&mut s, &desk, "<Enter>").is_empty(), "confirm first");
        let Mode::Confirm(c) = &s.mode else {
            panic!("{:?}", s.mode)
        };
        assert!(c.text.contains(&format!("#1001 指派 {best}")), "{}", c.text);
        let effects = press(&mut s, &desk, "y");
        assert_eq!(
            effects,
            vec![Effect::Assign {
                id: 1001,
                engineer: best
            }]
        );
    }

    #[test]
    fn after_an_assignment_the_cursor_stays_on_the_same_engineer() {
        let mut desk = demo();
        let mut s = state();
        press(&mut s, &desk, "j<Enter>");
        let cands = s.candidates(&desk.ctx());
        let pick = cands.len() - 1;
        let name = cands[pick].engineer.name.clone();
        s.assign_cursor = pick;
        let effects = press(&mut s, &desk, "ay");
        assert_eq!(effects.len(), 1, "{:?}", s.message);
        let entry = crate::store::Entry {
            by: Some("周婷"),
            ..Default::default()
        };
        let r = crate::service::assign(
            &mut desk.store,
            &desk.rules,
            1001,
            &name,
            entry,
            crate::tui::testing::now(),
        )
        .map(|_| None)
        .map_err(|e| e.to_string());
        s.done(&effects[0], r);
        desk.data.reload(&desk.store, &desk.rules).unwrap();
        s.follow_up(&desk.ctx());
        let after = s.candidates(&desk.ctx());
        assert_eq!(after[s.assign_cursor].engineer.name, name);
    }

    #[test]
    fn the_command_line_voids_an_entry_after_showing_what_it_corrects() {
        let desk = demo();
        let mut s = state();
        let row = desk.data.row_by_id(1002).unwrap();
        let (entry, _) = row
            .ticket
            .events
            .iter()
            .zip(&row.ticket.meta)
            .find(|(e, _)| e.kind == EventKind::Responded)
            .map(|(e, m)| (m.id, e.clone()))
            .unwrap();
        assert!(press(
            &mut s,
            &desk,
            &format!(":void 1002 {entry} 记错工单<Enter>")
        )
        .is_empty());
        let text = confirms_void_of_1002(&mut s, &desk, entry, "记错工单");
        assert!(
            text.contains(&format!("作废 #{entry} · 记错工单")) && text.contains("已响应"),
            "{text}"
        );
    }

    #[test]
    fn x_in_the_detail_pane_voids_the_selected_entry_after_a_reason_and_a_confirmation() {
        let desk = demo();
        let mut s = state();
        // Detail of #1002; scroll back to its `responded` entry.
        press(&mut s, &desk, "<Tab>");
        let t = desk.data.row_by_id(1002).unwrap().ticket;
        let back = t.events.len()
            - 1
            - t.events
                .iter()
                .position(|e| e.kind == EventKind::Responded)
                .unwrap();
        press(&mut s, &desk, &"k".repeat(back));
        let i = s.selected_entry(t).unwrap();
        assert_eq!(t.events[i].kind, EventKind::Responded);
        let entry = t.meta[i].id;
        assert!(press(&mut s, &desk, "x").is_empty());
        assert!(matches!(&s.mode, Mode::Prompt(p) if p.kind == PromptKind::Void(entry)));
        assert!(
            press(&mut s, &desk, "<Enter>").is_empty(),
            "a reason is needed"
        );
        assert!(
            press(&mut s, &desk, "记错<Enter>").is_empty(),
            "then the confirmation"
        );
        let text = confirms_void_of_1002(&mut s, &desk, entry, "记错");
        assert!(text.contains(&format!("作废 #{entry}")), "{text}");
    }

    /// On the confirmation line of a void of #1002's entry `entry`: `y`
    /// logs exactly that void. Returns the line the dispatcher read.
    fn confirms_void_of_1002(s: &mut State, desk: &Desk, entry: i64, reason: &str) -> String {
        let Mode::Confirm(c) = &s.mode else {
            panic!("{:?}", s.mode)
        };
        let text = c.text.clone();
        assert_eq!(
            press(s, desk, "y"),
            vec![Effect::Log {
                id: 1002,
                kind: EventKind::Void {
                    event: entry,
                    reason: reason.into()
                }
            }]
        );
        text
    }

    #[test]
    fn tab_on_the_confirmation_line_picks_who_performed_the_work() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, "e<Enter>");
        let Mode::Confirm(c) = &s.mode else {
            panic!("{:?}", s.mode)
        };
        assert_eq!(c.performers[0], "陈静", "the ticket's engineer first");
        let second = c.performers[1].clone();
        press(&mut s, &desk, "<Tab>");
        let Mode::Confirm(c) = &s.mode else {
            panic!("{:?}", s.mode)
        };
        assert!(c.text.contains(&format!("执行 {second}")), "{}", c.text);
        assert_eq!(press(&mut s, &desk, "y").len(), 1);
        assert_eq!(s.performer.as_deref(), Some(second.as_str()));
    }

    #[test]
    fn esc_on_the_confirmation_line_writes_nothing() {
        let desk = demo();
        let mut s = state();
        assert!(press(&mut s, &desk, "e<Enter><Esc>").is_empty());
        assert_eq!(s.mode, Mode::Normal);
        assert!(s
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("未写入")));
    }

    #[test]
    fn u_on_an_engineer_not_on_the_ticket_explains_and_writes_nothing() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, "<Enter>");
        let cands = s.candidates(&desk.ctx());
        let free = cands.iter().position(|c| !c.assigned).unwrap();
        s.assign_cursor = free;
        assert!(press(&mut s, &desk, "u").is_empty());
        assert!(s.message.as_ref().is_some_and(|m| m.error));
    }

    #[test]
    fn reassign_replaces_the_current_engineer() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, "<Enter>");
        let cands = s.candidates(&desk.ctx());
        let other = cands.iter().position(|c| !c.assigned && c.tier_ok).unwrap();
        s.assign_cursor = other;
        assert!(press(&mut s, &desk, "R").is_empty());
        let Mode::Confirm(c) = &s.mode else {
            panic!("{:?}", s.mode)
        };
        assert!(c.text.contains("移除 陈静"), "{}", c.text);
        let effects = press(&mut s, &desk, "<Enter>");
        let Effect::Reassign { others, .. } = &effects[0] else {
            panic!("{effects:?}")
        };
        assert_eq!(others, &vec!["陈静".to_string()]);
    }

    #[test]
    fn the_filter_narrows_by_cjk_site_and_esc_clears_it() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, "/南京<Enter>");
        let shown: Vec<String> = s
            .visible(&desk.data)
            .iter()
            .map(|&i| desk.data.row(i).unwrap().site.name.clone())
            .collect();
        assert!(
            !shown.is_empty() && shown.iter().all(|n| n == "南京机房"),
            "{shown:?}"
        );
        press(&mut s, &desk, "<Esc>");
        assert!(s.filter.is_empty());
        assert!(s.visible(&desk.data).len() > 10);
    }

    #[test]
    fn the_event_menu_logs_a_response_on_the_selected_ticket() {
        let desk = demo();
        let mut s = state();
        assert!(press(&mut s, &desk, "e<Enter>").is_empty());
        let Mode::Confirm(c) = &s.mode else {
            panic!("{:?}", s.mode)
        };
        assert!(c.text.starts_with("记录 #1002 已响应"), "{}", c.text);
        assert!(c.text.contains("执行 陈静"), "performer: {}", c.text);
        assert_eq!(
            press(&mut s, &desk, "y"),
            vec![Effect::Log {
                id: 1002,
                kind: EventKind::Responded
            }]
        );
    }

    #[test]
    fn a_waiver_asks_who_agreed_and_why_before_anything_is_written() {
        let desk = demo();
        let mut s = state();
        let down_to_waive = "j".repeat(9);
        assert!(press(&mut s, &desk, &format!("e{down_to_waive}<Enter>")).is_empty());
        assert!(matches!(
            s.mode,
            Mode::Prompt(Prompt {
                kind: PromptKind::Waive,
                ..
            })
        ));
        assert!(
            press(&mut s, &desk, "张总<Enter>").is_empty(),
            "no reason yet"
        );
        let Mode::Prompt(p) = &s.mode else { panic!() };
        assert!(p.error.is_some());
        let effects = press(&mut s, &desk, "<Tab>割接窗口<Enter>y");
        assert_eq!(
            effects,
            vec![Effect::Log {
                id: 1002,
                kind: EventKind::Waived {
                    agreed_by: "张总".into(),
                    reason: "割接窗口".into()
                }
            }]
        );
    }

    #[test]
    fn the_new_ticket_form_filters_sites_by_cjk_and_validates_inline() {
        let desk = demo();
        let mut s = state();
        // Site "宁波", level 7 (wrong), no title.
        let effects = press(&mut s, &desk, "n宁波<Tab><BS>7<Enter>");
        assert!(effects.is_empty());
        let Mode::NewTicket(f) = &s.mode else {
            panic!("{:?}", s.mode)
        };
        assert_eq!(
            f.error.as_ref().map(|e| e.0),
            Some(1),
            "the level field explains"
        );
        let effects = press(&mut s, &desk, "<BS>1<Tab>存储池离线<Tab> <Enter>");
        assert_eq!(
            effects,
            vec![Effect::Open {
                site: "宁波港数据中心".into(),
                level: Level::new(1).unwrap(),
                title: "存储池离线".into(),
                onsite: true,
                at: None
            }]
        );
    }

    #[test]
    fn a_refused_write_keeps_the_form_open_with_the_reason() {
        let desk = demo();
        let mut s = state();
        let effects = press(&mut s, &desk, "n宁波<Tab><BS>1<Tab>x<Enter>");
        s.done(&effects[0], Err("no holiday calendar for 2027".into()));
        let Mode::NewTicket(f) = &s.mode else {
            panic!()
        };
        assert!(f.error.as_ref().is_some_and(|e| e.1.contains("2027")));
    }

    #[test]
    fn the_command_line_assigns_with_completion() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, ":as<Tab>1013 王<Tab>");
        let Mode::Command(line) = &s.mode else {
            panic!()
        };
        assert_eq!(line, "assign 1013 王磊 ");
        assert_eq!(
            press(&mut s, &desk, "<Enter>y"),
            vec![Effect::Assign {
                id: 1013,
                engineer: "王磊".into()
            }]
        );
        press(&mut s, &desk, ":q<Enter>");
        assert!(s.quit);
    }

    #[test]
    fn question_mark_opens_help_and_esc_closes_it() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, "?");
        assert_eq!(s.mode, Mode::Help);
        press(&mut s, &desk, "<Esc>");
        assert_eq!(s.mode, Mode::Normal);
        press(&mut s, &desk, "q");
        assert!(s.quit);
    }

    #[test]
    fn ctrl_c_quits_from_inside_a_form() {
        let desk = demo();
        let mut s = state();
        press(&mut s, &desk, "n");
        let ctx = desk.ctx();
        s.on_key(
            &ctx,
            KeyEvent::new(KeyCode::Char('c'), crossterm::event::KeyModifiers::CONTROL),
        );
        assert!(s.quit);
    }
}
