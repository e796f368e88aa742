//! What a screen shows: the loaded tickets, sites and people, and every
//! ticket evaluated at the screen's `now`. Refreshed incrementally when
//! another process commits (`PRAGMA data_version`), re-evaluated each second.

use std::collections::HashMap;

use crate::config::Rules;
use crate::dispatch::Board;
use crate::service::{self, Evaluated};
use crate::sla::{Level, TicketView, Ts};
use crate::store::{DataVersion, Engineer, Office, Site, Snapshot, Store, Ticket};

/// Tickets closed longer ago than this are not loaded (the wall's 30-day
/// compliance figures are the longest look back).
pub const LOOK_BACK_DAYS: i64 = 31;

pub struct Data {
    pub snap: Snapshot,
    pub sites: Vec<Site>,
    pub engineers: Vec<Engineer>,
    pub offices: Vec<Office>,
    /// Open tickets, most urgent first.
    pub rows: Vec<Evaluated>,
    /// Every loaded ticket (closed ones too), for compliance figures.
    pub all: Vec<Evaluated>,
    pub board: Board,
    pub now: Ts,
    version: DataVersion,
    by_id: HashMap<i64, usize>,
}

pub struct RowRef<'a> {
    pub ticket: &'a Ticket,
    pub site: &'a Site,
    pub view: &'a Result<TicketView, crate::sla::SlaError>,
}

impl RowRef<'_> {
    pub fn ok(&self) -> Option<&TicketView> {
        self.view.as_ref().ok()
    }

    pub fn level(&self) -> Level {
        self.ok().map_or(self.ticket.level, |v| v.level)
    }
}

impl Data {
    pub fn load(store: &Store, rules: &Rules, now: Ts) -> anyhow::Result<Data> {
        let snap = store.snapshot(now - chrono::TimeDelta::days(LOOK_BACK_DAYS))?;
        let mut data = Data {
            snap,
            sites: store.sites()?,
            engineers: store.engineers()?,
            offices: store.offices()?,
            rows: Vec::new(),
            all: Vec::new(),
            board: Board {
                status: HashMap::new(),
            },
            now,
            version: DataVersion::default(),
            by_id: HashMap::new(),
        };
        data.version.changed(store)?;
        data.evaluate(rules, now);
        Ok(data)
    }

    /// Reads what other processes committed since the last look. Returns
    /// whether anything changed.
    pub fn poll(&mut self, store: &Store, rules: &Rules) -> anyhow::Result<bool> {
        if !self.version.changed(store)? {
            return Ok(false);
        }
        self.reload(store, rules)?;
        Ok(true)
    }

    /// After our own write (which does not move our `data_version`).
    pub fn reload(&mut self, store: &Store, rules: &Rules) -> anyhow::Result<()> {
        store.refresh(&mut self.snap)?;
        self.sites = store.sites()?;
        self.engineers = store.engineers()?;
        self.offices = store.offices()?;
        self.version.changed(store)?;
        self.evaluate(rules, self.now);
        Ok(())
    }

    /// Re-evaluates every ticket at `now` (a second's tick moves countdowns
    /// and can pass deadlines, which raises levels).
    pub fn evaluate(&mut self, rules: &Rules, now: Ts) {
        self.now = now;
        self.all = service::evaluate_all(&self.snap, &self.sites, rules, now, true);
        self.rows = self
            .all
            .iter()
            .filter(|e| {
                e.view
                    .as_ref()
                    .map_or(true, |v| v.is_open() && v.restored_at.is_none())
            })
            .map(|e| Evaluated {
                ticket: e.ticket,
                site: e.site,
                view: e.view.clone(),
            })
            .collect();
        self.by_id = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, e)| (self.snap.tickets[e.ticket].id, i))
            .collect();
        let views = self.rows.iter().filter_map(|e| {
            e.view
                .as_ref()
                .ok()
                .map(|v| (&self.snap.tickets[e.ticket], v))
        });
        self.board = Board::new(&self.engineers, views, now, rules.policy.tz);
    }

    pub fn row(&self, i: usize) -> Option<RowRef<'_>> {
        let e = self.rows.get(i)?;
        Some(RowRef {
            ticket: &self.snap.tickets[e.ticket],
            site: &self.sites[e.site],
            view: &e.view,
        })
    }

    pub fn row_by_id(&self, id: i64) -> Option<RowRef<'_>> {
        self.by_id.get(&id).and_then(|&i| self.row(i))
    }

    pub fn rows(&self) -> impl Iterator<Item = RowRef<'_>> + '_ {
        (0..self.rows.len()).filter_map(|i| self.row(i))
    }

    pub fn all_rows(&self) -> impl Iterator<Item = RowRef<'_>> + '_ {
        self.all.iter().map(|e| RowRef {
            ticket: &self.snap.tickets[e.ticket],
            site: &self.sites[e.site],
            view: &e.view,
        })
    }

    pub fn office_of(&self, e: &Engineer) -> Option<&Office> {
        self.offices.iter().find(|o| o.id == e.office_id)
    }
}
