//! The `:` command line, with completion.

use crate::msg::labels;
use crossterm::event::KeyCode;

use super::keys::{CARET, CUT, ENDS, F1};
use super::*;

/// What the command line answers to; F1 shows it.
pub const KEYS: &[ModeKey] = &[
    ModeKey::hint("Tab", labels::controls::complete),
    ModeKey::hint("Enter", labels::controls::run),
    CARET,
    ENDS,
    CUT,
    ModeKey::hint("Esc", labels::controls::cancel),
    F1,
];

impl State {
    pub(super) fn command_key(
        &mut self,
        ctx: &Ctx,
        mut line: String,
        code: KeyCode,
    ) -> Option<Effect> {
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

    pub(super) fn run_command(&mut self, ctx: &Ctx, line: &str) -> Option<Effect> {
        let lang = self.lang;
        let words: Vec<&str> = line.split_whitespace().collect();
        let id = |i: usize| words.get(i).and_then(|w| w.parse::<TicketId>().ok());
        match words.as_slice() {
            [] => None,
            ["q" | "quit" | "q!"] => {
                self.quit = true;
                None
            }
            ["help"] => {
                self.mode = Mode::Help(Box::new(Mode::Normal));
                None
            }
            ["lang", l] => {
                match Lang::pick(Some(l)) {
                    Ok(new) => {
                        self.lang = new;
                        crate::i18n::speak(new);
                    }
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
                        format!("{} {}", labels::no_open_ticket(lang), words[1]),
                        true,
                    ),
                }
                None
            }
            ["assign" | "unassign", _, name] => {
                let Some(id) = id(1) else {
                    self.say(bad_number(lang, words[1]), true);
                    return None;
                };
                let engineer = name.to_string();
                Some(if words[0] == "assign" {
                    Effect::Assign { id, engineer }
                } else {
                    Effect::Unassign { id, engineer }
                })
            }
            // Someone the contract advises against, sent anyway, with the reason.
            ["force", _, name, reason @ ..] if !reason.is_empty() => {
                let Some(id) = id(1) else {
                    self.say(bad_number(lang, words[1]), true);
                    return None;
                };
                Some(Effect::ForceAssign {
                    id,
                    engineer: name.to_string(),
                    reason: crate::text::clean(&reason.join(" ")),
                })
            }
            ["force", ..] => {
                self.say(labels::usage_force_id_name_reason(lang), true);
                None
            }
            // Section 7: a correction, appended; the detail shows entry numbers.
            ["void", _, entry, reason @ ..] if !reason.is_empty() => {
                let target = entry.trim_start_matches('#').parse::<i64>().ok();
                let (Some(id), Some(event)) = (id(1), target) else {
                    self.say(format!("{}: {line}", labels::cannot_void(lang)), true);
                    return None;
                };
                Some(Effect::Log {
                    id,
                    kind: EventKind::Void {
                        event,
                        reason: crate::text::clean(&reason.join(" ")),
                    },
                    note: None,
                })
            }
            ["void", ..] => {
                self.say(labels::usage_void_ticket_entry_reason(lang), true);
                None
            }
            // A note with its text: `:note 1021 客户来电` (or `:log 1021 note …`).
            ["note", _, text @ ..] | ["log", _, "note", text @ ..] if !text.is_empty() => {
                let Some(id) = id(1) else {
                    self.say(format!("{}: {line}", labels::cannot_log(lang)), true);
                    return None;
                };
                Some(Effect::Log {
                    id,
                    kind: EventKind::Note,
                    note: Some(text.join(" ")),
                })
            }
            ["note", ..] | ["log", _, "note"] => {
                self.say(labels::usage_note_ticket_text(lang), true);
                None
            }
            ["log", _, event] => {
                let (Some(id), Some(kind)) = (id(1), simple_event(event)) else {
                    self.say(format!("{}: {line}", labels::cannot_log(lang)), true);
                    return None;
                };
                Some(Effect::Log {
                    id,
                    kind,
                    note: None,
                })
            }
            _ => {
                self.say(format!("{}: {line}", labels::unknown_command(lang)), true);
                None
            }
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
            .filter(|e| e.2.is_none())
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

/// The message for a ticket number that is not one.
fn bad_number(lang: Lang, word: &str) -> String {
    format!("{} {word}", labels::bad_ticket_number(lang))
}
