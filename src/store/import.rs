//! Reference data in bulk (`faultline import`): every row in one write
//! transaction, so a file is taken whole or not at all.

use crate::msg::store as msg;
use std::collections::HashMap;

use rusqlite::params;

use super::{NewEngineer, NewEquipment, NewSite, Result, Store, StoreError};

#[derive(Debug, Clone)]
pub struct NewOffice {
    pub name: String,
    pub city: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// Checked rows with the file line each came from (for the one error line).
#[derive(Debug, Clone)]
pub enum ImportRows {
    Offices(Vec<(usize, NewOffice)>),
    Sites(Vec<(usize, NewSite)>),
    Engineers(Vec<(usize, NewEngineer)>),
    Equipment(Vec<(usize, NewEquipment)>),
}

impl Store {
    /// Writes every row or none: a name already taken, an unknown office or
    /// site, a project manager who is not one refuses the whole file,
    /// naming the line. Returns the rows written.
    pub fn import(&mut self, rows: &ImportRows) -> Result<usize> {
        self.write(|tx| {
            let names = |sql: &str| -> rusqlite::Result<HashMap<String, i64>> {
                let mut st = tx.prepare(sql)?;
                let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
                rows.collect()
            };
            let refuse = |line: usize, what: String| Ok(Err(StoreError::Invalid(msg::at_line(line, &what))));
            let taken = |e: &rusqlite::Error| {
                e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation)
            };
            let mut n = 0;
            match rows {
                ImportRows::Offices(rows) => {
                    let mut st = tx.prepare("INSERT INTO offices (name, city, lat, lon) VALUES (?1, ?2, ?3, ?4)")?;
                    for (line, o) in rows {
                        match st.execute(params![o.name, o.city, o.lat, o.lon]) {
                            Ok(_) => n += 1,
                            Err(e) if taken(&e) => return refuse(*line, msg::office_exists(&o.name)),
                            Err(e) => return Err(e),
                        }
                    }
                }
                ImportRows::Sites(rows) => {
                    let roles = names("SELECT name, role = 'pm' FROM engineers")?;
                    let mut st = tx.prepare("INSERT INTO sites (name, distance_km, in_province, contract, customer, city, lat, lon, pm) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
                    for (line, s) in rows {
                        if let Some(pm) = &s.pm {
                            match roles.get(pm) {
                                Some(1) => {}
                                Some(_) => return refuse(*line, msg::import_not_a_pm(pm)),
                                None => return refuse(*line, msg::import_engineers_first(pm)),
                            }
                        }
                        match st.execute(params![s.name, s.distance_km, s.in_province, s.contract, s.customer, s.city, s.lat, s.lon, s.pm]) {
                            Ok(_) => n += 1,
                            Err(e) if taken(&e) => return refuse(*line, msg::site_exists(&s.name)),
                            Err(e) => return Err(e),
                        }
                    }
                }
                ImportRows::Engineers(rows) => {
                    let offices = names("SELECT name, id FROM offices")?;
                    let mut st = tx.prepare("INSERT INTO engineers (name, role, office_id, shift) VALUES (?1, ?2, ?3, ?4)")?;
                    for (line, e) in rows {
                        let Some(office) = offices.get(&e.office) else {
                            return refuse(*line, msg::import_offices_first(&e.office));
                        };
                        match st.execute(params![e.name, e.role.name(), office, e.shift.map(|s| s.to_string())]) {
                            Ok(_) => n += 1,
                            Err(err) if taken(&err) => return refuse(*line, msg::engineer_exists(&e.name)),
                            Err(err) => return Err(err),
                        }
                    }
                }
                ImportRows::Equipment(rows) => {
                    let sites = names("SELECT name, id FROM sites")?;
                    let mut st = tx.prepare("INSERT INTO equipment (site_id, model, serial, accepted, warranty_years) VALUES (?1, ?2, ?3, ?4, ?5)")?;
                    for (line, e) in rows {
                        let Some(site) = sites.get(&e.site) else {
                            return refuse(*line, msg::import_sites_first(&e.site));
                        };
                        match st.execute(params![site, e.model, e.serial, e.accepted.to_string(), e.warranty_years]) {
                            Ok(_) => n += 1,
                            Err(err) if taken(&err) => return refuse(*line, msg::equipment_exists(&e.serial)),
                            Err(err) => return Err(err),
                        }
                    }
                }
            }
            Ok(Ok(n))
        })?
    }
}
