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

/// What the console's body shows: the level queues (home), the project
/// managers' work, preventive jobs, or closed tickets. `1`–`4` switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Queues,
    Pm,
    Jobs,
    History,
}

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
    /// A note's text.
    Note,
    /// The customer's signed service opinion (closing needs one).
    Opinion,
    /// The project manager's follow-up: who, contact, outcome, rating.
    Followup,
    /// Which project manager approves service out of warranty.
    Approve,
    /// Who takes this preventive job.
    JobAssign(i64),
    /// A job done, with an optional note.
    JobDone(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub ticket: i64,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
}

/// The new-ticket form's fields, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormField {
    #[default]
    Site,
    Level,
    Title,
    Onsite,
    At,
    /// The project manager who approved service out of warranty (without
    /// one such a ticket opens held).
    ApprovedBy,
}

impl FormField {
    pub const ALL: [FormField; 6] = [
        FormField::Site,
        FormField::Level,
        FormField::Title,
        FormField::Onsite,
        FormField::At,
        FormField::ApprovedBy,
    ];

    /// The field `step` places on (wrapping).
    pub fn step(self, step: isize) -> FormField {
        let n = FormField::ALL.len() as isize;
        let i = FormField::ALL.iter().position(|f| *f == self).unwrap_or(0) as isize;
        FormField::ALL[(i + step).rem_euclid(n) as usize]
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TicketForm {
    pub site_query: String,
    pub site_cursor: usize,
    pub level: String,
    pub title: String,
    pub onsite: bool,
    pub at: String,
    pub approved_by: String,
    pub focus: FormField,
    /// (field, message): shown beside the field; nothing is written.
    pub error: Option<(FormField, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    Filter,
    Command(String),
    /// The help overlay over the mode it was opened from, which it lists
    /// first and returns to.
    Help(Box<Mode>),
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
        /// The entry's note (a note's whole point).
        note: Option<String>,
    },
    Open {
        site: String,
        level: Level,
        title: String,
        onsite: bool,
        at: Option<Ts>,
        approved_by: Option<String>,
    },
    /// An assignment the contract advises against, sent anyway: the reason
    /// is recorded with it (`:force ID NAME REASON`).
    ForceAssign {
        id: i64,
        engineer: String,
        reason: String,
    },
    AssignJob {
        id: i64,
        engineer: String,
    },
    FinishJob {
        id: i64,
        note: Option<String>,
    },
}

mod command;
mod confirm;
mod form;
mod keys;
mod menu;
mod normal;
mod prompt;

use confirm::confirm_text;
pub use confirm::confirmation;
pub use form::KEYS as FORM_KEYS;
pub use keys::{hint_line, ModeKey};
pub use menu::{offered, simple_event, MenuEntry, EVENTS};
pub use prompt::KEYS as PROMPT_KEYS;

pub struct State {
    pub lang: Lang,
    pub screen: Screen,
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
    /// The selected job on the jobs screen (index into `Data::jobs`).
    pub job_cursor: usize,
    /// The history screen was opened: the loop reads the closed tickets.
    pub history_wanted: bool,
    /// How far the help is scrolled (a small terminal cannot show it whole).
    pub help_scroll: u16,
}

/// What `update` may read besides the state.
pub struct Ctx<'a> {
    pub data: &'a Data,
    pub speed_kmh: f64,
    pub tz: Tz,
}

/// Number, site, title, engineer, or the reported date (`2026-11-27`,
/// `11-27`): what a dispatcher searches by.
fn matches_filter(r: &RowRef, filter: &str, tz: Tz) -> bool {
    if filter.is_empty() {
        return true;
    }
    let f = filter.to_lowercase();
    let hay = [
        r.ticket.id.to_string(),
        r.site.name.clone(),
        r.ticket.title.to_lowercase(),
        r.ticket.assignees().join(" "),
        r.ticket
            .reported_at
            .with_timezone(&tz)
            .format("%Y-%m-%d")
            .to_string(),
    ];
    hay.iter().any(|h| h.contains(&f))
}

/// Why a ticket is on the project managers' screen, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PmReason {
    /// Out of warranty: waits for a PM's approval before anyone is sent.
    Held,
    /// Restored: the follow-up (回访) is due.
    Followup,
    /// Restored: the customer's signed opinion is still missing.
    Opinion,
    /// Signed and followed up: ready to close.
    Close,
}

/// The project managers' work on `data`: (why, ticket), by reason, then
/// by the follow-up deadline or ticket number.
pub fn pm_items<'d>(data: &'d Data) -> Vec<(PmReason, RowRef<'d>)> {
    use crate::sla::Milestone;
    let mut out: Vec<(PmReason, RowRef<'d>)> = data
        .all_rows()
        .filter_map(|r| {
            let v = r.ok()?;
            if v.closed_at.is_some() {
                return None;
            }
            let followup_due = v
                .milestone(Milestone::Followup)
                .is_some_and(|m| m.met_at().is_none());
            let reason = if v.held {
                PmReason::Held
            } else if v.restored_at.is_none() {
                return None;
            } else if followup_due {
                PmReason::Followup
            } else if v.opinion_at.is_none() {
                PmReason::Opinion
            } else {
                PmReason::Close
            };
            Some((reason, r))
        })
        .collect();
    out.sort_by_key(|(why, r)| {
        let due = r
            .ok()
            .and_then(|v| v.milestone(crate::sla::Milestone::Followup))
            .and_then(|m| m.due());
        (*why, due, r.ticket.id)
    });
    out
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
            screen: Screen::Queues,
            job_cursor: 0,
            history_wanted: false,
            help_scroll: 0,
        }
    }

    /// Row indices shown in the queues: by level (1 first), then by time
    /// left, filtered.
    pub fn visible(&self, data: &Data) -> Vec<usize> {
        let mut out: Vec<usize> = (0..data.rows.len())
            .filter(|&i| {
                data.row(i)
                    .is_some_and(|r| matches_filter(&r, &self.filter, data.tz))
            })
            .collect();
        out.sort_by_key(|&i| data.row(i).map_or(4, |r| r.level().number()));
        out
    }

    /// The selected row, falling back to the most urgent visible one.
    /// Asked several times a frame, so no sort: rows are already in urgency
    /// order, and the first of the most severe level is the first visible.
    pub fn current<'d>(&self, data: &'d Data) -> Option<RowRef<'d>> {
        let shown = |r: &RowRef| matches_filter(r, &self.filter, data.tz);
        match self.screen {
            Screen::Queues => {
                let selected = self
                    .selected
                    .and_then(|id| data.row_by_id(id))
                    .filter(|r| shown(r));
                selected.or_else(|| {
                    data.rows()
                        .filter(|r| shown(r))
                        .min_by_key(|r| r.level().number())
                })
            }
            Screen::Pm => {
                let items: Vec<RowRef<'d>> = pm_items(data)
                    .into_iter()
                    .map(|(_, r)| r)
                    .filter(|r| shown(r))
                    .collect();
                let at = self
                    .selected
                    .and_then(|id| items.iter().position(|r| r.ticket.id == id))
                    .unwrap_or(0);
                items.into_iter().nth(at)
            }
            Screen::History => {
                let selected = self
                    .selected
                    .and_then(|id| data.history_rows().find(|r| r.ticket.id == id))
                    .filter(|r| shown(r));
                selected.or_else(|| data.history_rows().find(|r| shown(r)))
            }
            Screen::Jobs => None,
        }
    }

    /// The tickets listed on the current screen, in order (its selection
    /// moves through these).
    pub fn listed(&self, data: &Data) -> Vec<i64> {
        let shown = |r: &RowRef| matches_filter(r, &self.filter, data.tz);
        match self.screen {
            Screen::Queues => self
                .visible(data)
                .iter()
                .filter_map(|&i| data.row(i).map(|r| r.ticket.id))
                .collect(),
            Screen::Pm => pm_items(data)
                .into_iter()
                .filter(|(_, r)| shown(r))
                .map(|(_, r)| r.ticket.id)
                .collect(),
            Screen::History => data
                .history_rows()
                .filter(|r| shown(r))
                .map(|r| r.ticket.id)
                .collect(),
            Screen::Jobs => Vec::new(),
        }
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
        if self.screen == Screen::Jobs {
            return Scope::Jobs;
        }
        match self.pane {
            Pane::Assign => Scope::Assign,
            Pane::Detail => Scope::Detail,
            Pane::Queues => Scope::Queues,
        }
    }

    /// Switches the body to `screen`, its selection back at the top.
    pub(super) fn show(&mut self, screen: Screen) {
        if screen == Screen::History && self.screen != Screen::History {
            self.history_wanted = true;
        }
        self.screen = screen;
        self.pane = Pane::Queues;
        self.selected = None;
        self.detail_scroll = 0;
        self.assign_cursor = 0;
        self.message = None;
    }

    /// The selected job on the jobs screen.
    pub fn current_job<'d>(&self, data: &'d Data) -> Option<&'d crate::tui::data::JobRow> {
        data.jobs
            .get(self.job_cursor.min(data.jobs.len().saturating_sub(1)))
    }

    /// The timeline entry the detail pane points at: the newest one shown,
    /// moved back by scrolling (index into the ticket's log).
    pub fn selected_entry(&self, ticket: &crate::store::Ticket) -> Option<usize> {
        ticket.events.len().checked_sub(1 + self.detail_scroll)
    }

    fn move_selection(&mut self, data: &Data, delta: i64) {
        if self.screen == Screen::Jobs {
            let n = data.jobs.len() as i64;
            self.job_cursor = (self.job_cursor as i64 + delta).clamp(0, (n - 1).max(0)) as usize;
            return;
        }
        let ids = self.listed(data);
        if ids.is_empty() {
            self.selected = None;
            return;
        }
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
    /// The text field with the cursor: the form's focused field, the
    /// prompt's, or the command line.
    fn focused_text(&mut self) -> Option<&mut String> {
        match &mut self.mode {
            Mode::NewTicket(f) => match f.focus {
                FormField::Site => Some(&mut f.site_query),
                FormField::Level => Some(&mut f.level),
                FormField::Title => Some(&mut f.title),
                FormField::At => Some(&mut f.at),
                FormField::ApprovedBy => Some(&mut f.approved_by),
                FormField::Onsite => None,
            },
            Mode::Prompt(p) => p.fields.get_mut(p.focus).map(|f| &mut f.value),
            Mode::Command(line) => Some(line),
            _ => None,
        }
    }

    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Option<Effect> {
        if keymap::is_interrupt(&key) {
            self.quit = true;
            return None;
        }
        // F1 opens the help from any mode, over it; in the modes that take
        // text `?` is a character.
        if key.code == KeyCode::F(1) && !matches!(self.mode, Mode::Help(_)) {
            let from = std::mem::replace(&mut self.mode, Mode::Normal);
            self.mode = Mode::Help(Box::new(from));
            return None;
        }
        // Shell-style editing in whatever text field has the cursor; any
        // other control chord is not text.
        if key
            .modifiers
            .contains(crossterm::event::KeyModifiers::CONTROL)
        {
            if let KeyCode::Char(c) = key.code {
                if let Some(text) = self.focused_text() {
                    crate::text::edit(text, c);
                    if let Mode::NewTicket(f) = &mut self.mode {
                        f.site_cursor = 0;
                    }
                    return None;
                }
            }
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
                    // A prompt may have named the performer already (the PM).
                    if !c.performers.is_empty() {
                        self.performer =
                            c.performers.get(c.pick).filter(|p| !p.is_empty()).cloned();
                    }
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
                    self.performer = None;
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
            Mode::Help(from) => {
                // On a small terminal the help scrolls (the view clamps it).
                let step: i32 = match key.code {
                    KeyCode::Down | KeyCode::Char('j') => 1,
                    KeyCode::Up | KeyCode::Char('k') => -1,
                    KeyCode::PageDown | KeyCode::Char(' ') => 10,
                    KeyCode::PageUp => -10,
                    KeyCode::Home | KeyCode::Char('g') => -1000,
                    _ => 0,
                };
                self.help_scroll = (i32::from(self.help_scroll) + step).clamp(0, 200) as u16;
                self.mode = if matches!(
                    key.code,
                    KeyCode::Esc
                        | KeyCode::Char('?')
                        | KeyCode::Char('q')
                        | KeyCode::Enter
                        | KeyCode::F(1)
                ) {
                    self.help_scroll = 0;
                    *from
                } else {
                    Mode::Help(from)
                };
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
                | Effect::ForceAssign { engineer, .. }
                | Effect::Reassign { engineer, .. }
                | Effect::Unassign { engineer, .. } = e
                {
                    self.follow = Some(engineer.clone());
                }
                let text = match e {
                    Effect::Assign { id, engineer }
                    | Effect::ForceAssign { id, engineer, .. }
                    | Effect::Reassign { id, engineer, .. } => {
                        format!(
                            "#{id} {} {engineer}",
                            lang.pick_str("已指派", "assigned to")
                        )
                    }
                    Effect::Unassign { id, engineer } => format!(
                        "#{id} {} {engineer}",
                        lang.pick_str("已取消指派", "unassigned")
                    ),
                    Effect::Log { id, kind, .. } => format!(
                        "#{id} {} {}",
                        lang.pick_str("已记录", "logged"),
                        lang.event_words(kind)
                    ),
                    Effect::Open { .. } => String::new(),
                    Effect::AssignJob { id, engineer } => format!(
                        "{} #{id} {} {engineer}",
                        lang.pick_str("作业", "job"),
                        lang.pick_str("已指派", "assigned to")
                    ),
                    Effect::FinishJob { id, .. } => format!(
                        "{} #{id} {}",
                        lang.pick_str("作业", "job"),
                        lang.pick_str("已完成", "done")
                    ),
                };
                self.say(text, false);
            }
            (Err(msg), _) => match &mut self.mode {
                Mode::NewTicket(f) => f.error = Some((FormField::Site, msg)),
                Mode::Prompt(p) => p.error = Some(msg),
                _ => self.say(msg, true),
            },
        }
    }
}

#[cfg(test)]
mod tests;
