//! What the screens list: the dispatcher's search, and the project
//! managers' work.

use chrono_tz::Tz;

use crate::tui::data::{Data, RowRef};

/// Number, site, title, engineer, or the reported date (`2026-11-27`,
/// `11-27`): what a dispatcher searches by.
pub(super) fn matches_filter(r: &RowRef, filter: &str, tz: Tz) -> bool {
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
