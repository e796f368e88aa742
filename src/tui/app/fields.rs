//! The text field with the cursor, whichever mode holds it: where typing,
//! editing keys (`tui::caret`) and pastes go, and its caret.

use super::{FormField, Mode, State};

impl State {
    /// The text field with the cursor: the form's focused field, the
    /// prompt's, the filter, or the command line.
    pub(super) fn focused_text(&mut self) -> Option<&mut String> {
        if matches!(self.mode, Mode::Filter) {
            return Some(&mut self.filter);
        }
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

    /// Text pasted into the terminal (bracketed paste): into the field
    /// with the cursor, at the caret, on one line and inert.
    pub fn on_paste(&mut self, text: &str) {
        let line: String = crate::text::clean(&text.replace(['\r', '\n', '\t'], " "));
        let tail = self.caret;
        if let Some(field) = self.focused_text() {
            crate::tui::caret::insert(field, tail, &line);
        }
        self.field_edited();
    }

    /// The focused field's text changed: the site picker's choice starts
    /// again at the first match of the new query.
    pub(super) fn field_edited(&mut self) {
        if let Mode::NewTicket(f) = &mut self.mode {
            f.site_cursor = 0;
        }
    }

    /// Which text field has the cursor: the mode and its focus.
    fn field_id(&self) -> Option<(std::mem::Discriminant<Mode>, usize)> {
        let focus = match &self.mode {
            Mode::NewTicket(f) => f.focus as usize,
            Mode::Prompt(p) => p.focus,
            Mode::Command(_) | Mode::Filter => 0,
            _ => return None,
        };
        Some((std::mem::discriminant(&self.mode), focus))
    }

    /// A field the cursor moved to starts with its caret at the end.
    pub(super) fn follow_caret(&mut self) {
        let now = self.field_id();
        if now != self.caret_field {
            self.caret = 0;
            self.caret_field = now;
        }
    }
}
