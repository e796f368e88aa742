//! A ticket as the store reads it: the whole log with each entry's
//! metadata, and what the engine sees of it.

use crate::sla::{Event, EventKind, Level, Ts};

/// Who recorded an event and when, who performed it where that differs,
/// and the free-text note: what the engine does not need but the timeline
/// (and a customer's auditor) does.
#[derive(Debug, Clone, PartialEq)]
pub struct EventMeta {
    pub id: i64,
    /// The real clock when it was written (section 7).
    pub recorded_at: Ts,
    // Boxed, not `String`: every open ticket's entries stay in the screens'
    // memory, and a box is a third smaller.
    pub by: Option<Box<str>>,
    pub performed_by: Option<Box<str>>,
    pub note: Option<Box<str>>,
    /// The `void` entry that corrected this one, if any.
    pub voided_by: Option<i64>,
}

impl EventMeta {
    /// Section 7: recorded more than 15 minutes after its own time (补录).
    pub const LATE_AFTER_SECONDS: i64 = 15 * 60;

    pub fn is_late(&self, at: Ts) -> bool {
        (self.recorded_at - at).num_seconds() > Self::LATE_AFTER_SECONDS
    }
}

/// Who is writing an entry (section 7: every entry says who).
#[derive(Debug, Clone, Copy, Default)]
pub struct Entry<'a> {
    pub by: Option<&'a str>,
    pub performed_by: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// An automatic raise as the engine derives it: keyed by what it is (the
/// level it left and the deadline whose breach caused it), never by a counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Raise {
    pub from: Level,
    pub to: Level,
    pub due: Ts,
}

/// A ticket's number as the desk says it (`#1002`): its own type, so a
/// ticket's number cannot be passed where an entry's, a site's or a job's
/// is wanted (they are all integers in SQLite).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct TicketId(pub i64);

impl std::fmt::Display for TicketId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for TicketId {
    type Err = std::num::ParseIntError;

    /// `1002` or `#1002`, as a desk types it.
    fn from_str(s: &str) -> Result<TicketId, Self::Err> {
        let s = s.trim();
        s.strip_prefix('#').unwrap_or(s).parse().map(TicketId)
    }
}

impl rusqlite::ToSql for TicketId {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl rusqlite::types::FromSql for TicketId {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        i64::column_result(v).map(TicketId)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub id: TicketId,
    pub site_id: i64,
    pub title: String,
    /// The level it was opened at; the current level comes from the engine.
    pub level: Level,
    pub onsite: bool,
    pub reported_at: Ts,
    pub approved_by: Option<String>,
    /// Opened out of warranty without approval (see `approved`).
    pub held: bool,
    /// The equipment the fault is on, when named at opening.
    pub equipment_id: Option<i64>,
    /// The whole log in time order (ties by id), voided entries and voids
    /// included: the timeline. `meta[i]` belongs to `events[i]`.
    pub events: Vec<Event>,
    pub meta: Vec<EventMeta>,
    /// What the engine sees when the log holds voids: the log without
    /// voided entries and voids. `None` (almost every ticket): the log
    /// itself — a second copy of every open ticket's events was a sixth of
    /// the wall's memory.
    pub(crate) corrected: Option<Vec<Event>>,
    /// Rows of this ticket that could not be read (section 7: the damage
    /// stays on this ticket; every other ticket works).
    pub damage: Vec<String>,
}

impl Ticket {
    /// Who approved service out of warranty: named at opening, or the
    /// `approved` entry's actor.
    pub fn approver(&self) -> Option<&str> {
        self.approved_by.as_deref().or_else(|| {
            self.events
                .iter()
                .zip(&self.meta)
                .find(|(e, m)| e.kind == EventKind::Approved && m.voided_by.is_none())
                .and_then(|(_, m)| m.performed_by.as_deref().or(m.by.as_deref()))
        })
    }

    /// Opened out of warranty and not yet approved (the engine's `held`,
    /// read from the log without a replay).
    /// What the engine sees: the log without voided entries and voids.
    pub fn live(&self) -> &[Event] {
        self.corrected.as_deref().unwrap_or(&self.events)
    }

    pub fn is_held(&self) -> bool {
        self.held && !self.live().iter().any(|e| e.kind == EventKind::Approved)
    }

    pub fn is_closed(&self) -> bool {
        self.live().iter().any(|e| e.kind == EventKind::Closed)
    }

    /// Engineers currently assigned, in assignment order.
    pub fn assignees(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in self.live() {
            match &e.kind {
                EventKind::Assigned { engineer } if !out.contains(&engineer.as_str()) => {
                    out.push(engineer)
                }
                EventKind::Unassigned { engineer } => out.retain(|n| n != engineer),
                _ => {}
            }
        }
        out
    }

    /// The raises the log records as standing: `raised` entries not
    /// followed by a `raise_retracted` of the same raise — followed in the
    /// order they were recorded, not by their times: a raise re-derived
    /// after a void carries the breach's time, earlier than the retraction
    /// it answers.
    pub fn recorded_raises(&self) -> std::collections::BTreeSet<Raise> {
        let mut standing = std::collections::BTreeSet::new();
        let mut order: Vec<usize> = (0..self.events.len()).collect();
        order.sort_by_key(|&i| self.meta.get(i).map_or(i64::MAX, |m| m.id));
        for e in order.into_iter().map(|i| &self.events[i]) {
            match e.kind {
                EventKind::Raised { from, to, .. } => {
                    standing.insert(Raise {
                        from,
                        to,
                        due: e.at,
                    });
                }
                EventKind::RaiseRetracted { from, to, due, .. } => {
                    standing.remove(&Raise { from, to, due });
                }
                _ => {}
            }
        }
        standing
    }

    pub(super) fn push(&mut self, event: Event, meta: EventMeta) {
        // Keep time order (ties by id) so the engine's already-sorted fast path holds.
        let pos = self.events.partition_point(|e| e.at <= event.at);
        let void = matches!(event.kind, EventKind::Void { .. });
        if let (false, Some(live)) = (void, self.corrected.as_mut()) {
            // Entries load in id order, so a new one is never already voided.
            let live_pos = live.partition_point(|e| e.at <= event.at);
            live.insert(live_pos, event.clone());
        }
        self.events.insert(pos, event);
        self.meta.insert(pos, meta);
        if void {
            self.rebuild_live();
        }
    }

    /// Recomputes `live` and the voided marks from the whole log.
    pub(super) fn rebuild_live(&mut self) {
        if !self
            .events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Void { .. }))
        {
            self.corrected = None;
            return;
        }
        let voids: std::collections::HashMap<i64, i64> = self
            .events
            .iter()
            .zip(&self.meta)
            .filter_map(|(e, m)| match e.kind {
                EventKind::Void { event, .. } => Some((event, m.id)),
                _ => None,
            })
            .collect();
        let mut live = Vec::with_capacity(self.events.len());
        for (e, m) in self.events.iter().zip(self.meta.iter_mut()) {
            m.voided_by = voids.get(&m.id).copied();
            if m.voided_by.is_none() && !matches!(e.kind, EventKind::Void { .. }) {
                live.push(e.clone());
            }
        }
        self.corrected = Some(live);
    }

    /// The entry with this id.
    pub fn entry(&self, id: i64) -> Option<(&Event, &EventMeta)> {
        self.events.iter().zip(&self.meta).find(|(_, m)| m.id == id)
    }
}
