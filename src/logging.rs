//! Logs go to `faultline.log` beside the database, never onto a TUI screen.
//! `FAULTLINE_LOG` sets the filter (default `info`).

use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// Installs the file logger; a folder we cannot write to just means no log.
pub fn init(dir: &Path) -> Option<()> {
    std::fs::create_dir_all(dir).ok()?;
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
