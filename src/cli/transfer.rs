//! `export`, `backup`, `restore`: the desk leaving and coming back.

use std::io::Write;
use std::path::Path;

use super::*;

/// Every ticket with its whole log, one JSON object per line, read and
/// written in batches (constant memory at any history size). Each line is
/// the ticket as `ticket show --json` gives it, evaluated at `now`.
pub(super) fn export(ctx: &Context) -> Result<u8> {
    let store = ctx.reader()?;
    let now = ctx.now();
    let sites = store.sites()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut after = crate::store::TicketId::default();
    loop {
        let batch = store.tickets_after(after, 500)?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for t in &batch {
            let Some(site) = sites.iter().find(|s| s.id == t.site_id) else {
                continue;
            };
            let row = service::Row {
                ticket: t,
                site,
                view: service::view_of(t, site, &ctx.rules, now),
            };
            let mut v = serde_json::to_value(output::row_json(&row, ctx, now))?;
            v["events"] = output::events_json(&row, ctx);
            serde_json::to_writer(&mut out, &v)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(0)
}

pub(super) fn backup(ctx: &Context, file: &str) -> Result<u8> {
    let store = ctx.reader()?;
    let dest = Path::new(file.trim());
    store.backup_to(dest)?;
    println!("{}", dest.display());
    Ok(0)
}

/// Checks the backup, keeps the desk as it was beside it
/// (`DESK.before-restore-YYYYMMDD-HHMMSS`), then replaces its content.
pub(super) fn restore(ctx: &Context, file: &str) -> Result<u8> {
    let from = Path::new(file.trim());
    Store::check_copy(from)?;
    let mut store = Store::open(&ctx.db, crate::store::Access::ReadWrite)?;
    let keep = format!(
        "{}.before-restore-{}",
        ctx.db.display(),
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    );
    store.backup_to(Path::new(&keep))?;
    store.restore_from(from)?;
    println!("{keep}");
    Ok(0)
}
