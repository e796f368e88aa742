//! `faultline import KIND FILE.csv`: reference data in bulk. Every row is
//! checked before anything is written; the first problem is one line
//! naming the file, line and column, and the file is refused whole.

use crate::msg::cli::import as msg;
use std::collections::HashMap;

use super::*;
use crate::store::{ImportRows, NewEquipment, NewOffice};

/// The columns each kind takes (the templates in `assets/import/`), the
/// required ones first.
fn columns(kind: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match kind {
        "offices" => (&["name"], &["city"]),
        "sites" => (
            &["name"],
            &[
                "distance_km",
                "city",
                "in_province",
                "contract",
                "customer",
                "pm",
            ],
        ),
        "engineers" => (&["name", "role", "office"], &["shift"]),
        "equipment" => (
            &["site", "model", "serial", "accepted"],
            &["warranty_years"],
        ),
        _ => return None,
    })
}

/// One record's fields by column name, and where each sits.
struct Record<'a> {
    file: &'a str,
    line: usize,
    fields: HashMap<&'a str, (usize, String)>,
}

impl Record<'_> {
    fn get(&self, col: &str) -> Option<&str> {
        self.fields
            .get(col)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    fn bad<T>(&self, col: &str, msg: impl std::fmt::Display) -> Result<T> {
        let at = self.fields.get(col).map_or(0, |(i, _)| i + 1);
        bad(format!("{}:{}:{at} ({col}): {msg}", self.file, self.line))
    }

    fn need(&self, col: &str) -> Result<String> {
        match self.get(col) {
            Some(v) => Ok(crate::text::name(v)),
            None => self.bad(col, msg::empty()),
        }
    }
}

pub(super) fn run(ctx: &Context, kind: &str, file: &str) -> Result<u8> {
    let kind = kind.trim();
    let Some((required, optional)) = columns(kind) else {
        return bad(msg::cannot_import(kind));
    };
    let text = std::fs::read_to_string(file).map_err(|e| BadInput(msg::cannot_read(file, &e)))?;
    let mut reader = ::csv::ReaderBuilder::new()
        .trim(::csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| BadInput(format!("{file}:1: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    for (i, h) in headers.iter().enumerate() {
        if !required.contains(&h.as_str()) && !optional.contains(&h.as_str()) {
            let known = required
                .iter()
                .chain(optional)
                .copied()
                .collect::<Vec<_>>()
                .join(",");
            return bad(format!(
                "{file}:1:{} : {}",
                i + 1,
                msg::unknown_column(h, &known)
            ));
        }
    }
    if let Some(missing) = required.iter().find(|c| !headers.iter().any(|h| h == *c)) {
        return bad(format!("{file}:1: {}", msg::missing_column(missing, kind)));
    }
    let store = ctx.reader()?;
    let offices = store.offices()?;
    let sites = store.sites()?;
    let mut records = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            BadInput(format!("{file}:{line}: {e}"))
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let fields = headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                (
                    h.as_str(),
                    (i, crate::text::clean(rec.get(i).unwrap_or(""))),
                )
            })
            .collect();
        records.push(Record { file, line, fields });
    }
    let rows = match kind {
        "offices" => ImportRows::Offices(
            records
                .iter()
                .map(|r| {
                    let city = r.get("city").map(crate::text::name);
                    let place = city.as_deref().and_then(crate::geo::city);
                    if let (Some(c), None) = (&city, place) {
                        return r.bad("city", msg::unknown_city(c));
                    }
                    Ok((
                        r.line,
                        NewOffice {
                            name: r.need("name")?,
                            city,
                            lat: place.map(|p| p.1),
                            lon: place.map(|p| p.2),
                        },
                    ))
                })
                .collect::<Result<_>>()?,
        ),
        "sites" => {
            let placed: Vec<(f64, f64)> = offices.iter().filter_map(|o| o.lat.zip(o.lon)).collect();
            ImportRows::Sites(
                records
                    .iter()
                    .map(|r| {
                        let city = r.get("city").map(crate::text::name);
                        let place = city.as_deref().and_then(crate::geo::city);
                        let km = match (r.get("distance_km"), place) {
                            (Some(d), _) => match d.parse::<f64>() {
                                Ok(km)
                                    if km.is_finite() && (0.0..=MAX_DISTANCE_KM).contains(&km) =>
                                {
                                    km
                                }
                                _ => {
                                    return r
                                        .bad("distance_km", msg::bad_distance(d, MAX_DISTANCE_KM))
                                }
                            },
                            (None, Some(p)) => match placed
                                .iter()
                                .map(|o| crate::geo::road_km(*o, (p.1, p.2)))
                                .min_by(f64::total_cmp)
                            {
                                Some(km) => (km * 10.0).round() / 10.0,
                                None => return r.bad("distance_km", msg::no_place_to_measure()),
                            },
                            (None, None) => return r.bad("distance_km", msg::give_distance()),
                        };
                        let in_province =
                            match r.get("in_province").map(str::to_lowercase).as_deref() {
                                None | Some("0" | "no" | "false" | "否") => false,
                                Some("1" | "yes" | "true" | "是") => true,
                                Some(v) => return r.bad("in_province", msg::bad_yes_no(v)),
                            };
                        let contract = r.get("contract").map(str::to_string);
                        if let Some(c) = &contract {
                            if !ctx.rules.contracts.contains_key(c) {
                                return r.bad("contract", msg::unknown_contract(c));
                            }
                        }
                        Ok((
                            r.line,
                            crate::store::NewSite {
                                name: r.need("name")?,
                                distance_km: km,
                                in_province,
                                contract,
                                customer: r.get("customer").map(crate::text::clean),
                                city,
                                lat: place.map(|p| p.1),
                                lon: place.map(|p| p.2),
                                pm: r.get("pm").map(crate::text::name),
                            },
                        ))
                    })
                    .collect::<Result<_>>()?,
            )
        }
        "engineers" => ImportRows::Engineers(
            records
                .iter()
                .map(|r| {
                    let role = r.need("role")?;
                    let Some(role) = crate::store::Role::parse(&role) else {
                        let known = crate::store::Role::names();
                        return r.bad("role", crate::msg::cli::unknown_role(&role, &known));
                    };
                    let shift = match r.get("shift") {
                        None => None,
                        Some(s) => match Shift::parse(s) {
                            Some(s) => Some(s),
                            None => return r.bad("shift", msg::bad_shift(s)),
                        },
                    };
                    Ok((
                        r.line,
                        NewEngineer {
                            name: r.need("name")?,
                            role,
                            office: r.need("office")?,
                            shift,
                        },
                    ))
                })
                .collect::<Result<_>>()?,
        ),
        _ => ImportRows::Equipment(
            records
                .iter()
                .map(|r| {
                    let site = r.need("site")?;
                    let accepted = r.need("accepted")?;
                    let Ok(accepted) = chrono::NaiveDate::parse_from_str(&accepted, "%Y-%m-%d")
                    else {
                        return r.bad("accepted", msg::bad_date(&accepted));
                    };
                    let years = match r.get("warranty_years") {
                        Some(y) => match y.parse::<u32>() {
                            Ok(y) if y <= 30 => y,
                            _ => return r.bad("warranty_years", msg::bad_years(y)),
                        },
                        None => sites
                            .iter()
                            .find(|s| s.name == site)
                            .and_then(|s| ctx.rules.contract(s.contract.as_deref()))
                            .map_or(3, |c| c.warranty_years),
                    };
                    Ok((
                        r.line,
                        NewEquipment {
                            site,
                            model: r.need("model")?,
                            serial: r.need("serial")?,
                            accepted,
                            warranty_years: years,
                        },
                    ))
                })
                .collect::<Result<_>>()?,
        ),
    };
    drop(store);
    let (mut store, _) = ctx.writer()?;
    let n = store.import(&rows).map_err(|e| match e {
        // The store names the line; the user reads it with the file.
        crate::store::StoreError::Invalid(m) => BadInput(format!("{file}: {m}")).into(),
        other => anyhow::Error::from(other),
    })?;
    println!("{n}");
    Ok(0)
}
