//! The wall board's loop: read-only, it never sweeps; it rings the bell
//! once for each new level-1 ticket or breach.

use crate::msg::labels;
use crate::store::TicketId;
use std::collections::HashSet;

use anyhow::{Context as _, Result};

use super::data::Data;
use super::events::{Events, ScreenEvent};
use super::{keymap, runtime, screen, stats, terminal, views};
use crate::context::Context;
use crate::store::{Access, Store};

/// What the wall rings the bell for, once each: a level-1 ticket, a
/// milestone breached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Alert {
    LevelOne(TicketId),
    Breach(TicketId, crate::sla::Milestone),
}

/// Everything the wall alerts on now; a key not seen at the previous
/// evaluation is new.
pub(super) fn alert_keys(data: &Data) -> HashSet<Alert> {
    let mut keys = HashSet::new();
    for r in data.rows() {
        if r.level().number() == 1 {
            keys.insert(Alert::LevelOne(r.ticket.id));
        }
        if let Some(v) = r.ok() {
            for m in v
                .milestones
                .iter()
                .filter(|m| m.state == crate::sla::MilestoneState::Overdue)
            {
                keys.insert(Alert::Breach(r.ticket.id, m.milestone));
            }
        }
    }
    keys
}

/// How long the header flashes after an alert.
const FLASH_SECONDS: u64 = 3;

pub fn wall(ctx: &Context, quiet: bool) -> Result<u8> {
    // Read-only: the board cannot change anything, and never sweeps.
    let mut store = Store::open(&ctx.db, Access::ReadOnly)?;
    // As of a moment: only what had been recorded by then, evaluated then.
    store.set_as_of(ctx.as_of);
    runtime()?.block_on(run_wall(ctx, store, quiet || !ctx.settings.bell))
}

async fn run_wall(ctx: &Context, store: Store, quiet: bool) -> Result<u8> {
    let tz = ctx.rules.policy.tz;
    let guard = terminal::Guard::new().context("cannot open the terminal")?;
    let mut screen =
        screen::Screen::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))?;
    views::loading(&mut screen.next, labels::wall_title(ctx.lang), ctx.lang);
    screen.present(None)?;
    let mut events = Events::new(&store, ctx.speed)?;
    let mut data = Data::load(&store, &ctx.rules, ctx.live_now())?;
    let mut figures = stats::Figures::load(&store, data.now, tz)?;
    crate::tui::release_freed_memory();
    let mut st = views::wall::WallState::new(
        ctx.lang,
        figures.compliance(&data, tz),
        views::wall::ticker(&data, ctx.lang, tz, 400),
    );
    st.rebuild_hint = figures.need_rebuild;
    st.as_of = ctx.as_of.map(|t| ctx.rules.policy.local_minute(t));
    let mut known = alert_keys(&data);
    let mut flash_left = 0u64;
    let mut layer = None;
    let mut dirty = true;
    tracing::info!(db = %store.path().display(), "wall started");
    loop {
        if dirty {
            let areas = views::wall::render(&mut screen.next, &mut layer, &st, &data, tz);
            screen.present(areas.as_deref())?;
            dirty = false;
        }
        let mut changed = false;
        match events.next(&store, ctx.live_now()).await? {
            ScreenEvent::Key(key) => {
                if keymap::is_interrupt(&key)
                    || matches!(key.code, crossterm::event::KeyCode::Char('q'))
                {
                    break;
                }
            }
            ScreenEvent::Paste(_) => {}
            ScreenEvent::Resize(width, height) => {
                screen.resize(width, height)?;
                layer = None;
                dirty = true;
            }
            ScreenEvent::Second => {
                st.tick += 1;
                flash_left = flash_left.saturating_sub(1);
                changed = data.tick(&ctx.rules, ctx.live_now());
                dirty = true;
            }
            // As of a moment the board stays as it stood.
            ScreenEvent::Committed if ctx.as_of.is_some() => {}
            ScreenEvent::Committed => {
                data.reload(&store, &ctx.rules)?;
                figures.poll(&store)?;
                st.rebuild_hint = figures.need_rebuild;
                changed = true;
            }
            ScreenEvent::Quit => break,
        }
        if changed {
            let now_keys = alert_keys(&data);
            if now_keys.difference(&known).next().is_some() && !quiet {
                flash_left = FLASH_SECONDS;
                let _ = crossterm::execute!(screen.backend, crossterm::style::Print("\x07"));
                tracing::info!("alert: new level-1 ticket or breach");
            }
            known = now_keys;
            // Counts, not tickets: a pass over the open views' outcomes.
            st.stats = figures.compliance(&data, tz);
            st.ticker = views::wall::ticker(&data, st.lang, tz, 400);
            dirty = true;
        }
        st.flash = flash_left > 0;
    }
    drop(guard);
    tracing::info!("wall stopped");
    Ok(0)
}
