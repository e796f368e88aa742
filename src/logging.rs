//! Logs go to `faultline.log` beside the database, never onto a TUI screen.
//! `FAULTLINE_LOG` sets the filter (default `info`).

use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// Installs the file logger in the desk's folder. A folder that does not
/// exist is not created (a typo'd `--db` must leave no trace) and, like one
/// we cannot write to, just means no log.
pub fn init(dir: &Path) -> Option<()> {
    if !dir.is_dir() {
        return None;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("faultline.log"))
        .ok()?;
    let filter =
        EnvFilter::try_from_env("FAULTLINE_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_env_filter(filter)
        .try_init()
        .ok()
}
