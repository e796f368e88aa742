//! What happens to a ticket (the log's entries) and the facts that do not
//! change through them.

use serde::{Deserialize, Serialize};

use crate::sla::level::Level;
use crate::sla::policy::Contract;
use crate::sla::Ts;

/// What happened to a ticket. Variant order is the tie-break for events with
/// the same time (a response before an arrival before a restoration …), so
/// the view depends only on event times, never on insertion order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantNames)]
#[strum(serialize_all = "snake_case")]
pub enum EventKind {
    OnsiteRequired,
    Responded,
    ExpertEngaged,
    ProcessStarted,
    DirectorEngaged,
    Negotiated {
        deadline: Ts,
    },
    Assigned {
        engineer: String,
    },
    Unassigned {
        engineer: String,
    },
    Arrived,
    HardwareWait,
    HardwareReady,
    SetLevel {
        level: Level,
        reason: String,
    },
    /// Logged as `waive` (what a person does); stored as `waived`.
    #[strum(serialize = "waive")]
    Waived {
        agreed_by: String,
        reason: String,
    },
    Restored,
    Closed,
    /// The audit record of a derived automatic raise; the engine derives raises
    /// itself and ignores these. `cause`: the event whose write made the
    /// engine derive it (a back-dated entry), or none when a deadline passed.
    Raised {
        from: Level,
        to: Level,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cause: Option<i64>,
    },
    Note,
    /// Section 7: a correction. The voided entry stays in the log; the engine
    /// no longer sees it.
    Void {
        event: i64,
        reason: String,
    },
    /// A recorded raise that the current log no longer derives (a back-dated
    /// or voided entry changed the history), appended, never deleted.
    RaiseRetracted {
        from: Level,
        to: Level,
        due: Ts,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cause: Option<i64>,
    },
    // Section 6, the service's own records. They move no clock, except that
    // a call-back promise starts one and `action_done` settles an action.
    /// A call from the customer (作电话记录); the entry's note says what was said.
    // `Box<str>` here and in `Decision`: more than one variant of the
    // waiver's size would add a tag to every event.
    Call {
        caller: Box<str>,
        phone: Box<str>,
    },
    /// "稍候主动回电": a promise to call the customer back by `due`. A clock of
    /// its own that breaches like a milestone and never raises the level.
    CallbackPromised {
        due: Ts,
    },
    CallbackDone,
    /// 工作任务单, written by the project manager. Boxed, as is the opinion:
    /// three strings inline would make every event in memory half again as
    /// large, and screens keep every open ticket's log.
    WorkOrder(Box<WorkOrder>),
    /// The technical department's solution and the experts it names.
    Decision {
        solution: Box<str>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        experts: Vec<String>,
    },
    /// 故障调查报告: what the engineer found on site.
    Investigation {
        findings: String,
    },
    /// A fix proposed on site (the entry's note says which).
    FixProposed,
    /// The engineer cannot fix it (the note records the expert review): the
    /// assignment pane proposes a higher-tier engineer first.
    CannotFix,
    /// 服务意见: the customer's opinion, signed by the customer and the
    /// project manager. A ticket closes only with one.
    Opinion(Box<Opinion>),
    /// A required contract action was carried out.
    ActionDone {
        action: crate::sla::Action,
    },
    /// 项目经理回访: the project manager called the customer after the
    /// restoration. `unresolved` reopens the restoration. Boxed like the opinion.
    Followup(Box<Followup>),
    /// Service out of warranty approved by a project manager (the entry's
    /// `by`): a held ticket may be assigned from then on.
    Approved,
}

/// 回访: who was reached, whether the fault stayed fixed, and the rating.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Followup {
    pub contact: String,
    pub outcome: FollowupOutcome,
    /// 1 (poor) to 5 (excellent): feeds the reports.
    pub rating: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum FollowupOutcome {
    Resolved,
    Unresolved,
}

impl FollowupOutcome {
    /// Derived from the variant (`strum`, snake case), as serde spells it.
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn from_name(s: &str) -> Option<FollowupOutcome> {
        s.parse().ok()
    }
}

/// 工作任务单: what the project manager hands the technical department.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct WorkOrder {
    pub environment: String,
    pub problem: String,
    pub request: String,
}

/// 服务意见: signed by the customer and the project manager.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Opinion {
    pub customer: String,
    pub pm: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

impl Opinion {
    pub fn kind(customer: &str, pm: &str, remarks: Option<&str>) -> EventKind {
        EventKind::Opinion(Box::new(Opinion {
            customer: customer.into(),
            pm: pm.into(),
            remarks: remarks.map(str::to_string),
        }))
    }
}

impl EventKind {
    /// The events without a payload, in the order users are offered them.
    pub const PLAIN: [EventKind; 12] = [
        EventKind::Responded,
        EventKind::ExpertEngaged,
        EventKind::ProcessStarted,
        EventKind::DirectorEngaged,
        EventKind::OnsiteRequired,
        EventKind::Arrived,
        EventKind::HardwareWait,
        EventKind::HardwareReady,
        EventKind::Restored,
        EventKind::Closed,
        EventKind::Note,
        EventKind::Approved,
    ];

    /// The log keeps it, but the replay's state does not change with it
    /// (who was assigned, a note, a call, a raise the replay derives itself).
    /// Exhaustive: a new kind must say which it is.
    pub(crate) fn is_record_only(&self) -> bool {
        use EventKind as K;
        match self {
            K::Assigned { .. }
            | K::Unassigned { .. }
            | K::Raised { .. }
            | K::RaiseRetracted { .. }
            | K::Void { .. }
            | K::Note
            | K::Call { .. }
            | K::WorkOrder { .. }
            | K::Decision { .. }
            | K::Investigation { .. }
            | K::FixProposed => true,
            K::OnsiteRequired
            | K::Responded
            | K::ExpertEngaged
            | K::ProcessStarted
            | K::DirectorEngaged
            | K::Negotiated { .. }
            | K::Arrived
            | K::HardwareWait
            | K::HardwareReady
            | K::SetLevel { .. }
            | K::Waived { .. }
            | K::Restored
            | K::Closed
            | K::CallbackPromised { .. }
            | K::CallbackDone
            | K::Opinion(_)
            | K::CannotFix
            | K::ActionDone { .. }
            | K::Followup(_)
            | K::Approved => false,
        }
    }

    /// A payload-free event by the name users type (`ticket log ID arrived`).
    pub fn plain(name: &str) -> Option<EventKind> {
        EventKind::PLAIN.into_iter().find(|k| k.name() == name)
    }

    /// The names `ticket log` takes, in the enum's order: every kind but
    /// those the desk writes itself (raises and their retractions) and the
    /// assignments, which have commands of their own.
    pub fn loggable() -> impl Iterator<Item = &'static str> {
        <EventKind as strum::VariantNames>::VARIANTS
            .iter()
            .copied()
            .filter(|n| !matches!(*n, "assigned" | "unassigned" | "raised" | "raise_retracted"))
    }

    /// The name users type (`ticket log ID arrived`), derived from the
    /// variant (`strum`, snake case); a waiver is logged as `waive`.
    pub fn name(&self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Event {
    pub at: Ts,
    pub kind: EventKind,
}

/// The facts of a ticket that do not change through events.
#[derive(Debug, Clone, Copy)]
pub struct TicketFacts<'a> {
    pub reported_at: Ts,
    pub level: Level,
    /// Marked for on-site service when opened (`onsite_required` can add it later).
    pub onsite: bool,
    pub distance_km: f64,
    pub in_province: bool,
    pub contract: Option<&'a Contract>,
    /// The site has a project manager: a restoration opens the follow-up.
    pub followup: bool,
    /// Opened out of warranty without approval: not assigned until `approved`.
    pub held: bool,
}
