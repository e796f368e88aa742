//! The new-ticket form.

use crate::msg::labels;
use crossterm::event::KeyCode;

use super::keys::{CARET, CUT, ENDS, F1};
use super::*;

/// What the form answers to; F1 shows it (`?` is text here).
pub const KEYS: &[ModeKey] = &[
    ModeKey::hint("Tab", labels::controls::next_field),
    ModeKey::help("Shift-Tab", labels::controls::previous_field),
    ModeKey::hint("↑↓", labels::controls::pick_site),
    ModeKey::help("Space/y/n", labels::controls::on_site_or_not),
    CARET,
    ENDS,
    CUT,
    ModeKey::hint("Enter", labels::controls::open),
    ModeKey::hint("Esc", labels::controls::cancel),
    F1,
];

impl State {
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

    pub(super) fn form_key(
        &mut self,
        ctx: &Ctx,
        mut f: TicketForm,
        code: KeyCode,
    ) -> Option<Effect> {
        let lang = self.lang;
        use FormField as F;
        match code {
            KeyCode::Esc => return None,
            KeyCode::Tab => f.focus = f.focus.step(1),
            KeyCode::BackTab => f.focus = f.focus.step(-1),
            KeyCode::Up if f.focus == F::Site => f.site_cursor = f.site_cursor.saturating_sub(1),
            KeyCode::Down if f.focus == F::Site => f.site_cursor += 1,
            KeyCode::Up if f.focus != F::Site => f.focus = f.focus.step(-1),
            KeyCode::Down if f.focus != F::ApprovedBy => f.focus = f.focus.step(1),
            KeyCode::Char(' ') if f.focus == F::Onsite => f.onsite = !f.onsite,
            KeyCode::Char('y') if f.focus == F::Onsite => f.onsite = true,
            KeyCode::Char('n') if f.focus == F::Onsite => f.onsite = false,
            KeyCode::Backspace => {
                match f.focus {
                    F::Site => {
                        f.site_query.pop();
                        f.site_cursor = 0;
                    }
                    F::Level => {
                        f.level.pop();
                    }
                    F::Title => {
                        f.title.pop();
                    }
                    F::At => {
                        f.at.pop();
                    }
                    F::ApprovedBy => {
                        f.approved_by.pop();
                    }
                    F::Onsite => {}
                };
            }
            KeyCode::Char(c) => match f.focus {
                F::Site => {
                    f.site_query.push(c);
                    f.site_cursor = 0;
                }
                // One digit: what is typed replaces the default.
                F::Level => f.level = c.to_string(),
                F::Title => f.title.push(c),
                F::At => f.at.push(c),
                F::ApprovedBy => f.approved_by.push(c),
                F::Onsite => {}
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
                    crate::time::parse_near(&f.at, ctx.tz, ctx.data.now).map(Some)
                };
                match (site, level, f.title.trim().is_empty(), at) {
                    (None, ..) => f.error = Some((F::Site, labels::no_site_matches(lang).into())),
                    (_, None, ..) => {
                        f.error = Some((F::Level, labels::level_must_be_1_4(lang).into()))
                    }
                    (_, _, true, _) => {
                        f.error = Some((F::Title, labels::a_title_is_needed(lang).into()))
                    }
                    (_, _, _, Err(e)) => f.error = Some((F::At, e.to_string())),
                    (Some(site), Some(level), false, Ok(at)) => {
                        let effect = Effect::Open {
                            site,
                            level,
                            title: f.title.trim().to_string(),
                            onsite: f.onsite,
                            at,
                            approved_by: Some(crate::text::name(&f.approved_by))
                                .filter(|a| !a.is_empty()),
                        };
                        self.mode = Mode::NewTicket(f);
                        return Some(effect);
                    }
                }
            }
            _ => {}
        }
        if f.focus == F::Site {
            let n = self.site_matches(ctx.data, &f.site_query).len();
            f.site_cursor = f.site_cursor.min(n.saturating_sub(1));
        }
        self.mode = Mode::NewTicket(f);
        None
    }
}
