//! What the console and the wall read from the store: a snapshot of open
//! tickets kept fresh by [`refresh`], and the small tables around it, re-read
//! whole on every refresh. Screens read through here, not the store, like
//! every other use-case.

use super::Result;
use crate::compliance::Tallies;
use crate::sla::Ts;
use crate::store::{Engineer, Office, SettledChanges, Site, Snapshot, Store, Ticket};

/// Sites, people, open jobs and undelivered notices: what a screen shows
/// beside its tickets.
pub struct Surroundings {
    pub sites: Vec<Site>,
    pub engineers: Vec<Engineer>,
    pub offices: Vec<Office>,
    pub jobs: Vec<JobRow>,
    pub dead_letters: u64,
}

/// A job with what its plan says about it.
#[derive(Debug, Clone)]
pub struct JobRow {
    pub job: crate::store::Job,
    pub site: String,
    pub kind: crate::sla::plan::PlanKind,
    pub title: Option<String>,
}

/// Open tickets, plus closed ones reported since `since`, and what is
/// around them.
pub fn load(store: &Store, since: Ts) -> Result<(Snapshot, Surroundings)> {
    let snap = store.snapshot(since)?;
    Ok((snap, surroundings(store)?))
}

/// What changed since the snapshot's last read (its events by id), and the
/// tables around it again.
pub fn refresh(store: &Store, snap: &mut Snapshot) -> Result<Surroundings> {
    store.refresh(snap)?;
    surroundings(store)
}

/// The newest `limit` closed tickets, for the history screen.
pub fn closed(store: &Store, limit: usize) -> Result<Vec<Ticket>> {
    Ok(store.closed_tickets(limit)?)
}

/// The wall's compliance source: the settled records' counts per day from
/// `from` on, the last record's id (to poll from), and whether closed
/// tickets from before the records wait for `faultline rebuild`.
pub fn settled(store: &Store, from: chrono::NaiveDate) -> Result<(Tallies, i64, bool)> {
    let mut tallies = Tallies::default();
    let (counts, last_id) = store.settled_counts(from)?;
    for c in counts {
        tallies.add_settled(c.kind, c.day, c.level, c.verdict, c.n);
    }
    Ok((tallies, last_id, need_rebuild(store)?))
}

/// The settled records other processes wrote after `last_id`.
pub fn settled_since(store: &Store, last_id: i64) -> Result<SettledChanges> {
    Ok(store.settled_since(last_id)?)
}

/// Whether closed tickets from before the settled records still wait for
/// `faultline rebuild`.
pub fn need_rebuild(store: &Store) -> Result<bool> {
    Ok(store.settled_need_rebuild()?)
}

fn surroundings(store: &Store) -> Result<Surroundings> {
    let sites = store.sites()?;
    Ok(Surroundings {
        jobs: jobs(store, &sites)?,
        engineers: store.engineers()?,
        offices: store.offices()?,
        dead_letters: store.dead_letters()?,
        sites,
    })
}

/// Open jobs with their plans' site, kind and title.
fn jobs(store: &Store, sites: &[Site]) -> Result<Vec<JobRow>> {
    let plans = store.plans()?;
    Ok(store
        .jobs(false)?
        .into_iter()
        .filter_map(|job| {
            let plan = plans.iter().find(|p| p.id == job.plan_id)?;
            let site = sites.iter().find(|s| s.id == plan.site_id)?;
            Some(JobRow {
                site: site.name.clone(),
                kind: plan.kind,
                title: plan.title.clone(),
                job,
            })
        })
        .collect())
}
