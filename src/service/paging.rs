//! The paging hooks' side of the service: notices for what time brings,
//! whether a warning still holds, and one sending round.

use super::{evaluate, Result};
use crate::config::Rules;
use crate::sla::{self, TicketView, Ts};
use crate::store::{Store, Ticket};

/// Writes the breach, deadline-coming and action-due notices the hooks
/// want that these views hold and this process has not written yet.
pub fn notice_timed<'a>(
    store: &mut Store,
    hooks: &[crate::hooks::Hook],
    views: impl Iterator<Item = (&'a Ticket, &'a TicketView)>,
    now: Ts,
    seen: &mut std::collections::HashSet<(crate::store::TicketId, String, String)>,
) -> Result<usize> {
    let new = crate::hooks::timed_notices(hooks, views, now, seen);
    match store.add_notices(&new, now) {
        Ok(n) => Ok(n),
        Err(e) => {
            // Not written: forget them, so the next call tries again.
            for n in &new {
                seen.remove(&(n.ticket_id, n.kind.clone(), n.cause.clone()));
            }
            Err(e.into())
        }
    }
}

/// Whether a deadline-coming notice still holds at `now`: its milestone
/// still runs, due at the same moment, not yet passed.
pub fn still_due(store: &Store, rules: &Rules, notice: &crate::store::Notice, now: Ts) -> bool {
    let detail: serde_json::Value = serde_json::from_str(&notice.detail).unwrap_or_default();
    let milestone = detail
        .get("milestone")
        .and_then(|m| m.as_str())
        .and_then(sla::Milestone::from_name);
    let (Some(milestone), Ok(ticket), Ok(sites)) =
        (milestone, store.ticket(notice.ticket_id), store.sites())
    else {
        return false;
    };
    let Some(site) = sites.iter().find(|s| s.id == ticket.site_id) else {
        return false;
    };
    let view = evaluate(&ticket, site, rules, now);
    view.milestone(milestone).is_some_and(|m| {
        m.state == sla::MilestoneState::Pending && m.due() == Some(notice.at) && notice.at > now
    })
}

/// One sending round for this process (see [`crate::hooks`]).
pub fn send_hooks(
    store: &mut Store,
    rules: &Rules,
    hooks: &[crate::hooks::Hook],
    lang: crate::i18n::Lang,
    holder: &str,
    now: Ts,
) -> Result<crate::hooks::Pumped> {
    let still = |s: &Store, n: &crate::store::Notice| still_due(s, rules, n, now);
    let sender = crate::hooks::Sender {
        hooks,
        lang,
        tz: rules.policy.tz,
        holder,
        still_due: &still,
    };
    Ok(sender.pump(store)?)
}
