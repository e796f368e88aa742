//! Paging: who hears about a level-1 fault, a breach, a raise, a deadline
//! coming or a contract action due, at 3 a.m. with no screen open.
//!
//! The design keeps every notification to exactly one message however many
//! processes run on the desk:
//!
//! 1. **Notices** are written once, keyed by what they are (ticket, kind,
//!    cause): a new level-1 ticket and a raise in the same transaction as
//!    the entry or derived raise that causes them; a breach, a deadline
//!    coming or an action due by whichever process evaluates the desk when
//!    the moment passes (`INSERT OR IGNORE`: racing sweepers add it once).
//! 2. **One sender at a time** holds the `hooks` lease in the database,
//!    renewed before every request and longer than any request may take.
//!    It turns new notices into one delivery per matching hook and sends
//!    them; the others wait for the lease.
//! 3. **Retries** back off exponentially with jitter; a robot's `errcode`
//!    is read (both robots answer HTTP 200 when they refuse); each target's
//!    requests are counted in the database, so its rate limit holds across
//!    processes. After the last attempt a delivery is a **dead letter**,
//!    shown on the wall and by `faultline hooks status`.
//!
//! Decided: a notice is re-checked when it is sent only where the world
//! may have moved on — a `due_soon` warning for a deadline since met,
//! moved or passed is skipped. A breach, an action due or a deadline
//! coming is noticed only within [`CATCH_UP`] of its moment, so a desk
//! started after a night without any process does not page the night's
//! history; and switching paging on never pages notices from before. A
//! sender that dies mid-request leaves that delivery to be tried again
//! once its lease runs out: the one case of a message sent twice.

pub mod config;
mod send;

use crate::store::TicketId;
use std::collections::HashSet;
use std::time::Duration;

use crate::i18n::Lang;
use crate::msg::notice;
use crate::sla::{MilestoneState, TicketView, Ts};
use crate::store::{Delivery, NewNotice, Notice, Settle, Store, Ticket};

pub use config::{Hook, Target, Trigger};
pub use send::{deliver, Message, Outcome};

/// How far back a breach or an action due is still news.
pub const CATCH_UP: chrono::TimeDelta = chrono::TimeDelta::hours(1);
/// The lease's name in the `leases` table.
const LEASE: &str = "hooks";
/// Longest back-off between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

/// The machine's clock in milliseconds: leases, back-off and rate limits
/// pace processes and networks, not the desk's deadlines, so they run on
/// real time even on a simulated desk.
pub fn real_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// Holder name for this process's lease: host-unique and not reused soon.
pub fn holder() -> String {
    format!("pid{}-{}", std::process::id(), real_ms())
}

/// The time-driven notices the hooks want that `views` now hold, leaving
/// out those in `seen` (what this process already wrote); adds them there.
pub fn timed_notices<'a>(
    hooks: &[Hook],
    views: impl Iterator<Item = (&'a Ticket, &'a TicketView)>,
    now: Ts,
    seen: &mut HashSet<(TicketId, String, String)>,
) -> Vec<NewNotice> {
    let breach = hooks.iter().any(|h| h.on.contains(&Trigger::Breach));
    let action = hooks.iter().any(|h| h.on.contains(&Trigger::ActionDue));
    let mut leads: Vec<u32> = hooks
        .iter()
        .flat_map(|h| h.on.iter())
        .filter_map(|t| match t {
            Trigger::DueSoon(m) => Some(*m),
            _ => None,
        })
        .collect();
    leads.sort_unstable();
    leads.dedup();
    if !breach && !action && leads.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut push = |n: NewNotice| {
        if seen.insert((n.ticket_id, n.kind.clone(), n.cause.clone())) {
            out.push(n);
        }
    };
    for (t, v) in views {
        let level = v.level.number();
        for m in &v.milestones {
            let Some(due) = m.due() else { continue };
            let cause = format!("{}@{}", m.milestone.name(), due.timestamp());
            let detail = || {
                serde_json::json!({"milestone": m.milestone.name(), "due": due.timestamp()})
                    .to_string()
            };
            if breach && m.state == MilestoneState::Overdue && due <= now && due > now - CATCH_UP {
                push(NewNotice {
                    ticket_id: t.id,
                    kind: Trigger::Breach.kind(),
                    cause: cause.clone(),
                    level,
                    at: due,
                    detail: detail(),
                });
            }
            if m.state == MilestoneState::Pending && due > now {
                for &lead in &leads {
                    if due - now <= chrono::TimeDelta::minutes(i64::from(lead)) {
                        push(NewNotice {
                            ticket_id: t.id,
                            kind: Trigger::DueSoon(lead).kind(),
                            cause: cause.clone(),
                            level,
                            at: due,
                            detail: detail(),
                        });
                    }
                }
            }
        }
        if action {
            for a in v.pending_actions() {
                if a.at <= now && a.at > now - CATCH_UP {
                    push(NewNotice {
                        ticket_id: t.id,
                        kind: Trigger::ActionDue.kind(),
                        cause: format!("{}@{}", a.action.name(), a.at.timestamp()),
                        level,
                        at: a.at,
                        detail: serde_json::json!({"action": a.action.name()}).to_string(),
                    });
                }
            }
        }
    }
    out
}

/// What one round of sending did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pumped {
    /// False when there was nothing to do or another process held the
    /// lease (it sends, not us).
    pub held: bool,
    pub sent: usize,
    pub retried: usize,
    pub dead: usize,
    pub skipped: usize,
}

/// What the sender needs besides the store: the hooks, the language of the
/// messages, and whether a `due_soon` notice still holds (the ticket read
/// again and evaluated at the desk's now).
pub struct Sender<'a> {
    pub hooks: &'a [Hook],
    pub lang: Lang,
    pub tz: chrono_tz::Tz,
    pub holder: &'a str,
    pub still_due: &'a dyn Fn(&Store, &Notice) -> bool,
}

impl Sender<'_> {
    fn lease_ms(&self) -> i64 {
        let longest = self
            .hooks
            .iter()
            .map(|h| h.timeout)
            .max()
            .unwrap_or_default();
        (longest + Duration::from_secs(30)).as_millis() as i64
    }

    /// One round: takes the lease (or returns, `held` false), makes the
    /// deliveries of new notices, and sends every delivery that is due.
    pub fn pump(&self, store: &mut Store) -> crate::store::Result<Pumped> {
        let mut out = Pumped::default();
        if self.hooks.is_empty()
            || !store.hooks_work(real_ms())?
            || !store.take_lease(LEASE, self.holder, real_ms(), self.lease_ms())?
        {
            return Ok(out);
        }
        out.held = true;
        let result = self.send_due(store, &mut out);
        // Let the next sender in at once rather than after the lease runs out.
        let released = store.release_lease(LEASE, self.holder);
        result?;
        released?;
        Ok(out)
    }

    fn send_due(&self, store: &mut Store, out: &mut Pumped) -> crate::store::Result<()> {
        store.fan_out(real_ms(), |n| {
            self.hooks
                .iter()
                .filter(|h| h.wants(&n.kind) && h.accepts(n.level, n.customer.as_deref()))
                .map(|h| h.name.clone())
                .collect()
        })?;
        // Bounded: each delivery leaves the due set once tried.
        for _ in 0..100 {
            let due = store.due_deliveries(real_ms(), 50)?;
            if due.is_empty() {
                break;
            }
            for d in &due {
                self.one(store, d, out)?;
            }
        }
        Ok(())
    }

    fn one(&self, store: &mut Store, d: &Delivery, out: &mut Pumped) -> crate::store::Result<()> {
        let now_ms = real_ms();
        let Some(hook) = self.hooks.iter().find(|h| h.name == d.hook) else {
            out.dead += 1;
            return store.settle_delivery(
                d,
                &Settle::Dead("the hook is no longer in config.toml".into()),
                now_ms,
            );
        };
        if d.notice.kind.starts_with("due_soon:") && !(self.still_due)(store, &d.notice) {
            out.skipped += 1;
            return store.settle_delivery(
                d,
                &Settle::Skipped("met, moved or passed before it was sent".into()),
                now_ms,
            );
        }
        let target = hook.target.key();
        if let Some(rate) = hook.rate {
            let (n, oldest) = store.sends_since(&target, now_ms - 60_000)?;
            if n >= rate {
                let at_ms = oldest.unwrap_or(now_ms) + 60_001;
                let error = format!("rate limit: {rate} a minute");
                return store.settle_delivery(d, &Settle::Retry { at_ms, error }, now_ms);
            }
        }
        // The lease must outlast this request.
        if !store.take_lease(LEASE, self.holder, now_ms, self.lease_ms())? {
            return Ok(());
        }
        store.begin_attempt(d, &target, now_ms, now_ms + self.lease_ms())?;
        let msg = message(&d.notice, self.lang, self.tz);
        let outcome = send::deliver(hook, &msg, now_ms);
        let attempts = d.attempts + 1;
        let settle = match outcome {
            Outcome::Sent => {
                out.sent += 1;
                Settle::Sent
            }
            Outcome::Retry(error) if attempts < hook.attempts => {
                out.retried += 1;
                Settle::Retry {
                    at_ms: real_ms()
                        + backoff(hook.retry, attempts, d.notice.id).as_millis() as i64,
                    error,
                }
            }
            Outcome::Retry(error) | Outcome::Fail(error) => {
                out.dead += 1;
                tracing::warn!(hook = %hook.name, notice = d.notice.id, %error, "dead letter");
                Settle::Dead(format!("after {attempts} attempts: {error}"))
            }
        };
        store.settle_delivery(d, &settle, real_ms())
    }
}

/// `retry`, doubled for each attempt made, at most an hour, then a random
/// share of it between a half and the whole ("equal jitter"): senders that
/// failed together do not retry together.
pub fn backoff(retry: Duration, attempts: u32, salt: i64) -> Duration {
    let base = retry
        .saturating_mul(1u32 << attempts.saturating_sub(1).min(20))
        .min(MAX_BACKOFF);
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_i64(salt);
    h.write_u32(attempts);
    let share = 0.5 + (h.finish() % 1000) as f64 / 2000.0;
    base.mul_f64(share)
}

fn milestone_label(name: &str, lang: Lang) -> String {
    crate::sla::Milestone::from_name(name)
        .map(|m| lang.milestone(m).to_string())
        .unwrap_or_else(|| name.to_string())
}

/// The notice as people read it (robots) and as programs do (JSON).
pub fn message(n: &Notice, lang: Lang, tz: chrono_tz::Tz) -> Message {
    let detail: serde_json::Value = serde_json::from_str(&n.detail).unwrap_or_default();
    let at = n.at.with_timezone(&tz).format("%m-%d %H:%M").to_string();
    let field = |k: &str| {
        detail
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let num = |k: &str| detail.get(k).and_then(|v| v.as_u64()).unwrap_or_default();
    let milestone = || milestone_label(&field("milestone"), lang);
    let (head, what) = match n.kind.as_str() {
        "new_l1" => notice::new_l1(lang, &at),
        "breach" => notice::breach(lang, &milestone(), &at),
        "raise" => notice::raise(lang, num("from"), num("to"), &at),
        "action_due" => {
            let action = crate::sla::Action::from_name(&field("action"))
                .map(|a| lang.action(a).to_string())
                .unwrap_or_else(|| field("action"));
            notice::action_due(lang, &action, &at)
        }
        kind => {
            let lead = kind.strip_prefix("due_soon:").unwrap_or_default();
            notice::due_soon(lang, &milestone(), &at, lead)
        }
    };
    // Customer text reaches a group chat: it must not mention anyone
    // (`@all`, `<@userid>`) nor format the message (`**`, `#`, links).
    let customer = n
        .customer
        .as_deref()
        .map(|c| format!(" ({})", inert(c)))
        .unwrap_or_default();
    let (site, subject) = (inert(&n.site), inert(&n.title));
    let title = format!("{head} #{} L{}", n.ticket_id, n.level);
    let text = format!(
        "【{head}】#{} L{} {site}{customer} · {subject}\n{what}",
        n.ticket_id, n.level
    );
    let markdown = format!(
        "### {head} #{} L{}\n**{site}**{customer} · {subject}\n\n{what}",
        n.ticket_id, n.level
    );
    let id = format!("faultline-{}", n.id);
    let json = serde_json::json!({
        "id": id,
        "kind": n.kind,
        "ticket": n.ticket_id,
        "level": n.level,
        "site": n.site,
        "customer": n.customer,
        "title": n.title,
        "at": n.at.with_timezone(&tz).to_rfc3339(),
        "detail": detail,
        "text": text,
    })
    .to_string();
    Message {
        id,
        json,
        title,
        markdown,
        text,
    }
}

/// Customer text as a robot message may carry it: the characters that
/// mention people or format markdown become their full-width look-alikes.
fn inert(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '@' => '＠',
            '<' => '＜',
            '>' => '＞',
            '*' => '＊',
            '#' => '＃',
            '[' => '［',
            ']' => '］',
            '`' => '｀',
            '_' => '＿',
            c => c,
        })
        .collect()
}

/// A sample notice for `faultline hooks test`.
pub fn sample(now: Ts) -> Notice {
    Notice {
        id: 0,
        ticket_id: TicketId(0),
        kind: "new_l1".into(),
        cause: "test".into(),
        level: 1,
        at: now,
        detail: "{}".into(),
        title: "faultline 测试消息 / test message".into(),
        site: "faultline".into(),
        customer: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_text_in_a_robot_message_mentions_nobody() {
        let mut n = sample(chrono::Utc::now());
        n.title = "<@all> **urgent** [x](http://evil)".into();
        let m = message(&n, Lang::Zh, chrono_tz::Asia::Shanghai);
        for text in [&m.markdown, &m.text] {
            assert!(
                !text.contains("<@") && !text.contains("**urgent") && !text.contains("]("),
                "{text}"
            );
        }
        // Programs get the title as it was (already free of control characters).
        assert!(m.json.contains("\"title\":\"<@all>"));
    }

    #[test]
    fn backoff_doubles_with_jitter_and_stops_at_an_hour() {
        let r = Duration::from_secs(30);
        for attempts in 1..6u32 {
            let full = r * (1 << (attempts - 1));
            let d = backoff(r, attempts, 7);
            assert!(d >= full / 2 && d <= full, "{attempts}: {d:?}");
        }
        assert!(backoff(r, 40, 7) <= MAX_BACKOFF);
    }
}
