//! What became of each deadline: the unit that compliance figures and
//! reports count, from a ticket's view.
//!
//! Decided (README, "Compliance"): a deadline counts once it is met or has
//! passed; it counts on the local day it fell due, under the ticket's level
//! as it stands (for a closed ticket: as it closed). A deadline a customer
//! waived is counted apart, not as met nor as breached. A restoration window
//! that breached and was replaced by a raise still counts as breached: the
//! raise does not erase it.

use serde::Serialize;

use super::{Level, Milestone, MilestoneState, TicketView, Ts};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Met by its deadline.
    Met,
    /// Met, after its deadline.
    Late,
    /// Its deadline passed and it was never met (or is not met yet).
    Breached,
    /// Its deadline passed under a waiver the customer agreed to.
    Waived,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Met,
        Verdict::Late,
        Verdict::Breached,
        Verdict::Waived,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Late => "late",
            Verdict::Breached => "breached",
            Verdict::Waived => "waived",
        }
    }

    pub fn from_name(s: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.name() == s)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub milestone: Milestone,
    pub level: Level,
    pub due: Ts,
    pub met_at: Option<Ts>,
    pub verdict: Verdict,
}

/// The deadlines of `view` that have an outcome: met, or passed. A deadline
/// still ahead, or one the ticket ended before, has none.
pub fn outcomes(view: &TicketView) -> Vec<Outcome> {
    let waived = |m: Milestone, due: Ts| {
        view.breaches
            .iter()
            .any(|b| b.milestone == m && b.due == due && b.waived)
    };
    let mut out = Vec::with_capacity(view.milestones.len() + 1);
    for m in &view.milestones {
        let Some(due) = m.due else { continue };
        let verdict = match m.state {
            MilestoneState::Met => Verdict::Met,
            MilestoneState::MetLate => Verdict::Late,
            MilestoneState::Overdue => Verdict::Breached,
            MilestoneState::Skipped if m.breached => Verdict::Breached,
            _ => continue,
        };
        let verdict = if verdict != Verdict::Met && waived(m.milestone, due) {
            Verdict::Waived
        } else {
            verdict
        };
        out.push(Outcome {
            milestone: m.milestone,
            level: view.level,
            due,
            met_at: m.met_at,
            verdict,
        });
    }
    // Windows a raise replaced: in `breaches`, no longer a milestone's due.
    for b in &view.breaches {
        let shown = view
            .milestones
            .iter()
            .any(|m| m.milestone == b.milestone && m.due == Some(b.due));
        if !shown {
            out.push(Outcome {
                milestone: b.milestone,
                level: view.level,
                due: b.due,
                met_at: b.met_at,
                verdict: if b.waived {
                    Verdict::Waived
                } else {
                    Verdict::Breached
                },
            });
        }
    }
    out
}
