//! Embeds every holiday calendar under `assets/calendar/<family>/<year>.json`,
//! so next year's file (`scripts/gen-calendar.py 2027`) is picked up by a
//! rebuild with no code change.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/calendar");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    if let Ok(families) = std::fs::read_dir(&root) {
        for family in families.flatten() {
            let Ok(years) = std::fs::read_dir(family.path()) else {
                continue;
            };
            for year in years.flatten() {
                let path = year.path();
                if path.extension().is_some_and(|e| e == "json") {
                    files.push((
                        family.file_name().to_string_lossy().into_owned(),
                        year.file_name().to_string_lossy().into_owned(),
                        path,
                    ));
                }
            }
        }
    }
    files.sort();
    let mut out =
        String::from("/// (family, file name, contents) of every shipped calendar year.\n");
    out.push_str("pub const CALENDARS: &[(&str, &str, &str)] = &[\n");
    for (family, name, path) in &files {
        let _ = writeln!(
            out,
            "    ({family:?}, {name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("calendars.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
