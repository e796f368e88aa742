//! Normal mode: the queues, the detail and the assignment pane.

use crate::msg::labels;
use crossterm::event::KeyCode;

use super::*;

impl State {
    pub(super) fn normal(&mut self, ctx: &Ctx, code: KeyCode) -> Option<Effect> {
        let action = keymap::lookup(code, self.scope())?;
        let lang = self.lang;
        match action {
            Action::Quit => self.quit = true,
            Action::ShowQueues => self.show(Screen::Queues),
            Action::ShowPm => self.show(Screen::Pm),
            Action::ShowJobs => self.show(Screen::Jobs),
            Action::ShowHistory => self.show(Screen::History),
            Action::JobAssign | Action::JobDone => {
                let job = self.current_job(ctx.data)?.job.id;
                let (kind, field) = if action == Action::JobAssign {
                    (
                        PromptKind::JobAssign(job),
                        Field {
                            label: labels::controls::engineer,
                            value: String::new(),
                        },
                    )
                } else {
                    (
                        PromptKind::JobDone(job),
                        Field {
                            label: labels::controls::note_optional,
                            value: String::new(),
                        },
                    )
                };
                self.mode = Mode::Prompt(Prompt {
                    kind,
                    ticket: TicketId::default(),
                    fields: vec![field],
                    focus: 0,
                    error: None,
                });
            }
            Action::Help => self.mode = Mode::Help(Box::new(Mode::Normal)),
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
                    // Only the queues dispatch; elsewhere Enter reads the ticket.
                    self.pane = if self.screen == Screen::Queues {
                        Pane::Assign
                    } else {
                        Pane::Detail
                    };
                    self.assign_cursor = 0;
                }
            }
            Action::Void => {
                let row = self.current(ctx.data)?;
                let i = self.selected_entry(row.ticket)?;
                let (e, m) = (&row.ticket.events[i], &row.ticket.meta[i]);
                let refusal = match e.kind {
                    EventKind::Raised { .. } | EventKind::RaiseRetracted { .. } => {
                        Some(labels::derived_raise_not_voidable(lang))
                    }
                    EventKind::Void { .. } => Some(labels::a_correction_cannot_be_voided(lang)),
                    _ if m.voided_by.is_some() => Some(labels::that_entry_is_already_voided(lang)),
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
                        label: labels::controls::void_reason,
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
                    self.say(labels::no_engineer_to_assign(lang), true);
                    return None;
                };
                let engineer = c.engineer.name.clone();
                return match action {
                    Action::Assign if c.assigned => {
                        self.say(
                            format!("{engineer} {}", labels::is_already_on_this_ticket(lang)),
                            true,
                        );
                        None
                    }
                    Action::Assign => Some(Effect::Assign { id, engineer }),
                    Action::Unassign if !c.assigned => {
                        self.say(
                            format!("{engineer} {}", labels::is_not_on_this_ticket(lang)),
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
}
