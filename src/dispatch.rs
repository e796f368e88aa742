//! Who can still make it: engineer availability derived from assignments and
//! shifts, and candidates for a ticket ranked by fit.

use crate::msg::labels;
use crate::msg::service as msg;
use std::collections::HashMap;

use chrono::TimeDelta;
use chrono_tz::Tz;

use crate::geo;
use crate::sla::{Milestone, TicketView, Ts};
use crate::store::{Engineer, Office, Site, Ticket};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Availability {
    Available,
    EnRoute,
    OnSite,
    OffDuty,
}

impl Availability {
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Availability::Available => labels::free(lang),
            Availability::EnRoute => labels::en_route(lang),
            Availability::OnSite => labels::on_site(lang),
            Availability::OffDuty => labels::off(lang),
        }
    }
}

/// Where each engineer is, from the open tickets they are assigned to: on
/// site once an assigned on-site ticket has an arrival, en route while it
/// has none, off duty outside their shift or when marked off.
#[derive(Debug, Clone, Default)]
pub struct Board {
    /// (load, on site, en route) by engineer name: moves only with writes.
    work: HashMap<String, (usize, bool, bool)>,
    pub status: HashMap<i64, (Availability, usize)>,
}

fn in_shift(e: &Engineer, now: Ts, tz: Tz) -> bool {
    e.shift
        .is_none_or(|s| s.covers(now.with_timezone(&tz).time()))
}

/// Why the contract says `e` should not be sent on this ticket now, or
/// `None`: levels 1–3 on site need a senior engineer or above (§6), a
/// remote engineer does not go on site, and an engineer off duty or off
/// shift is not sent. A dispatcher may still send them, with a reason.
pub fn unfit(e: &Engineer, view: &TicketView, now: Ts, tz: Tz) -> Option<String> {
    let tier = e.role.tier()?;
    if e.off_duty {
        return Some(msg::off_duty(&e.name));
    }
    if !in_shift(e, now, tz) {
        let shift = e.shift.map(|s| s.to_string()).unwrap_or_default();
        return Some(msg::off_shift(&e.name, &shift));
    }
    if view.onsite && view.level.number() <= 3 && tier < 2 {
        return Some(msg::too_junior(view.level, &e.name, e.role));
    }
    if view.onsite && tier < 1 {
        return Some(msg::remote_only(&e.name));
    }
    None
}

impl Board {
    /// `tickets`: every ticket with its current view.
    pub fn new<'a>(
        engineers: &[Engineer],
        tickets: impl Iterator<Item = (&'a Ticket, &'a TicketView)>,
        now: Ts,
        tz: Tz,
    ) -> Board {
        // One pass over the tickets: (load, on site, en route) by name.
        let mut work: HashMap<String, (usize, bool, bool)> = HashMap::new();
        for (ticket, v) in tickets {
            if v.restored_at.is_some() || v.closed_at.is_some() {
                continue;
            }
            let arrived = v
                .milestone(Milestone::OnsiteArrival)
                .and_then(|m| m.met_at())
                .is_some();
            for name in ticket.assignees() {
                let entry = match work.get_mut(name) {
                    Some(entry) => entry,
                    None => work.entry(name.to_string()).or_default(),
                };
                entry.0 += 1;
                if v.onsite {
                    entry.1 |= arrived;
                    entry.2 |= !arrived;
                }
            }
        }
        let mut board = Board {
            work,
            status: HashMap::new(),
        };
        board.at(engineers, now, tz);
        board
    }

    /// The same work at another moment: shifts start and end (a pass over
    /// the engineers, not the tickets).
    pub fn at(&mut self, engineers: &[Engineer], now: Ts, tz: Tz) {
        self.status.clear();
        for e in engineers {
            let (load, onsite, en_route) = self.work.get(&e.name).copied().unwrap_or_default();
            let a = if e.off_duty || !in_shift(e, now, tz) {
                Availability::OffDuty
            } else if onsite {
                Availability::OnSite
            } else if en_route {
                Availability::EnRoute
            } else {
                Availability::Available
            };
            self.status.insert(e.id, (a, load));
        }
    }

    pub fn of(&self, e: &Engineer) -> (Availability, usize) {
        self.status
            .get(&e.id)
            .copied()
            .unwrap_or((Availability::Available, 0))
    }
}

#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub engineer: &'a Engineer,
    pub office: Option<&'a Office>,
    pub availability: Availability,
    pub load: usize,
    /// Levels 1–3 on site need a senior engineer or above (section 6).
    pub tier_ok: bool,
    pub distance_km: Option<f64>,
    pub eta: Option<Ts>,
    /// Seconds between ETA and the arrival deadline; negative = late.
    pub spare: Option<i64>,
    pub assigned: bool,
}

/// How senior a role is, for role fit: remote, on-site, senior, expert,
/// director, then the vendor's engineer (someone else's scarce people).
fn seniority(role: crate::store::Role) -> u8 {
    use crate::store::Role;
    match role {
        Role::Remote => 0,
        Role::Onsite => 1,
        Role::Senior => 2,
        Role::Expert => 3,
        Role::Director => 4,
        Role::Vendor => 5,
        Role::Pm => 6,
    }
}

/// Road distance from an office to a site: coordinates (or cities) on both
/// ends, else the site's recorded distance (from its nearest office).
pub fn distance(office: Option<&Office>, site: &Site) -> f64 {
    let point = |lat: Option<f64>, lon: Option<f64>, city: Option<&str>| match (lat, lon) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => city.and_then(geo::city).map(|c| (c.1, c.2)),
    };
    let from = office.and_then(|o| point(o.lat, o.lon, o.city.as_deref()));
    let to = point(site.lat, site.lon, site.city.as_deref());
    match (from, to) {
        (Some(a), Some(b)) => geo::road_km(a, b).max(site.distance_km.min(1.0)),
        _ => site.distance_km,
    }
}

/// Candidates for a ticket, best first; those who would arrive late sink to
/// the bottom with the lateness shown, off-duty and wrong-tier below them.
/// The ticket an assignment is wanted for.
pub struct Wanted<'a> {
    pub ticket: &'a Ticket,
    pub site: &'a Site,
    pub view: &'a TicketView,
}

pub fn candidates<'a>(
    row: &Wanted,
    engineers: &'a [Engineer],
    offices: &'a [Office],
    board: &Board,
    speed_kmh: f64,
    now: Ts,
) -> Vec<Candidate<'a>> {
    let view = row.view;
    let needs_senior = view.onsite && view.level.number() <= 3;
    let deadline = view
        .milestone(Milestone::OnsiteArrival)
        .filter(|m| m.met_at().is_none())
        .and_then(|m| m.due());
    let assigned = row.ticket.assignees();
    // After `cannot_fix` (§6: the expert review), someone of a higher tier
    // than those already on the ticket goes first, and nobody lower fits.
    let escalate_from = view.cannot_fix.then(|| {
        engineers
            .iter()
            .filter(|e| assigned.contains(&e.name.as_str()))
            .filter_map(|e| e.role.tier())
            .max()
            .unwrap_or(0)
    });
    let mut out: Vec<Candidate> = engineers
        .iter()
        .filter_map(|e| {
            let tier = e.role.tier()?;
            let office = offices.iter().find(|o| o.id == e.office_id);
            let (availability, load) = board.of(e);
            let (distance_km, eta) = if view.onsite {
                let km = distance(office, row.site);
                let secs = (km / speed_kmh.max(1.0) * 3600.0) as i64;
                (Some(km), Some(now + TimeDelta::seconds(secs)))
            } else {
                (None, None)
            };
            let spare = eta
                .zip(deadline)
                .map(|(eta, due)| (due - eta).num_seconds());
            Some(Candidate {
                engineer: e,
                office,
                availability,
                load,
                tier_ok: if needs_senior {
                    tier >= 2
                } else {
                    tier >= 1 || !view.onsite
                } && escalate_from.is_none_or(|from| tier >= from),
                distance_km,
                eta,
                spare,
                assigned: assigned.contains(&e.name.as_str()),
            })
        })
        .collect();
    // Role fit: the least senior role the ticket needs goes first, and the
    // scarce people (expert, director, the vendor's engineer) only after
    // those who fit it exactly, among those who arrive in time.
    let needed = if needs_senior {
        2
    } else {
        u8::from(view.onsite)
    };
    out.sort_by_key(|c| {
        let higher_first = match escalate_from {
            Some(_) => std::cmp::Reverse(c.engineer.role.tier().unwrap_or(0)),
            None => std::cmp::Reverse(0),
        };
        (
            !c.tier_ok,
            c.availability == Availability::OffDuty,
            higher_first,
            c.spare.is_some_and(|s| s < 0),
            seniority(c.engineer.role).saturating_sub(needed),
            c.availability,
            c.load,
            c.eta.map(|t| t.timestamp()).unwrap_or(0),
            c.engineer.id,
        )
    });
    out
}
