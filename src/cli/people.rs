//! `site`, `office` and `engineer`: the desk's reference lists.

use super::*;
use crate::msg::cli as msg;

/// A place from `--city` or `--lat/--lon` (explicit coordinates win).
fn place(
    args::PlaceArgs { city, lat, lon }: &args::PlaceArgs,
) -> Result<(Option<String>, Option<f64>, Option<f64>)> {
    match (*lat, *lon) {
        (Some(a), Some(b)) if (-90.0..=90.0).contains(&a) && (-180.0..=180.0).contains(&b) => {
            Ok((city.clone(), Some(a), Some(b)))
        }
        (Some(_), Some(_)) => bad(msg::bad_lat_lon()),
        (Some(_), None) | (None, Some(_)) => bad(msg::lat_lon_together()),
        (None, None) => match city {
            None => Ok((None, None, None)),
            Some(c) => match crate::geo::city(c) {
                Some((name, a, b)) => Ok((Some(name.to_string()), Some(a), Some(b))),
                None => bad(msg::unknown_city(c)),
            },
        },
    }
}

pub(super) fn site(ctx: &Context, cmd: &SiteCmd) -> Result<u8> {
    match cmd {
        SiteCmd::Add {
            name,
            distance_km,
            place: at,
            in_province,
            contract,
            customer,
            pm,
        } => {
            let (city, lat, lon) = place(at)?;
            let km: f64 = match (distance_km, lat.zip(lon)) {
                (Some(d), _) => d.trim().parse().map_err(|_| BadInput(msg::not_km(d)))?,
                // Decided: without an explicit distance, the road distance
                // (straight line × 1.3) to the nearest office with a place.
                (None, Some(at)) => {
                    let store = ctx.reader()?;
                    let nearest = store
                        .offices()?
                        .iter()
                        .filter_map(|o| o.lat.zip(o.lon))
                        .map(|o| crate::geo::road_km(o, at))
                        .min_by(f64::total_cmp);
                    match nearest {
                        Some(km) => (km * 10.0).round() / 10.0,
                        None => return bad(msg::no_office_place()),
                    }
                }
                (None, None) => return bad(msg::give_distance()),
            };
            if !km.is_finite() || !(0.0..=MAX_DISTANCE_KM).contains(&km) {
                return bad(msg::distance_range(km, MAX_DISTANCE_KM));
            }
            if let Some(c) = contract {
                if !ctx.rules.contracts.contains_key(c) {
                    let known: Vec<&str> = ctx.rules.contracts.keys().map(String::as_str).collect();
                    return bad(msg::unknown_contract(c, &known.join(", ")));
                }
            }
            let name = crate::text::name(name);
            if name.is_empty() {
                return bad(msg::needs_name("站点", "a site"));
            }
            let (mut store, _) = ctx.writer()?;
            let id = store.add_site(&NewSite {
                name,
                distance_km: km,
                in_province: *in_province,
                contract: contract.clone(),
                customer: customer.as_deref().map(clean),
                city,
                lat,
                lon,
                pm: pm.as_deref().map(crate::text::name),
            })?;
            println!("{id}");
            Ok(0)
        }
        SiteCmd::Set { name, pm } => {
            let (mut store, _) = ctx.writer()?;
            store.set_site_pm(&crate::text::name(name), &crate::text::name(pm))?;
            Ok(0)
        }
        SiteCmd::List { json } => {
            let store = ctx.reader()?;
            let sites = store.sites()?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&sites)?);
            } else {
                for s in sites {
                    let zone = ctx
                        .rules
                        .policy
                        .zone_for(s.distance_km)
                        .map_or("?".into(), |z| z.to_string());
                    println!(
                        "{}\t{} km\tzone {zone}\t{}\t{}\tpm {}",
                        s.name,
                        s.distance_km,
                        if s.in_province { "in-province" } else { "-" },
                        s.contract.as_deref().unwrap_or("standard"),
                        s.pm.as_deref().unwrap_or("-")
                    );
                }
            }
            Ok(0)
        }
    }
}

pub(super) fn office(ctx: &Context, cmd: &OfficeCmd) -> Result<u8> {
    match cmd {
        OfficeCmd::Add { name, place: at } => {
            let name = crate::text::name(name);
            if name.is_empty() {
                return bad(msg::needs_name("分公司", "an office"));
            }
            let (city, lat, lon) = place(at)?;
            let (mut store, _) = ctx.writer()?;
            println!("{}", store.add_office(&name, city.as_deref(), lat, lon)?);
            Ok(0)
        }
        OfficeCmd::List => {
            let store = ctx.reader()?;
            for o in store.offices()? {
                println!("{}\t{}", o.name, o.city.unwrap_or_default());
            }
            Ok(0)
        }
    }
}

pub(super) fn engineer(ctx: &Context, cmd: &EngineerCmd) -> Result<u8> {
    match cmd {
        EngineerCmd::Add {
            name,
            role,
            office,
            shift,
        } => {
            let Some(role) = Role::parse(role) else {
                return bad(msg::unknown_role(role, &Role::names()));
            };
            let shift = match shift {
                Some(s) => Some(Shift::parse(s).ok_or_else(|| BadInput(msg::bad_shift(s)))?),
                None => None,
            };
            let name = crate::text::name(name);
            if name.is_empty() {
                return bad(msg::needs_name("工程师", "an engineer"));
            }
            let (mut store, _) = ctx.writer()?;
            println!(
                "{}",
                store.add_engineer(&NewEngineer {
                    name,
                    role,
                    office: crate::text::name(office),
                    shift,
                })?
            );
            Ok(0)
        }
        EngineerCmd::List { json } => {
            let store = ctx.reader()?;
            let engineers = store.engineers()?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&engineers)?);
            } else {
                let offices = store.offices()?;
                for e in engineers {
                    let office = offices
                        .iter()
                        .find(|o| o.id == e.office_id)
                        .map_or("", |o| o.name.as_str());
                    println!(
                        "{}\t{}\t{}\t{}",
                        e.name,
                        e.role.name(),
                        office,
                        if e.off_duty { "off duty" } else { "on duty" }
                    );
                }
            }
            Ok(0)
        }
        EngineerCmd::Off { name } | EngineerCmd::On { name } => {
            let (mut store, _) = ctx.writer()?;
            store.set_off_duty(
                &crate::text::name(name),
                matches!(cmd, EngineerCmd::Off { .. }),
            )?;
            Ok(0)
        }
    }
}

pub(super) fn equipment(ctx: &Context, cmd: &EquipmentCmd) -> Result<u8> {
    match cmd {
        EquipmentCmd::Add {
            site,
            model,
            serial,
            accepted,
            warranty_years,
        } => {
            let (site, model, serial) = (
                crate::text::name(site),
                crate::text::name(model),
                crate::text::name(serial),
            );
            if model.is_empty() || serial.is_empty() {
                return bad(msg::equipment_needs_model());
            }
            let Ok(accepted) = chrono::NaiveDate::parse_from_str(accepted.trim(), "%Y-%m-%d")
            else {
                return bad(msg::not_a_date("--accepted", accepted, "2025-06-30"));
            };
            let years = match warranty_years {
                Some(y) => match y.trim().parse::<u32>() {
                    Ok(y) if y <= 30 => y,
                    _ => return bad(msg::bad_warranty_years(y)),
                },
                // The site's contract says how long; section 5's three years otherwise.
                None => {
                    let store = ctx.reader()?;
                    store
                        .sites()?
                        .iter()
                        .find(|s| s.name == site)
                        .and_then(|s| ctx.rules.contract(s.contract.as_deref()))
                        .map_or(3, |c| c.warranty_years)
                }
            };
            let (mut store, _) = ctx.writer()?;
            let id = store.add_equipment(&crate::store::NewEquipment {
                site,
                model,
                serial,
                accepted,
                warranty_years: years,
            })?;
            println!("{id}");
            Ok(0)
        }
        EquipmentCmd::List { json } => {
            let store = ctx.reader()?;
            let (sites, all) = (store.sites()?, store.equipment()?);
            let site_name = |id: i64| {
                sites
                    .iter()
                    .find(|s| s.id == id)
                    .map_or("?", |s| s.name.as_str())
            };
            let today = ctx.now().with_timezone(&ctx.rules.policy.tz).date_naive();
            if *json {
                let rows: Vec<serde_json::Value> = all
                    .iter()
                    .map(|e| {
                        serde_json::json!({
                            "id": e.id,
                            "site": site_name(e.site_id),
                            "model": e.model,
                            "serial": e.serial,
                            "accepted": e.accepted.to_string(),
                            "warranty_years": e.warranty_years,
                            "warranty_end": e.warranty_end().map(|d| d.to_string()),
                            "in_warranty": e.warranty_end().is_some_and(|end| today <= end),
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for e in &all {
                    let end = e.warranty_end();
                    println!(
                        "{}\t{}\t{}\taccepted {}\twarranty to {}{}",
                        e.serial,
                        e.model,
                        site_name(e.site_id),
                        e.accepted,
                        end.map_or("-".into(), |d| d.to_string()),
                        if end.is_some_and(|end| today <= end) {
                            ""
                        } else {
                            "\tEXPIRED"
                        }
                    );
                }
            }
            Ok(0)
        }
    }
}
