//! What the console can be doing (its modes, each with what it holds) and
//! what a key can ask the event loop to carry out.

use crate::sla::{EventKind, Level, Ts};
use crate::store::TicketId;

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

#[derive(Debug, Clone)]
pub struct Field {
    pub label: crate::msg::labels::Label,
    pub value: String,
}

/// Fields are alike when they ask the same thing (a function's address is
/// no identity) and hold the same answer.
impl PartialEq for Field {
    fn eq(&self, other: &Field) -> bool {
        let en = crate::i18n::Lang::En;
        (self.label)(en) == (other.label)(en) && self.value == other.value
    }
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
    pub ticket: TicketId,
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
        id: TicketId,
        engineer: String,
    },
    Unassign {
        id: TicketId,
        engineer: String,
    },
    Reassign {
        id: TicketId,
        engineer: String,
        others: Vec<String>,
    },
    Log {
        id: TicketId,
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
        id: TicketId,
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
