//! Console state and `update`: a pure function of (state, data, key) that
//! returns the effect to carry out, if any. Tested with key sequences, no
//! terminal. Writes happen only in the event loop, through the service.

use crate::msg::labels;
use crate::store::TicketId;
use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent};

use super::data::{Data, RowRef};
use super::keymap::{self, Action, Scope};
use crate::dispatch::{self, Candidate, Wanted};
use crate::i18n::Lang;
use crate::sla::{EventKind, Level};

mod command;
mod confirm;
mod fields;
mod form;
mod keys;
mod lists;
mod menu;
mod modes;
mod normal;
mod prompt;

use confirm::confirm_text;
pub use confirm::confirmation;
pub use form::KEYS as FORM_KEYS;
pub use keys::{hint_line, ModeKey};
use lists::matches_filter;
pub use lists::{pm_items, PmReason};
pub use menu::{offered, simple_event, MenuEntry, EVENTS};
pub use modes::*;
pub use prompt::KEYS as PROMPT_KEYS;

pub struct State {
    pub lang: Lang,
    pub screen: Screen,
    pub pane: Pane,
    pub mode: Mode,
    /// Selection follows the ticket, not a row number, across refreshes.
    pub selected: Option<TicketId>,
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
    /// The text field's caret, as characters before its end (see
    /// `tui::caret`), and which field it belongs to: another field's caret
    /// starts at its end.
    pub caret: usize,
    caret_field: Option<(std::mem::Discriminant<Mode>, usize)>,
}

/// What `update` may read besides the state.
pub struct Ctx<'a> {
    pub data: &'a Data,
    pub speed_kmh: f64,
    pub tz: Tz,
}

impl State {
    /// The thread that runs the console speaks its language from here on:
    /// refusals from the service and the store arrive worded in it.
    pub fn new(lang: Lang) -> State {
        crate::i18n::speak(lang);
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
            caret: 0,
            caret_field: None,
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
    pub fn listed(&self, data: &Data) -> Vec<TicketId> {
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
    pub fn on_key(&mut self, ctx: &Ctx, key: KeyEvent) -> Option<Effect> {
        let effect = self.on_key_routed(ctx, key);
        self.follow_caret();
        effect
    }

    fn on_key_routed(&mut self, ctx: &Ctx, key: KeyEvent) -> Option<Effect> {
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
        // Shell-style editing in whatever text field has the cursor (the
        // caret, cuts, typing inside the text); any other control chord is
        // not text.
        let mut tail = self.caret;
        if let Some(text) = self.focused_text() {
            if super::caret::edit(text, &mut tail, &key) {
                self.caret = tail;
                self.field_edited();
                return None;
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
                    self.say(labels::cancelled_nothing_written(self.lang), false);
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
    pub fn done(&mut self, effect: &Effect, result: Result<Option<TicketId>, String>) {
        let lang = self.lang;
        match (result, effect) {
            (Ok(new_id), Effect::Open { .. }) => {
                self.mode = Mode::Normal;
                self.selected = new_id;
                self.filter.clear();
                self.say(
                    format!("{} #{}", labels::opened(lang), new_id.unwrap_or_default()),
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
                        format!("#{id} {} {engineer}", labels::assigned_to(lang))
                    }
                    Effect::Unassign { id, engineer } => {
                        format!("#{id} {} {engineer}", labels::was_unassigned(lang))
                    }
                    Effect::Log { id, kind, .. } => {
                        format!("#{id} {} {}", labels::logged(lang), lang.event_words(kind))
                    }
                    Effect::Open { .. } => String::new(),
                    Effect::AssignJob { id, engineer } => format!(
                        "{} #{id} {} {engineer}",
                        labels::job(lang),
                        labels::assigned_to(lang)
                    ),
                    Effect::FinishJob { id, .. } => {
                        format!("{} #{id} {}", labels::job(lang), labels::marked_done(lang))
                    }
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
