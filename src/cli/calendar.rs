//! `faultline calendar`: section 3's yearly step made visible. Which years
//! are loaded and from where, how far coverage reaches (with the 45-day
//! warning the screens show), and importing next year's file.

use crate::msg::labels;
use std::path::Path;

use anyhow::{Context as _, Result};
use chrono::Datelike;

use super::args::CalendarCmd;
use super::{bad, Context};
use crate::sla::Calendar;

pub fn run(ctx: &Context, cmd: &CalendarCmd) -> Result<u8> {
    let calendar = &ctx.rules.calendar;
    let lang = ctx.lang;
    match cmd {
        CalendarCmd::Status => {
            let today = ctx.rules.policy.local.local_date(ctx.now());
            for year in calendar.years() {
                println!(
                    "{year}\t{}\t{}",
                    calendar.name(),
                    calendar.source(year).unwrap_or("-")
                );
            }
            match calendar.coverage_end(today) {
                Some(end) => println!(
                    "{} {end} ({} {})",
                    labels::covered_through(lang),
                    (end - today).num_days(),
                    labels::days(lang)
                ),
                None => println!(
                    "{} {}",
                    labels::this_year_is_not_covered(lang),
                    today.year()
                ),
            }
            if let Some(year) = calendar.missing_soon(today) {
                println!(
                    "{}: {} (faultline calendar import {year}.json)",
                    labels::warning(lang),
                    lang.calendar_banner(year, calendar.name(), false)
                );
            }
            Ok(0)
        }
        // Loading the rules already checked every year strictly (a broken
        // file stops here with its name and date, exit 2).
        CalendarCmd::Check => {
            let years: Vec<String> = calendar.years().map(|y| y.to_string()).collect();
            println!("ok\t{}\t{}", calendar.name(), years.join(" "));
            Ok(0)
        }
        CalendarCmd::Import { file } => import(ctx, file),
    }
}

/// Validates the file whole, then writes it into the config folder under
/// its year's name (temporary file + rename: never a half-written year).
fn import(ctx: &Context, file: &Path) -> Result<u8> {
    let shown = file.display().to_string();
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => return bad(format!("{shown}: {e}")),
    };
    let name = ctx.rules.calendar.name();
    let year = Calendar::new(name).add_year_json(&shown, &text)?;
    let Some(config) = &ctx.config_dir else {
        return bad(crate::msg::cli::no_config_folder());
    };
    let dir = config.join("calendar").join(name);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let dest = dir.join(format!("{year}.json"));
    let tmp = dir.join(format!(".{year}.json.tmp"));
    std::fs::write(&tmp, &text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &dest).with_context(|| format!("cannot write {}", dest.display()))?;
    println!("{year}\t{}", dest.display());
    Ok(0)
}
