//! One-line prompts: the waiver, the level, the negotiated deadline, a void's reason.

use crate::msg::labels;
use crossterm::event::KeyCode;

use super::keys::{CARET, CUT, ENDS, F1};
use super::*;

/// What a prompt answers to; F1 shows it (`?` is text here).
pub const KEYS: &[ModeKey] = &[
    ModeKey::hint("Tab", labels::controls::next_field),
    ModeKey::help("Shift-Tab/↑", labels::controls::previous_field),
    ModeKey::hint("Enter", labels::controls::submit),
    CARET,
    ENDS,
    CUT,
    ModeKey::hint("Esc", labels::controls::cancel),
    F1,
];

impl State {
    pub(super) fn prompt_key(&mut self, ctx: &Ctx, mut p: Prompt, code: KeyCode) -> Option<Effect> {
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
                    PromptKind::Waive if v(0).is_empty() || v(1).is_empty() => {
                        Err(labels::who_and_why_needed(lang).to_string())
                    }
                    PromptKind::Waive => Ok(EventKind::Waived {
                        agreed_by: v(0),
                        reason: v(1),
                    }),
                    PromptKind::SetLevel => {
                        match v(0).parse::<i64>().ok().and_then(|n| Level::new(n).ok()) {
                            None => Err(labels::level_must_be_1_4(lang).to_string()),
                            Some(_) if v(1).is_empty() => {
                                Err(labels::a_reason_is_needed(lang).to_string())
                            }
                            Some(level) => Ok(EventKind::SetLevel {
                                level,
                                reason: v(1),
                            }),
                        }
                    }
                    PromptKind::Negotiated => {
                        match crate::time::parse_near(&v(0), ctx.tz, ctx.data.now) {
                            Ok(deadline) => Ok(EventKind::Negotiated { deadline }),
                            Err(e) => Err(e.to_string()),
                        }
                    }
                    PromptKind::Note if v(0).is_empty() => {
                        Err(labels::the_note_is_empty(lang).to_string())
                    }
                    // The text is the entry's note, below.
                    PromptKind::Note => Ok(EventKind::Note),
                    PromptKind::Opinion if v(0).is_empty() || v(1).is_empty() => {
                        Err(labels::signatory_and_pm_needed(lang).to_string())
                    }
                    PromptKind::Opinion => Ok(EventKind::Opinion(Box::new(crate::sla::Opinion {
                        customer: crate::text::name(&v(0)),
                        pm: crate::text::name(&v(1)),
                        remarks: Some(crate::text::clean(&v(2))).filter(|r| !r.is_empty()),
                    }))),
                    PromptKind::Void(_) if v(0).is_empty() => {
                        Err(labels::a_void_reason_is_needed(lang).to_string())
                    }
                    PromptKind::Void(event) => Ok(EventKind::Void {
                        event,
                        reason: crate::text::clean(&v(0)),
                    }),
                    PromptKind::Followup => followup(lang, &v(1), &v(2), &v(3)),
                    PromptKind::Approve if v(0).is_empty() => {
                        Err(labels::approving_pm_needed(lang).to_string())
                    }
                    PromptKind::Approve => Ok(EventKind::Approved),
                    PromptKind::JobAssign(id) => {
                        if v(0).is_empty() {
                            p.error = Some(labels::an_engineer_is_needed(lang).to_string());
                            self.mode = Mode::Prompt(p);
                            return None;
                        }
                        let engineer = crate::text::name(&v(0));
                        self.mode = Mode::Prompt(p);
                        return Some(Effect::AssignJob { id, engineer });
                    }
                    PromptKind::JobDone(id) => {
                        let note = Some(crate::text::clean(&v(0))).filter(|n| !n.is_empty());
                        self.mode = Mode::Prompt(p);
                        return Some(Effect::FinishJob { id, note });
                    }
                };
                match built {
                    Ok(kind) => {
                        let id = p.ticket;
                        let note = (p.kind == PromptKind::Note).then(|| v(0));
                        // The project manager's own records: the PM named
                        // in the prompt performed them, whoever types.
                        if matches!(p.kind, PromptKind::Followup | PromptKind::Approve) {
                            self.performer = Some(crate::text::name(&v(0)));
                        }
                        // Kept open until the write succeeds, so a refusal shows here.
                        self.mode = Mode::Prompt(p);
                        return Some(Effect::Log { id, kind, note });
                    }
                    Err(e) => p.error = Some(e),
                }
            }
            _ => {}
        }
        self.mode = Mode::Prompt(p);
        None
    }
}

/// The follow-up from the prompt's words: outcome `resolved`/`已解决`
/// (or `y`), `unresolved`/`未解决` (or `n`), rating 1–5.
fn followup(lang: Lang, contact: &str, outcome: &str, rating: &str) -> Result<EventKind, String> {
    use crate::sla::FollowupOutcome as O;
    if contact.is_empty() {
        return Err(labels::a_contact_is_needed(lang).to_string());
    }
    let outcome = match outcome {
        "resolved" | "已解决" | "解决" | "y" | "Y" => O::Resolved,
        "unresolved" | "未解决" | "n" | "N" => O::Unresolved,
        _ => return Err(labels::outcome_resolved_or_unresolved(lang).to_string()),
    };
    let Ok(rating @ 1..=5) = rating.parse::<u8>() else {
        return Err(labels::rating_must_be_1_5(lang).to_string());
    };
    Ok(EventKind::Followup(Box::new(crate::sla::Followup {
        contact: crate::text::name(contact),
        outcome,
        rating,
    })))
}
