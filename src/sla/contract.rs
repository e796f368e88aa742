//! A customer's contract (section 5): deadline terms over the standard
//! tables, and actions triggered when a fault stays unresolved. One TOML
//! file per customer in `assets/contracts/` or the config folder.

use chrono::{NaiveDate, TimeDelta};
use serde::Deserialize;

use super::level::{Action, Level, Milestone};
use super::policy::{parse_duration, working_days};
use super::SlaError;
use crate::msg::rules as msg;

/// When a contract term applies to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    Always,
    InProvince,
    Onsite,
}

/// Where a contract term's clock starts: the start its text names
/// (section 5: 接报后 → `reported`, 到达后 → `arrival`). Nothing moves it: not a
/// raise, not `set_level`, not a negotiated zone-9 deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermStart {
    Reported,
    Arrival,
}

#[derive(Debug, Clone)]
pub struct DeadlineTerm {
    pub milestone: Milestone,
    pub window: TimeDelta,
    pub when: Condition,
    pub from: TermStart,
    pub label_zh: String,
    pub label_en: String,
}

/// When a trigger fires, counted from `reported_at`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum After {
    Elapsed(TimeDelta),
    /// The end of the Nth working day strictly after the reported date.
    WorkingDays(u32),
}

#[derive(Debug, Clone)]
pub struct Trigger {
    pub action: Action,
    pub after: After,
    pub levels: Vec<Level>,
    pub label_zh: String,
    pub label_en: String,
}

#[derive(Debug, Clone)]
pub struct Contract {
    pub name: String,
    pub title_zh: String,
    pub title_en: String,
    pub acceptance: Option<NaiveDate>,
    pub warranty_years: u32,
    pub deadlines: Vec<DeadlineTerm>,
    pub triggers: Vec<Trigger>,
    /// Bit `i`: some deadline term binds milestone `i`. Computed once here,
    /// so a clock for a milestone without terms (most of them) skips the
    /// terms without looking.
    pub(crate) term_milestones: u8,
}

impl Contract {
    /// Section 5: the warranty runs from acceptance for `warranty_years`.
    pub fn warranty_end(&self) -> Option<NaiveDate> {
        let start = self.acceptance?;
        start.checked_add_months(chrono::Months::new(12 * self.warranty_years))
    }
}

fn parse_after(s: &str) -> Option<After> {
    match working_days(s, "working days ") {
        Some(n) => n.map(After::WorkingDays),
        None => parse_duration(s).map(After::Elapsed),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContractFile {
    name: String,
    title_zh: String,
    title_en: String,
    acceptance: Option<String>,
    #[serde(default)]
    warranty_years: u32,
    #[serde(default)]
    deadline: Vec<DeadlineFile>,
    #[serde(default)]
    trigger: Vec<TriggerFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlineFile {
    milestone: String,
    window: String,
    #[serde(default = "always")]
    when: Condition,
    /// Default: `arrival` for restoration, `reported` for everything else.
    from: Option<TermStart>,
    label_zh: String,
    label_en: String,
}

fn always() -> Condition {
    Condition::Always
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TriggerFile {
    action: String,
    after: String,
    levels: Vec<i64>,
    label_zh: String,
    label_en: String,
}

impl Contract {
    pub fn from_toml(file: &str, text: &str) -> Result<Contract, SlaError> {
        let bad = |message: String| SlaError::BadRules {
            file: file.to_string(),
            message,
        };
        let raw: ContractFile = toml::from_str(text).map_err(|e| bad(e.message().to_string()))?;
        let acceptance = raw
            .acceptance
            .as_deref()
            .map(|s| {
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map_err(|_| bad(msg::acceptance_not_date(s)))
            })
            .transpose()?;
        let deadlines = raw
            .deadline
            .into_iter()
            .map(|d| {
                let milestone = Milestone::from_name(&d.milestone)
                    .ok_or_else(|| bad(msg::unknown_milestone(&d.milestone)))?;
                Ok(DeadlineTerm {
                    milestone,
                    from: d.from.unwrap_or(if milestone == Milestone::Restoration {
                        TermStart::Arrival
                    } else {
                        TermStart::Reported
                    }),
                    window: parse_duration(&d.window)
                        .ok_or_else(|| bad(msg::window_not_duration(&d.window)))?,
                    when: d.when,
                    label_zh: d.label_zh,
                    label_en: d.label_en,
                })
            })
            .collect::<Result<Vec<_>, SlaError>>()?;
        let triggers = raw
            .trigger
            .into_iter()
            .map(|t| {
                Ok(Trigger {
                    action: Action::from_name(&t.action).ok_or_else(|| {
                        bad(crate::msg::cli::unknown_action(&t.action, &Action::names()))
                    })?,
                    after: parse_after(&t.after)
                        .ok_or_else(|| bad(msg::after_not_rule(&t.after)))?,
                    levels: t
                        .levels
                        .into_iter()
                        .map(|l| Level::new(l).map_err(|e| bad(e.to_string())))
                        .collect::<Result<_, _>>()?,
                    label_zh: t.label_zh,
                    label_en: t.label_en,
                })
            })
            .collect::<Result<Vec<_>, SlaError>>()?;
        if deadlines.len() > usize::from(u8::MAX) {
            return Err(bad(msg::too_many_terms()));
        }
        let term_milestones = deadlines
            .iter()
            .fold(0, |bits, t| bits | 1 << t.milestone.index());
        Ok(Contract {
            term_milestones,
            name: raw.name,
            title_zh: raw.title_zh,
            title_en: raw.title_en,
            acceptance,
            warranty_years: raw.warranty_years,
            deadlines,
            triggers,
        })
    }
}
