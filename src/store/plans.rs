//! Preventive plans and their jobs: the rows, and creating each job once
//! however many processes sweep.

use crate::msg::store as msg;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{opt_text_at, text_at, ts, Result, Store, StoreError};
use crate::sla::plan::{Every, PlanKind};
use crate::sla::Ts;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub id: i64,
    pub site_id: i64,
    pub kind: PlanKind,
    #[serde(serialize_with = "as_text")]
    pub every: Every,
    pub floating: bool,
    pub first: NaiveDate,
    pub title: Option<String>,
    pub ended_at: Option<Ts>,
}

fn as_text<S: serde::Serializer>(e: &Every, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(e)
}

#[derive(Debug, Clone)]
pub struct NewPlan {
    pub site: String,
    pub kind: PlanKind,
    pub every: Every,
    pub floating: bool,
    pub first: NaiveDate,
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Job {
    pub id: i64,
    pub plan_id: i64,
    pub seq: u32,
    pub due: NaiveDate,
    pub engineer: Option<String>,
    pub assigned_by: Option<String>,
    pub assigned_at: Option<Ts>,
    pub done_at: Option<Ts>,
    pub done_by: Option<String>,
    pub note: Option<String>,
}

/// A plan as job creation sees it: its last job (sequence number and the
/// local day it was done, if it was).
pub struct PlanState<'a> {
    pub plan: &'a Plan,
    pub last: Option<(u32, Option<Ts>)>,
}

const JOB_COLS: &str =
    "id, plan_id, seq, due, engineer, assigned_by, assigned_at, done_at, done_by, note";

fn job_row(r: &rusqlite::Row) -> rusqlite::Result<Job> {
    Ok(Job {
        id: r.get(0)?,
        plan_id: r.get(1)?,
        seq: r.get(2)?,
        due: text_at(r, 3)?.parse().unwrap_or_default(),
        engineer: opt_text_at(r, 4)?,
        assigned_by: opt_text_at(r, 5)?,
        assigned_at: r.get::<_, Option<i64>>(6)?.map(ts),
        done_at: r.get::<_, Option<i64>>(7)?.map(ts),
        done_by: opt_text_at(r, 8)?,
        note: opt_text_at(r, 9)?,
    })
}

fn plan_row(r: &rusqlite::Row) -> rusqlite::Result<Plan> {
    let kind = text_at(r, 2)?;
    let every = text_at(r, 3)?;
    Ok(Plan {
        id: r.get(0)?,
        site_id: r.get(1)?,
        kind: PlanKind::from_name(&kind).unwrap_or(PlanKind::Inspection),
        every: Every::parse(&every).unwrap_or(Every::Years(1)),
        floating: r.get(4)?,
        first: text_at(r, 5)?.parse().unwrap_or_default(),
        title: opt_text_at(r, 6)?,
        ended_at: r.get::<_, Option<i64>>(7)?.map(ts),
    })
}

const PLAN_COLS: &str = "id, site_id, kind, every, floating, first, title, ended_at";

impl Store {
    pub fn add_plan(&mut self, p: &NewPlan, now: Ts) -> Result<i64> {
        self.write(|tx| {
            let site: Option<i64> = tx
                .query_row("SELECT id FROM sites WHERE name = ?1", [&p.site], |r| r.get(0))
                .optional()?;
            let Some(site) = site else {
                return Ok(Err(StoreError::NotFound(msg::unknown_site(&p.site))));
            };
            tx.execute(
                "INSERT INTO plans (site_id, kind, every, floating, first, title, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![site, p.kind.name(), p.every.to_string(), p.floating, p.first.to_string(), p.title, now.timestamp()],
            )?;
            Ok(Ok(tx.last_insert_rowid()))
        })?
    }

    pub fn plans(&self) -> Result<Vec<Plan>> {
        self.list(
            &format!("SELECT {PLAN_COLS} FROM plans ORDER BY id"),
            plan_row,
        )
    }

    /// Ends a plan: no more jobs are created; those already created stay.
    pub fn end_plan(&mut self, id: i64, now: Ts) -> Result<()> {
        self.write(|tx| {
            let ended: Option<Option<i64>> = tx
                .query_row("SELECT ended_at FROM plans WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            Ok(match ended {
                None => Err(StoreError::NotFound(msg::no_plan(id))),
                Some(Some(_)) => Err(StoreError::Invalid(msg::plan_ended(id))),
                Some(None) => {
                    tx.execute(
                        "UPDATE plans SET ended_at = ?2 WHERE id = ?1",
                        params![id, now.timestamp()],
                    )?;
                    Ok(())
                }
            })
        })?
    }

    /// Creates the jobs `next` asks for, plan by plan, in one write
    /// transaction: `next` sees each running plan with its last job and
    /// returns the jobs to create as (seq, due day). A job that exists
    /// already (another process created it first) is skipped by its key.
    /// Returns how many this call created.
    pub fn create_jobs(
        &mut self,
        now: Ts,
        mut next: impl FnMut(&PlanState) -> Vec<(u32, NaiveDate)>,
    ) -> Result<usize> {
        let plans: Vec<Plan> = self
            .plans()?
            .into_iter()
            .filter(|p| p.ended_at.is_none())
            .collect();
        if plans.is_empty() {
            return Ok(0);
        }
        self.write(|tx| {
            let mut last = tx.prepare_cached(
                "SELECT seq, done_at FROM jobs WHERE plan_id = ?1 ORDER BY seq DESC LIMIT 1",
            )?;
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO jobs (plan_id, seq, due, created_at) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut created = 0;
            for plan in &plans {
                let l: Option<(u32, Option<i64>)> = last
                    .query_row([plan.id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let state = PlanState {
                    plan,
                    last: l.map(|(seq, done)| (seq, done.map(ts))),
                };
                for (seq, due) in next(&state) {
                    created += insert.execute(params![plan.id, seq, due.to_string(), now.timestamp()])?;
                }
            }
            Ok(Ok(created))
        })?
    }

    /// Jobs by due day; without `all`, only those not done.
    pub fn jobs(&self, all: bool) -> Result<Vec<Job>> {
        let sql = if all {
            format!("SELECT {JOB_COLS} FROM jobs ORDER BY due, id")
        } else {
            format!("SELECT {JOB_COLS} FROM jobs WHERE done_at IS NULL ORDER BY due, id")
        };
        self.list(&sql, job_row)
    }

    /// Assigns a job (replacing whoever had it); refused once it is done.
    pub fn assign_job(&mut self, id: i64, engineer: &str, by: &str, now: Ts) -> Result<()> {
        self.update_job(id, |tx| {
            tx.execute(
                "UPDATE jobs SET engineer = ?2, assigned_by = ?3, assigned_at = ?4 WHERE id = ?1",
                params![id, engineer, by, now.timestamp()],
            )
        })
    }

    pub fn finish_job(&mut self, id: i64, by: &str, note: Option<&str>, now: Ts) -> Result<()> {
        self.update_job(id, |tx| {
            tx.execute(
                "UPDATE jobs SET done_at = ?2, done_by = ?3, note = ?4 WHERE id = ?1",
                params![id, now.timestamp(), by, note],
            )
        })
    }

    /// Changes a job that exists and is not done, inside the write lock.
    fn update_job(
        &mut self,
        id: i64,
        change: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<usize>,
    ) -> Result<()> {
        self.write(|tx| {
            let done: Option<Option<i64>> = tx
                .query_row("SELECT done_at FROM jobs WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            Ok(match done {
                None => Err(StoreError::NotFound(msg::no_job(id))),
                Some(Some(_)) => Err(StoreError::Invalid(msg::job_done(id))),
                Some(None) => {
                    change(tx)?;
                    Ok(())
                }
            })
        })?
    }
}
