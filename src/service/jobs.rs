//! Preventive service (section 6): jobs created once, and who may do them.

use super::{Result, ServiceError};
use crate::config::Rules;
use crate::sla::Ts;
use crate::store::Store;

/// Creates the preventive jobs that fall due within the policy's horizon
/// (section 6), each exactly once however many processes sweep at once. A
/// fixed plan fills its calendar up to the horizon; a floating one creates
/// its next job once the last is done. Returns how many this call created.
pub fn create_jobs(store: &mut Store, rules: &Rules, now: Ts) -> Result<usize> {
    use crate::sla::plan::{due_day, next_job};
    /// A plan of one day's interval fills a year's horizon with 366 jobs.
    const MAX_PER_SWEEP: usize = 400;
    let tz = rules.policy.tz;
    let horizon = now.with_timezone(&tz).date_naive()
        + chrono::Days::new(u64::from(rules.policy.plan_horizon_days));
    Ok(store.create_jobs(now, |state| {
        let p = state.plan;
        let mut last = state
            .last
            .map(|(seq, done)| (seq, done.map(|t| t.with_timezone(&tz).date_naive())));
        let mut out = Vec::new();
        while let Some((seq, nominal)) = next_job(p.first, p.every, p.floating, last) {
            if nominal > horizon || out.len() >= MAX_PER_SWEEP {
                break;
            }
            out.push((seq, due_day(&rules.calendar, nominal)));
            last = Some((seq, None));
        }
        out
    })?)
}

/// The engineer by name, if one who is dispatched (not a project manager).
pub(super) fn dispatchable(store: &Store, engineer: &str) -> Result<crate::store::Engineer> {
    let Some(eng) = store.engineers()?.into_iter().find(|e| e.name == engineer) else {
        return Err(ServiceError::Input(crate::msg::store::unknown_engineer(
            engineer,
        )));
    };
    if eng.role.tier().is_none() {
        return Err(ServiceError::Input(crate::msg::service::pm_not_dispatched(
            engineer,
        )));
    }
    Ok(eng)
}

/// Assigns a preventive job to an engineer who is dispatched (not a PM).
pub fn assign_job(store: &mut Store, id: i64, engineer: &str, by: &str, now: Ts) -> Result<()> {
    dispatchable(store, engineer)?;
    Ok(store.assign_job(id, engineer, by, now)?)
}
