//! Recorded raises kept in step with what the engine derives.

use super::*;

/// Appends the raise records that make the log agree with what the engine
/// derives now: a retraction for each recorded raise no longer derived, a
/// raise for each derived one not recorded. Inside the caller's write
/// transaction, so racing writers see each other's records and each raise is
/// written once. Returns how many records it appended.
pub(super) fn reconcile_raises(
    tx: &rusqlite::Transaction,
    ticket: &Ticket,
    derived: &[Raise],
    cause: Option<i64>,
    now: Ts,
) -> rusqlite::Result<usize> {
    let standing = ticket.recorded_raises();
    let derived: std::collections::BTreeSet<Raise> = derived.iter().copied().collect();
    let mut ins = tx.prepare_cached("INSERT INTO events (ticket_id, at, recorded_at, kind, by, note, payload) VALUES (?1, ?2, ?3, ?4, 'faultline', NULL, ?5)")?;
    let mut written = 0;
    for r in standing.difference(&derived) {
        let kind = EventKind::RaiseRetracted {
            from: r.from,
            to: r.to,
            due: r.due,
            cause,
        };
        let payload = serde_json::to_string(&kind).unwrap_or_default();
        ins.execute(params![
            ticket.id,
            now.timestamp(),
            now.timestamp(),
            kind.name(),
            payload
        ])?;
        written += 1;
    }
    for r in derived.difference(&standing) {
        let kind = EventKind::Raised {
            from: r.from,
            to: r.to,
            cause,
        };
        let payload = serde_json::to_string(&kind).unwrap_or_default();
        ins.execute(params![
            ticket.id,
            r.due.timestamp(),
            now.timestamp(),
            kind.name(),
            payload
        ])?;
        written += 1;
        // Pages once per raise, however often a back-dating retracts and
        // derives it again.
        let notice = crate::store::NewNotice {
            ticket_id: ticket.id,
            kind: "raise".into(),
            cause: format!(
                "auto:{}-{}@{}",
                r.from.number(),
                r.to.number(),
                r.due.timestamp()
            ),
            level: r.to.number(),
            at: r.due,
            detail:
                serde_json::json!({"from": r.from.number(), "to": r.to.number(), "manual": false})
                    .to_string(),
        };
        crate::store::hooks::insert_notice(tx, &notice, now)?;
    }
    Ok(written)
}
