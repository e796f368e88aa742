//! Offices, sites and engineers: the small, slowly changing tables.

use crate::msg::store as msg;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{opt_text_at, text_at, Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Office {
    pub id: i64,
    pub name: String,
    pub city: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Site {
    pub id: i64,
    pub name: String,
    pub distance_km: f64,
    pub in_province: bool,
    pub contract: Option<String>,
    pub customer: Option<String>,
    pub city: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The project manager (an engineer of role `pm`): follows up every
    /// restoration here.
    pub pm: Option<String>,
}

/// A unit under the contract, and its warranty (section 5).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Equipment {
    pub id: i64,
    pub site_id: i64,
    pub model: String,
    pub serial: String,
    pub accepted: chrono::NaiveDate,
    pub warranty_years: u32,
}

impl Equipment {
    /// The last day under warranty: acceptance plus the years, less a day.
    pub fn warranty_end(&self) -> Option<chrono::NaiveDate> {
        self.accepted
            .checked_add_months(chrono::Months::new(12 * self.warranty_years))?
            .pred_opt()
    }
}

#[derive(Debug, Clone)]
pub struct NewEquipment {
    pub site: String,
    pub model: String,
    pub serial: String,
    pub accepted: chrono::NaiveDate,
    pub warranty_years: u32,
}

#[derive(Debug, Clone, Default)]
pub struct NewSite {
    pub name: String,
    pub distance_km: f64,
    pub in_province: bool,
    pub contract: Option<String>,
    pub customer: Option<String>,
    pub city: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub pm: Option<String>,
}

/// Section 6's roles. The order is the dispatch tier: levels 1–3 on site need
/// a senior engineer or above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    Remote,
    Onsite,
    Senior,
    Expert,
    Director,
    Vendor,
    Pm,
}

impl Role {
    /// Derived from the variant (`strum`, snake case), as serde spells it.
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn parse(s: &str) -> Option<Role> {
        s.parse().ok()
    }

    /// Every role as `--role` and the import file take it, for refusals.
    pub fn names() -> String {
        let names: Vec<&str> = <Role as strum::IntoEnumIterator>::iter()
            .map(Role::name)
            .collect();
        names.join(", ")
    }

    /// Dispatch tier: 0 remote only, 1 on-site, 2 senior and above. Project
    /// managers are not dispatched (`None`).
    pub fn tier(self) -> Option<u8> {
        match self {
            Role::Remote => Some(0),
            Role::Onsite => Some(1),
            Role::Senior | Role::Expert | Role::Director | Role::Vendor => Some(2),
            Role::Pm => None,
        }
    }
}

/// Local shift hours, parsed once where they enter (the command line, the
/// demo file, the database row) and compared as times from then on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    pub start: chrono::NaiveTime,
    pub end: chrono::NaiveTime,
}

impl Shift {
    /// "HH:MM-HH:MM".
    pub fn parse(s: &str) -> Option<Shift> {
        let (a, b) = s.split_once('-')?;
        let time = |t: &str| chrono::NaiveTime::parse_from_str(t.trim(), "%H:%M").ok();
        Some(Shift {
            start: time(a)?,
            end: time(b)?,
        })
    }

    /// Whether local time `t` falls in the shift; a night shift (22:00-06:00)
    /// runs past midnight.
    pub fn covers(&self, t: chrono::NaiveTime) -> bool {
        if self.start <= self.end {
            t >= self.start && t < self.end
        } else {
            t >= self.start || t < self.end
        }
    }
}

impl std::fmt::Display for Shift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}-{}",
            self.start.format("%H:%M"),
            self.end.format("%H:%M")
        )
    }
}

impl Serialize for Shift {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Engineer {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub office_id: i64,
    /// `None` is on call around the clock (also a stored value that no
    /// longer parses: better called than forgotten).
    pub shift: Option<Shift>,
    pub off_duty: bool,
}

#[derive(Debug, Clone)]
pub struct NewEngineer {
    pub name: String,
    pub role: Role,
    pub office: String,
    pub shift: Option<Shift>,
}

fn conflict_or(e: rusqlite::Error, what: &str) -> std::result::Result<StoreError, rusqlite::Error> {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => {
            Ok(StoreError::Conflict(what.to_string()))
        }
        _ => Err(e),
    }
}

impl Store {
    pub fn add_office(
        &mut self,
        name: &str,
        city: Option<&str>,
        lat: Option<f64>,
        lon: Option<f64>,
    ) -> Result<i64> {
        self.write(|tx| {
            match tx.execute(
                "INSERT INTO offices (name, city, lat, lon) VALUES (?1, ?2, ?3, ?4)",
                params![name, city, lat, lon],
            ) {
                Ok(_) => Ok(Ok(tx.last_insert_rowid())),
                Err(e) => conflict_or(e, &msg::office_exists(name)).map(Err),
            }
        })?
    }

    pub fn add_site(&mut self, s: &NewSite) -> Result<i64> {
        self.write(|tx| {
            if let Some(pm) = &s.pm {
                if let Err(e) = check_pm(tx, pm)? {
                    return Ok(Err(e));
                }
            }
            let r = tx.execute(
                "INSERT INTO sites (name, distance_km, in_province, contract, customer, city, lat, lon, pm) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![s.name, s.distance_km, s.in_province, s.contract, s.customer, s.city, s.lat, s.lon, s.pm],
            );
            match r {
                Ok(_) => Ok(Ok(tx.last_insert_rowid())),
                Err(e) => conflict_or(e, &msg::site_exists(&s.name)).map(Err),
            }
        })?
    }

    /// Names a site's project manager, who must be an engineer of role `pm`.
    pub fn set_site_pm(&mut self, site: &str, pm: &str) -> Result<()> {
        self.write(|tx| {
            if let Err(e) = check_pm(tx, pm)? {
                return Ok(Err(e));
            }
            let n = tx.execute(
                "UPDATE sites SET pm = ?2 WHERE name = ?1",
                params![site, pm],
            )?;
            Ok(if n == 1 {
                Ok(())
            } else {
                Err(StoreError::NotFound(msg::unknown_site(site)))
            })
        })?
    }

    pub fn add_equipment(&mut self, e: &NewEquipment) -> Result<i64> {
        self.write(|tx| {
            let site: Option<i64> = tx
                .query_row("SELECT id FROM sites WHERE name = ?1", [&e.site], |r| r.get(0))
                .optional()?;
            let Some(site) = site else {
                return Ok(Err(StoreError::NotFound(msg::unknown_site(&e.site))));
            };
            match tx.execute(
                "INSERT INTO equipment (site_id, model, serial, accepted, warranty_years) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![site, e.model, e.serial, e.accepted.to_string(), e.warranty_years],
            ) {
                Ok(_) => Ok(Ok(tx.last_insert_rowid())),
                Err(err) => conflict_or(
                    err,
                    &msg::equipment_exists(&e.serial),
                )
                .map(Err),
            }
        })?
    }

    pub fn equipment(&self) -> Result<Vec<Equipment>> {
        self.list(
            "SELECT id, site_id, model, serial, accepted, warranty_years FROM equipment ORDER BY id",
            |r| {
                let accepted: String = text_at(r, 4)?;
                Ok(Equipment {
                    id: r.get(0)?,
                    site_id: r.get(1)?,
                    model: text_at(r, 2)?,
                    serial: text_at(r, 3)?,
                    accepted: accepted.parse().unwrap_or_default(),
                    warranty_years: r.get(5)?,
                })
            },
        )
    }

    pub fn add_engineer(&mut self, e: &NewEngineer) -> Result<i64> {
        self.write(|tx| {
            let office: Option<i64> = tx
                .query_row("SELECT id FROM offices WHERE name = ?1", [&e.office], |r| {
                    r.get(0)
                })
                .optional()?;
            let Some(office) = office else {
                return Ok(Err(StoreError::NotFound(msg::unknown_office(&e.office))));
            };
            match tx.execute(
                "INSERT INTO engineers (name, role, office_id, shift) VALUES (?1, ?2, ?3, ?4)",
                params![
                    e.name,
                    e.role.name(),
                    office,
                    e.shift.map(|s| s.to_string())
                ],
            ) {
                Ok(_) => Ok(Ok(tx.last_insert_rowid())),
                Err(err) => conflict_or(err, &msg::engineer_exists(&e.name)).map(Err),
            }
        })?
    }

    pub fn set_off_duty(&mut self, name: &str, off: bool) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE engineers SET off_duty = ?1 WHERE name = ?2",
                params![off, name],
            )?;
            Ok(if n == 1 {
                Ok(())
            } else {
                Err(StoreError::NotFound(msg::unknown_engineer(name)))
            })
        })?
    }

    /// Every row of a small reference table, in id order.
    pub(super) fn list<T>(
        &self,
        sql: &str,
        row: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut st = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = st.query_map([], row);
        rows.and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))
    }

    pub fn offices(&self) -> Result<Vec<Office>> {
        self.list(
            "SELECT id, name, city, lat, lon FROM offices ORDER BY id",
            |r| {
                Ok(Office {
                    id: r.get(0)?,
                    name: text_at(r, 1)?,
                    city: opt_text_at(r, 2)?,
                    lat: r.get(3)?,
                    lon: r.get(4)?,
                })
            },
        )
    }

    pub fn sites(&self) -> Result<Vec<Site>> {
        self.list(
            "SELECT id, name, distance_km, in_province, contract, customer, city, lat, lon, pm \
             FROM sites ORDER BY id",
            |r| {
                Ok(Site {
                    id: r.get(0)?,
                    name: text_at(r, 1)?,
                    distance_km: r.get(2)?,
                    in_province: r.get(3)?,
                    contract: opt_text_at(r, 4)?,
                    customer: opt_text_at(r, 5)?,
                    city: opt_text_at(r, 6)?,
                    lat: r.get(7)?,
                    lon: r.get(8)?,
                    pm: opt_text_at(r, 9)?,
                })
            },
        )
    }

    pub fn engineers(&self) -> Result<Vec<Engineer>> {
        self.list(
            "SELECT id, name, role, office_id, shift, off_duty FROM engineers ORDER BY id",
            |r| {
                let role: String = r.get(2)?;
                Ok(Engineer {
                    id: r.get(0)?,
                    name: text_at(r, 1)?,
                    role: Role::parse(&role).unwrap_or(Role::Remote),
                    office_id: r.get(3)?,
                    shift: r
                        .get::<_, Option<String>>(4)?
                        .and_then(|s| Shift::parse(&s)),
                    off_duty: r.get(5)?,
                })
            },
        )
    }
}

/// `Err` inside: `pm` is not an engineer of role `pm`.
fn check_pm(
    tx: &rusqlite::Transaction,
    pm: &str,
) -> rusqlite::Result<std::result::Result<(), StoreError>> {
    let role: Option<String> = tx
        .query_row("SELECT role FROM engineers WHERE name = ?1", [pm], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(match role.as_deref() {
        Some("pm") => Ok(()),
        Some(other) => Err(StoreError::Invalid(msg::not_a_pm(pm, other))),
        None => Err(StoreError::NotFound(msg::unknown_pm(pm))),
    })
}

#[cfg(test)]
mod tests {
    use super::Shift;

    fn at(s: &str) -> chrono::NaiveTime {
        chrono::NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    #[test]
    fn a_night_shift_covers_the_small_hours_and_not_the_afternoon() {
        let night = Shift::parse("22:00-06:00").unwrap();
        assert!(night.covers(at("02:00")) && night.covers(at("22:00")));
        assert!(!night.covers(at("06:00")) && !night.covers(at("15:00")));
        assert_eq!(night.to_string(), "22:00-06:00");
    }

    #[test]
    fn a_shift_needs_two_clock_times() {
        assert_eq!(Shift::parse("9-18"), None);
        assert_eq!(Shift::parse("09:00"), None);
        assert!(Shift::parse(" 09:00 - 18:00 ").is_some());
    }
}
