//! What became of each deadline: the unit that compliance figures and
//! reports count, from a ticket's view.
//!
//! Decided (README, "Compliance"): a deadline counts once it is met or has
//! passed; it counts on the local day it fell due, under the ticket's level
//! as it stands (for a closed ticket: as it closed). A deadline a customer
//! waived is counted apart, not as met nor as breached. A restoration window
//! that breached and was replaced by a raise still counts as breached: the
//! raise does not erase it.

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

use super::{Level, Milestone, MilestoneState, TicketView, Ts};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
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
    /// Derived from the variant (`strum`, snake case), as serde spells it.
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn from_name(s: &str) -> Option<Verdict> {
        s.parse().ok()
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
/// still ahead, or one the ticket ended before, has none; nor has a
/// call-back, the desk's own promise rather than a contract deadline.
pub fn outcomes(view: &TicketView) -> Vec<Outcome> {
    let waived = |m: Milestone, due: Ts| {
        view.breaches
            .iter()
            .any(|b| b.milestone == m && b.due() == due && b.waived)
    };
    let mut out = Vec::with_capacity(view.milestones.len() + 1);
    for m in view
        .milestones
        .iter()
        .filter(|m| !m.milestone.is_desk_own())
    {
        let Some(due) = m.due() else { continue };
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
            met_at: m.met_at(),
            verdict,
        });
    }
    // Windows a raise replaced: in `breaches`, no longer a milestone's due.
    for b in view.breaches.iter().filter(|b| !b.milestone.is_desk_own()) {
        let shown = view
            .milestones
            .iter()
            .any(|m| m.milestone == b.milestone && m.due() == Some(b.due()));
        if !shown {
            out.push(Outcome {
                milestone: b.milestone,
                level: view.level,
                due: b.due(),
                met_at: b.met_at(),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SettledKind {
    Deadline(Milestone),
    /// An automatic raise (manual ones are a person's decision, not a
    /// missed promise).
    Raise,
}

impl SettledKind {
    pub fn name(self) -> &'static str {
        match self {
            SettledKind::Deadline(m) => m.name(),
            SettledKind::Raise => "raise",
        }
    }

    pub fn from_name(s: &str) -> Option<SettledKind> {
        match s {
            "raise" => Some(SettledKind::Raise),
            _ => Milestone::from_name(s).map(SettledKind::Deadline),
        }
    }
}

/// One row of a ticket's settled record: a deadline's outcome or an
/// automatic raise, on its local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Settled {
    pub kind: SettledKind,
    pub level: Level,
    pub zone: Option<u8>,
    /// The deadline, or the raise.
    pub at: Ts,
    pub met_at: Option<Ts>,
    pub verdict: Option<Verdict>,
    /// Local date of `at` in the policy's time zone.
    pub day: NaiveDate,
}

/// A ticket's outcomes and automatic raises as rows, each on its local day
/// in `tz`: what the desk stores when a ticket closes, and what compliance
/// counts for an open one.
pub fn settled(view: &TicketView, tz: Tz) -> Vec<Settled> {
    let zone = view.zone.map(|z| z.0);
    let row = |kind, level, at: Ts, met_at, verdict| Settled {
        kind,
        level,
        zone,
        at,
        met_at,
        verdict,
        day: at.with_timezone(&tz).date_naive(),
    };
    let mut out: Vec<Settled> = outcomes(view)
        .into_iter()
        .map(|o| {
            row(
                SettledKind::Deadline(o.milestone),
                o.level,
                o.due,
                o.met_at,
                Some(o.verdict),
            )
        })
        .collect();
    out.extend(
        view.escalations
            .iter()
            .filter(|e| e.is_automatic())
            .map(|e| row(SettledKind::Raise, e.from, e.at, None, None)),
    );
    out
}
