//! The confirmation line a write waits on: what it will record, in words.

use super::keys::F1;
use super::*;
use crate::msg::labels;

/// What the confirmation line answers to; F1 shows it.
pub const KEYS: &[ModeKey] = &[
    ModeKey::hint("Enter/y", labels::controls::write_it),
    ModeKey::hint("Tab", labels::controls::who_performed_it),
    ModeKey::hint("Esc/n", labels::controls::cancel_write_nothing),
    F1,
];

/// The line a write is confirmed with, or `None` for writes that need no
/// confirmation (a note; a new ticket, confirmed by its own form).
pub fn confirmation(effect: &Effect, ctx: &Ctx, lang: Lang) -> Option<Confirm> {
    let performers = match effect {
        Effect::Log { id, kind, .. } if crate::service::performed_by_default(kind) => {
            let mut names: Vec<String> = ctx
                .data
                .row_by_id(*id)
                .map(|r| r.ticket.assignees().iter().map(|s| s.to_string()).collect())
                .unwrap_or_default();
            // Nobody on the ticket: by default no performer is named (the
            // operator did it); Tab names one.
            if names.is_empty() {
                names.push(String::new());
            }
            for e in &ctx.data.engineers {
                if e.role.tier().is_some() && !names.contains(&e.name) {
                    names.push(e.name.clone());
                }
            }
            names
        }
        _ => Vec::new(),
    };
    let text = confirm_text(effect, ctx, lang, performers.first().map(String::as_str))?;
    Some(Confirm {
        effect: effect.clone(),
        text,
        performers,
        pick: 0,
    })
}

pub(super) fn confirm_text(
    effect: &Effect,
    ctx: &Ctx,
    lang: Lang,
    performer: Option<&str>,
) -> Option<String> {
    let row = |id: TicketId| ctx.data.row_by_id(id);
    let at = crate::time::when(ctx.data.now, ctx.data.now, ctx.tz);
    let ok = labels::enter_y_confirm_esc_cancel(lang);
    let text = match effect {
        Effect::Log {
            kind: EventKind::Note,
            ..
        }
        | Effect::Open { .. }
        | Effect::AssignJob { .. }
        | Effect::FinishJob { .. } => return None,
        Effect::Log {
            id,
            kind: kind @ EventKind::Void { event, .. },
            ..
        } => {
            let what = row(*id)
                .and_then(|r| {
                    r.ticket
                        .entry(*event)
                        .map(|(e, _)| lang.event_words(&e.kind))
                })
                .unwrap_or_else(|| "?".into());
            format!("#{id} {} (#{event} {what}) · {at}", lang.event_words(kind))
        }
        Effect::Log { id, kind, .. } => {
            let performer = performer
                .map(|p| if p.is_empty() { "—" } else { p })
                .map(|p| {
                    format!(
                        " · {} {p} ({})",
                        labels::done_by(lang),
                        labels::tab_other(lang)
                    )
                })
                .unwrap_or_default();
            format!(
                "{} #{id} {} · {at}{performer}",
                labels::log(lang),
                lang.event_words(kind)
            )
        }
        Effect::ForceAssign {
            id,
            engineer,
            reason,
        } => format!(
            "#{id} {} {engineer} · {reason} · {at}",
            labels::force_assign(lang)
        ),
        Effect::Assign { id, engineer } => {
            format!("#{id} {} {engineer} · {at}", labels::assign(lang))
        }
        Effect::Unassign { id, engineer } => {
            format!("#{id} {} {engineer} · {at}", labels::unassign(lang))
        }
        Effect::Reassign {
            id,
            engineer,
            others,
        } => format!(
            "#{id} {} {engineer}, {} {} · {at}",
            labels::reassign_to(lang),
            labels::removing(lang),
            if others.is_empty() {
                "—".to_string()
            } else {
                others.join(", ")
            }
        ),
    };
    Some(format!("{text} — {ok}"))
}
