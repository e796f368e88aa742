//! What a screen shows: the loaded tickets, sites and people, and every
//! ticket evaluated at the screen's `now`. Refreshed incrementally when
//! another process commits (`PRAGMA data_version`), re-evaluated each second.

use crate::store::TicketId;
use std::collections::HashMap;

use crate::config::Rules;
use crate::dispatch::Board;
pub use crate::service::screen::JobRow;
use crate::service::screen::Surroundings;
use crate::service::{self, Evaluated};

use crate::sla::{Level, TicketView, Ts};
use crate::store::{Engineer, Office, Site, Snapshot, Store, Ticket};

const REINDEX: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

/// Closed tickets the history screen reads: months of a busy desk.s
/// closings; older ones are a search away with `faultline ticket show`.
pub const HISTORY_LIMIT: usize = 500;

/// What a recompute rebuilds besides the views. Who is on which ticket (the
/// board's pass over every ticket) moves only with writes; who is on shift
/// moves with the clock (checked once a minute); a deadline passing moves
/// neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refresh {
    ViewsOnly,
    Shifts,
    WithBoard,
}

pub struct Data {
    pub snap: Snapshot,
    pub sites: Vec<Site>,
    pub engineers: Vec<Engineer>,
    pub offices: Vec<Office>,
    /// Open, unrestored tickets, most urgent first: indices into `all`.
    pub rows: Vec<usize>,
    /// Every loaded ticket (with those closed since loading), most urgent first.
    pub all: Vec<Evaluated>,
    pub board: Board,
    pub now: Ts,
    /// The policy's time zone: how dates are shown and searched.
    pub tz: chrono_tz::Tz,
    /// A calendar year that is missing or runs out within 45 days (the banner).
    pub calendar_missing: Option<CalendarNotice>,
    /// The headers' figures, counted once per recompute (not per frame).
    pub counts: Counts,
    /// Bumped whenever the views are recomputed (screens cache on it).
    pub generation: u64,
    /// When views were last computed, and the first moment one can change
    /// (the earliest `changes_at`); between the two only `now` moves.
    evaluated_at: Ts,
    next_change: Ts,
    /// When the board last looked at shifts (once a minute).
    board_at: Ts,
    by_id: HashMap<TicketId, usize>,
    /// Preventive jobs not done yet, by due day (the jobs screen).
    pub jobs: Vec<JobRow>,
    /// Closed tickets, newest first, read only when the history screen asks
    /// (`load_history`, also after a commit while it is shown): the console
    /// otherwise holds no history, and a reload never reads it.
    pub history: History,
    /// Notifications no hook could deliver (a banner on both screens).
    pub dead_letters: u64,
}

#[derive(Default)]
pub struct History {
    pub tickets: Vec<Ticket>,
    /// (index into `tickets`, index into `Data::sites`, view at load).
    pub rows: Vec<Evaluated>,
    pub loaded: bool,
}

/// Open, unrestored tickets by level, and how many are breached now or
/// wait for a negotiated deadline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub by_level: [usize; 4],
    pub breached: usize,
    pub negotiate: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CalendarNotice {
    pub year: i32,
    /// The calendar family (`cn`), for the file name to add.
    pub calendar: String,
    /// Some shown deadline is provisional for this year.
    pub provisional: bool,
}

/// A view evaluated earlier still reads the same at `now` (damaged rows
/// change only by a write, which touches them).
fn still_holds(e: &Evaluated, now: Ts) -> bool {
    match &e.view {
        Ok(v) => v.changes_at.is_none_or(|at| at > now),
        Err(_) => true,
    }
}

pub struct RowRef<'a> {
    pub ticket: &'a Ticket,
    pub site: &'a Site,
    pub view: &'a Result<TicketView, service::Damage>,
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
    /// Open work: what the console and the wall show. History reaches the
    /// wall as counts (`stats::Figures`), never as tickets.
    pub fn load(store: &Store, rules: &Rules, now: Ts) -> anyhow::Result<Data> {
        Data::load_since(store, rules, now, now)
    }

    /// Open work, plus closed tickets reported since `since` (the console
    /// passes `now`: it shows no history, so it loads none).
    pub fn load_since(store: &Store, rules: &Rules, now: Ts, since: Ts) -> anyhow::Result<Data> {
        let (snap, around) = service::screen::load(store, since)?;
        let Surroundings {
            sites,
            engineers,
            offices,
            jobs,
            dead_letters,
        } = around;
        let mut data = Data {
            snap,
            sites,
            engineers,
            offices,
            rows: Vec::new(),
            all: Vec::new(),
            board: Board::default(),
            now,
            tz: rules.policy.tz,
            calendar_missing: None,
            counts: Counts::default(),
            generation: 0,
            evaluated_at: now,
            next_change: now,
            board_at: now,
            by_id: HashMap::new(),
            jobs,
            history: History::default(),
            dead_letters,
        };
        data.evaluate(rules, now);
        Ok(data)
    }

    /// Reads what changed since the last read: after our own write, or
    /// when `tui::events` saw another process commit. Only the tickets the refresh touched are re-evaluated: a write reaches the
    /// screen without the engine running over everything loaded.
    pub fn reload(&mut self, store: &Store, rules: &Rules) -> anyhow::Result<()> {
        let around = service::screen::refresh(store, &mut self.snap)?;
        self.sites = around.sites;
        self.engineers = around.engineers;
        self.offices = around.offices;
        self.jobs = around.jobs;
        self.dead_letters = around.dead_letters;
        let touched: std::collections::HashSet<usize> = self.snap.touched.iter().copied().collect();
        let now = self.now;
        if !touched.is_empty() || now >= self.next_change {
            self.recompute(
                rules,
                now,
                |ti, e| !touched.contains(&ti) && still_holds(e, now),
                Refresh::WithBoard,
            );
        }
        Ok(())
    }

    /// The clock moved. A view changes only at its `changes_at` (a deadline
    /// passing, a raise, a contract action falling due); countdowns are
    /// drawn from `due - now` and tick regardless. So when the first of
    /// those moments comes, only the tickets whose moment it is are
    /// re-evaluated: at 10,000 open tickets one passes every few seconds,
    /// and the recompute costs a handful of evaluations and a sort.
    pub fn tick(&mut self, rules: &Rules, now: Ts) -> bool {
        if now < self.evaluated_at {
            // The clock went back (a replay): nothing can be reused.
            self.evaluate(rules, now);
            return true;
        }
        // Shifts start and end, and the calendar banner moves with the
        // date: the board is rebuilt at least once a minute (views reused).
        let minute = now - self.board_at >= REINDEX;
        if now >= self.next_change || minute {
            self.evaluated_at = now;
            let refresh = if minute {
                Refresh::Shifts
            } else {
                Refresh::ViewsOnly
            };
            self.recompute(rules, now, |_, e| still_holds(e, now), refresh);
            return true;
        }
        self.now = now;
        false
    }

    /// Evaluates every loaded ticket afresh at `now`.
    pub fn evaluate(&mut self, rules: &Rules, now: Ts) {
        self.evaluated_at = now;
        self.recompute(rules, now, |_, _| false, Refresh::WithBoard);
    }

    /// Every loaded ticket's view at `now`: the previous one where `reuse`
    /// says it still holds, a fresh evaluation otherwise (and for tickets
    /// not evaluated before); then most urgent first, and the index.
    fn recompute(
        &mut self,
        rules: &Rules,
        now: Ts,
        reuse: impl Fn(usize, &Evaluated) -> bool,
        refresh: Refresh,
    ) {
        let started = std::time::Instant::now();
        let mut evaluated = 0usize;
        let site_of: HashMap<i64, usize> = self
            .sites
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id, i))
            .collect();
        // In place: a view that holds is not moved (at 10,000 tickets,
        // rebuilding the list cost more than the few evaluations).
        let (tickets, sites) = (&self.snap.tickets, &self.sites);
        let mut seen = vec![false; tickets.len()];
        self.all.retain_mut(|e| {
            let Some(t) = tickets.get(e.ticket) else {
                return false;
            };
            seen[e.ticket] = true;
            let Some(&si) = site_of.get(&t.site_id) else {
                return false;
            };
            e.site = si;
            if !reuse(e.ticket, e) {
                evaluated += 1;
                e.view = service::view_of(t, &sites[si], rules, now);
            }
            true
        });
        for (ti, t) in tickets.iter().enumerate().filter(|(ti, _)| !seen[*ti]) {
            let Some(&si) = site_of.get(&t.site_id) else {
                continue;
            };
            evaluated += 1;
            self.all.push(Evaluated {
                ticket: ti,
                site: si,
                view: service::view_of(t, &sites[si], rules, now),
            });
        }
        // Stable, on a list that is nearly in order already: close to one
        // pass.
        self.all
            .sort_by_key(|e| service::urgency(&tickets[e.ticket], &e.view));
        self.index(rules, now, refresh);
        tracing::debug!(
            micros = started.elapsed().as_micros() as u64,
            evaluated,
            tickets = self.all.len(),
            "views recomputed"
        );
    }

    /// Everything derived from the evaluated views: when one can next
    /// change, the open rows, the board (when `refresh` says it may have
    /// moved), the counts, the calendar notice.
    fn index(&mut self, rules: &Rules, now: Ts, refresh: Refresh) {
        self.now = now;
        self.generation += 1;
        self.next_change = self
            .all
            .iter()
            .filter_map(|e| e.view.as_ref().ok()?.changes_at)
            .min()
            .unwrap_or(Ts::MAX_UTC);
        self.rows = (0..self.all.len())
            .filter(|&i| {
                self.all[i]
                    .view
                    .as_ref()
                    .map_or(true, |v| v.is_open() && v.restored_at.is_none())
            })
            .collect();
        self.by_id = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, &a)| (self.snap.tickets[self.all[a].ticket].id, i))
            .collect();
        if refresh != Refresh::ViewsOnly {
            self.board_at = now;
        }
        match refresh {
            Refresh::WithBoard => {
                self.board = Board::new(&self.engineers, self.open_views(), now, rules.policy.tz);
            }
            Refresh::Shifts => self.board.at(&self.engineers, now, rules.policy.tz),
            Refresh::ViewsOnly => {}
        }
        let mut counts = Counts::default();
        for r in self.rows() {
            counts.by_level[r.level().index()] += 1;
            if let Some(v) = r.ok() {
                counts.breached += usize::from(v.is_breached_now());
                counts.negotiate += usize::from(v.negotiation_pending());
            }
        }
        self.counts = counts;
        let provisional = self.open_views().filter_map(|(_, v)| v.provisional()).min();
        let soon = rules
            .calendar
            .missing_soon(rules.policy.local.local_date(now));
        let notice = |year, provisional| CalendarNotice {
            year,
            calendar: rules.calendar.name().to_string(),
            provisional,
        };
        self.calendar_missing = match (provisional, soon) {
            (Some(year), _) => Some(notice(year, true)),
            (None, Some(year)) => Some(notice(year, false)),
            (None, None) => None,
        };
    }

    /// Open, unrestored tickets whose deadlines could be computed.
    pub fn open_views(&self) -> impl Iterator<Item = (&Ticket, &TicketView)> + '_ {
        self.rows.iter().filter_map(|&a| {
            let e = &self.all[a];
            e.view
                .as_ref()
                .ok()
                .map(|v| (&self.snap.tickets[e.ticket], v))
        })
    }

    pub fn row(&self, i: usize) -> Option<RowRef<'_>> {
        let e = &self.all[*self.rows.get(i)?];
        Some(RowRef {
            ticket: &self.snap.tickets[e.ticket],
            site: &self.sites[e.site],
            view: &e.view,
        })
    }

    pub fn row_by_id(&self, id: TicketId) -> Option<RowRef<'_>> {
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

    /// Any loaded ticket by number: open, restored or closed since loading.
    pub fn any_row(&self, id: TicketId) -> Option<RowRef<'_>> {
        self.all_rows()
            .find(|r| r.ticket.id == id)
            .or_else(|| self.history_rows().find(|r| r.ticket.id == id))
    }

    /// The history screen's tickets, newest first.
    pub fn history_rows(&self) -> impl Iterator<Item = RowRef<'_>> + '_ {
        self.history.rows.iter().filter_map(|e| {
            Some(RowRef {
                ticket: self.history.tickets.get(e.ticket)?,
                site: self.sites.get(e.site)?,
                view: &e.view,
            })
        })
    }

    /// Reads the closed tickets the history screen lists (the newest
    /// [`HISTORY_LIMIT`]), evaluated at `now`.
    pub fn load_history(&mut self, store: &Store, rules: &Rules) -> anyhow::Result<()> {
        let tickets = service::screen::closed(store, HISTORY_LIMIT)?;
        let rows = tickets
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let site = self.sites.iter().position(|s| s.id == t.site_id)?;
                Some(Evaluated {
                    ticket: i,
                    site,
                    view: service::view_of(t, &self.sites[site], rules, self.now),
                })
            })
            .collect();
        self.history = History {
            tickets,
            rows,
            loaded: true,
        };
        Ok(())
    }

    pub fn office_of(&self, e: &Engineer) -> Option<&Office> {
        self.offices.iter().find(|o| o.id == e.office_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testing::{demo, now, views};

    /// The screen re-evaluates only the tickets whose `changes_at` came;
    /// over a working day, second by second where it matters, it must show
    /// exactly what evaluating everything afresh shows.
    #[test]
    fn ticking_through_a_day_agrees_with_evaluating_everything_afresh() {
        let mut desk = demo();
        crate::demo::seed_extra(&mut desk.store, &desk.rules, now(), 300).unwrap();
        desk.data.reload(&desk.store, &desk.rules).unwrap();
        let mut t = now();
        let mut partial = 0;
        for step in 0..1500 {
            t += chrono::TimeDelta::seconds(23);
            let before = desk.data.generation;
            desk.data.tick(&desk.rules, t);
            partial += usize::from(desk.data.generation != before);
            if step % 50 == 0 {
                let fresh = Data::load(&desk.store, &desk.rules, t).unwrap();
                assert_eq!(views(&desk.data), views(&fresh), "at {t}");
                assert_eq!(desk.data.next_change, fresh.next_change);
            }
        }
        assert!(partial > 100, "{partial} recomputes in 9.5 hours");
    }
}
