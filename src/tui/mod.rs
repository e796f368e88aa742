//! The terminal screens: the dispatcher console and the wall board, each one
//! loop over `events::Events` (key, resize, second, commit, quit).
//!
//! No fixed-rate redraw: the loop sleeps until a key, a resize, the next
//! whole second of a visible countdown, a commit by another process (seen by
//! polling `PRAGMA data_version` four times a second, which costs no I/O), or
//! SIGTERM/SIGHUP. The console draws after each of these; the wall only when
//! something it shows changed. Each frame is a synchronized update, and only
//! the changed cells are sent.

pub mod app;
pub mod bigtext;
pub mod data;
pub mod events;
pub mod keymap;
pub mod screen;
pub mod stats;
pub mod terminal;
#[cfg(test)]
pub mod testing;
pub mod views;

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, Result};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use crate::context::Context;
use crate::service;
use crate::sla::{Event, Ts};
use crate::store::{Access, DeskClock, Entry, NewTicket, Store};
use app::{Ctx, Effect, State};
use data::Data;
use events::{Events, ScreenEvent};

/// How long a console write waits for another process's lock before the
/// dispatcher is told (a sweep then retries each second).
const CONSOLE_BUSY: Duration = Duration::from_millis(400);

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the event loop")
}

/// Who the console writes as, and whether it may write at all.
pub struct Writer {
    /// Section 7: shown in the header, stored with every entry.
    pub operator: String,
    /// `None` when writes are allowed; else why not (a live desk under `--now`).
    pub refused: Option<String>,
}

/// Carries out a console effect through the service, as the CLI would.
pub fn carry_out(
    store: &mut Store,
    ctx: &Context,
    writer: &Writer,
    effect: &Effect,
    performer: Option<&str>,
    now: Ts,
) -> Result<Option<i64>, String> {
    if let Some(why) = &writer.refused {
        return Err(why.clone());
    }
    let entry = Entry {
        by: Some(&writer.operator),
        performed_by: performer,
        note: None,
    };
    let rules = &ctx.rules;
    let r = match effect {
        Effect::Assign { id, engineer } => {
            service::assign(store, rules, *id, engineer, entry, now).map(|_| None)
        }
        Effect::Unassign { id, engineer } => {
            service::unassign(store, rules, *id, engineer, entry, now).map(|_| None)
        }
        Effect::Reassign {
            id,
            engineer,
            others,
        } => {
            // Assign first: if that is refused, nothing has changed.
            service::assign(store, rules, *id, engineer, entry, now).and_then(|_| {
                for o in others {
                    service::unassign(store, rules, *id, o, entry, now)?;
                }
                Ok(None)
            })
        }
        Effect::Log { id, kind } => service::log_event(
            store,
            rules,
            *id,
            Event {
                at: now,
                kind: crate::text::clean_kind(kind.clone()),
            },
            entry,
            now,
        )
        .map(|_| None),
        Effect::Open {
            site,
            level,
            title,
            onsite,
            at,
        } => {
            let new = NewTicket {
                site: site.clone(),
                level: *level,
                title: crate::text::clean(title),
                reported_at: at.unwrap_or(now),
                onsite: *onsite,
                approved_by: None,
            };
            service::open_ticket(store, rules, &new, now).map(Some)
        }
    };
    r.map_err(|e| crate::text::clean(&e.to_string()))
}

/// The banner for raises that could not be recorded: what to fix, in words.
fn sweep_banner(e: &service::ServiceError, lang: crate::i18n::Lang) -> String {
    use crate::store::StoreError;
    let why = match e {
        service::ServiceError::Store(StoreError::Locked { .. }) => {
            lang.pick_str("数据库被锁定", "database locked").to_string()
        }
        service::ServiceError::Store(StoreError::ReadOnly { .. }) => lang
            .pick_str("数据库只读", "database read-only")
            .to_string(),
        service::ServiceError::Store(StoreError::DiskFull { .. }) => {
            lang.pick_str("磁盘已满", "disk full").to_string()
        }
        other => crate::text::clean(&other.to_string()),
    };
    format!(
        "{}: {why} — {}",
        lang.pick_str("自动升级未记录", "raises not recorded"),
        lang.pick_str("每秒重试", "retrying every second")
    )
}

/// A frame inside a synchronized update that ends on every path: a failed
/// draw must not leave the terminal holding back its output.
fn draw_synced<F: FnOnce(&mut ratatui::Frame)>(term: &mut terminal::Term, f: F) -> Result<()> {
    crossterm::queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
    let drawn = term.draw(f).map(|_| ());
    let ended = crossterm::queue!(term.backend_mut(), EndSynchronizedUpdate)
        .and_then(|()| term.backend_mut().flush());
    drawn.and(ended)?;
    Ok(())
}

pub fn console(ctx: &Context, db: Option<PathBuf>) -> Result<u8> {
    let path = db.unwrap_or_else(|| ctx.db.clone());
    let mut store = Store::open(&path, Access::ReadWrite)?;
    store.set_busy_timeout(CONSOLE_BUSY)?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let simulated = store.clock() == DeskClock::Simulated;
    let writer = Writer {
        operator: ctx.operator(None),
        refused: (!simulated && ctx.fixed_now.is_some()).then(|| {
            ctx.lang
                .pick_str(
                    "实时台: --now 只能查看, 不能记录",
                    "live desk: --now only reads, nothing is recorded",
                )
                .to_string()
        }),
    };
    let lang = ctx.lang;
    let sim = if simulated {
        lang.pick_str(" · 模拟", " · SIMULATED")
    } else {
        ""
    };
    let desk = lang.pick_str("调度台", "dispatch");
    let title = views::console::Title {
        full: format!("faultline {desk} · {name}{sim} · {}", writer.operator),
        short: format!("{desk}{sim} · {}", writer.operator),
    };
    runtime()?.block_on(run_console(ctx, store, title, writer))
}

async fn run_console(
    ctx: &Context,
    mut store: Store,
    title: views::console::Title,
    writer: Writer,
) -> Result<u8> {
    let guard = terminal::Guard::new().context("cannot open the terminal")?;
    let mut term = terminal::terminal()?;
    draw_synced(&mut term, |f| {
        views::loading(f.buffer_mut(), &title.full, ctx.lang)
    })?;
    let mut events = Events::new(&store, ctx.speed)?;
    let now = ctx.live_now();
    let mut data = Data::load_since(&store, &ctx.rules, now, now)?;
    let mut state = State::new(ctx.lang);
    // Sweep at start, whenever a deadline passes, and every second while failing.
    let mut sweep_due = writer.refused.is_none();
    tracing::info!(db = %store.path().display(), "console started");
    // Every event the console wakes for changes what it shows.
    loop {
        draw_synced(&mut term, |f| {
            views::console::draw(f, &state, &console_ctx(&data, ctx), &ctx.rules, &title)
        })?;
        match events.next(&store, ctx.live_now()).await? {
            ScreenEvent::Key(key) => {
                if let Some(effect) = state.on_key(&console_ctx(&data, ctx), key) {
                    let performer = state.performer.take();
                    let result = carry_out(
                        &mut store,
                        ctx,
                        &writer,
                        &effect,
                        performer.as_deref(),
                        ctx.live_now(),
                    );
                    if let Err(e) = &result {
                        tracing::info!(error = %e, "refused");
                    }
                    state.done(&effect, result);
                    reload(&mut data, &store, ctx);
                    state.follow_up(&console_ctx(&data, ctx));
                }
                if state.quit {
                    break;
                }
            }
            ScreenEvent::Resize(..) => {}
            ScreenEvent::Second => {
                let now = ctx.live_now();
                sweep_due |= data.tick(&ctx.rules, now) && writer.refused.is_none();
                if sweep_due {
                    match service::sweep(
                        &mut store,
                        &ctx.rules,
                        &data.sites,
                        data.open_views(),
                        now,
                    ) {
                        Ok(n) => {
                            sweep_due = false;
                            state.banner = None;
                            if n > 0 {
                                reload(&mut data, &store, ctx);
                            }
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "sweep failed; retrying");
                            state.banner = Some(sweep_banner(&e, ctx.lang));
                        }
                    }
                }
            }
            ScreenEvent::Committed => reload(&mut data, &store, ctx),
            ScreenEvent::Quit => break,
        }
    }
    drop(guard);
    tracing::info!("console stopped");
    Ok(0)
}

fn console_ctx<'d>(data: &'d Data, ctx: &Context) -> Ctx<'d> {
    Ctx {
        data,
        speed_kmh: ctx.settings.road_speed_kmh,
        tz: ctx.rules.policy.tz,
    }
}

/// Reads what changed since the last read; a failure is logged and the
/// screen keeps what it has (the next commit or second tries again).
fn reload(data: &mut Data, store: &Store, ctx: &Context) {
    if let Err(e) = data.reload(store, &ctx.rules) {
        tracing::warn!(error = %e, "reload failed");
    }
}

/// What the wall rings the bell for, once each: a level-1 ticket, a
/// milestone breached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Alert {
    LevelOne(i64),
    Breach(i64, crate::sla::Milestone),
}

/// Everything the wall alerts on now; a key not seen at the previous
/// evaluation is new.
fn alert_keys(data: &Data) -> HashSet<Alert> {
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
    let store = Store::open(&ctx.db, Access::ReadOnly)?;
    runtime()?.block_on(run_wall(ctx, store, quiet || !ctx.settings.bell))
}

async fn run_wall(ctx: &Context, store: Store, quiet: bool) -> Result<u8> {
    let tz = ctx.rules.policy.tz;
    let guard = terminal::Guard::new().context("cannot open the terminal")?;
    let mut screen =
        screen::Screen::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))?;
    views::loading(
        &mut screen.next,
        ctx.lang.pick_str("faultline 值班大屏", "faultline wall"),
        ctx.lang,
    );
    screen.present(None)?;
    let mut events = Events::new(&store, ctx.speed)?;
    let mut data = Data::load(&store, &ctx.rules, ctx.live_now())?;
    let mut figures = stats::Figures::load(&store, data.now, tz)?;
    let mut st = views::wall::WallState::new(
        ctx.lang,
        figures.compliance(&data, tz),
        views::wall::ticker(&data, ctx.lang, tz, 400),
    );
    st.rebuild_hint = figures.need_rebuild;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testing::{demo, now, views};

    #[test]
    fn the_wall_alerts_on_a_new_level_one_ticket_but_not_on_a_quiet_second() {
        let mut desk = demo();
        let before = alert_keys(&desk.data);
        desk.data
            .tick(&desk.rules, now() + chrono::TimeDelta::seconds(1));
        assert!(
            alert_keys(&desk.data).difference(&before).next().is_none(),
            "nothing new in a quiet second"
        );
        let new = NewTicket {
            site: "南京机房".into(),
            level: crate::sla::Level::new(1).unwrap(),
            title: "控制器双宕".into(),
            reported_at: now(),
            onsite: false,
            approved_by: None,
        };
        service::open_ticket(&mut desk.store, &desk.rules, &new, now()).unwrap();
        desk.data.reload(&desk.store, &desk.rules).unwrap();
        let after = alert_keys(&desk.data);
        assert_eq!(after.difference(&before).count(), 1);
    }

    #[test]
    fn an_incremental_reload_equals_a_full_evaluation() {
        let mut desk = demo();
        let entry = Entry {
            by: Some("林晓"),
            ..Entry::default()
        };
        service::log_event(
            &mut desk.store,
            &desk.rules,
            1013,
            Event {
                at: now(),
                kind: crate::sla::EventKind::Responded,
            },
            entry,
            now(),
        )
        .unwrap();
        let new = NewTicket {
            site: "南京机房".into(),
            level: crate::sla::Level::new(2).unwrap(),
            title: "新增".into(),
            reported_at: now(),
            onsite: false,
            approved_by: None,
        };
        service::open_ticket(&mut desk.store, &desk.rules, &new, now()).unwrap();
        desk.data.reload(&desk.store, &desk.rules).unwrap();
        let incremental = views(&desk.data);
        let at = desk.data.now;
        desk.data.evaluate(&desk.rules, at);
        assert_eq!(incremental, views(&desk.data));
        assert_eq!(
            desk.data
                .rows()
                .filter(|r| r.ticket.title == "新增")
                .count(),
            1
        );
    }

    #[test]
    fn a_later_evaluation_reusing_closed_views_equals_a_fresh_load() {
        let mut desk = demo();
        let entry = Entry {
            by: Some("林晓"),
            ..Entry::default()
        };
        for kind in [
            crate::sla::EventKind::Responded,
            crate::sla::EventKind::Restored,
            crate::sla::EventKind::Closed,
        ] {
            service::log_event(
                &mut desk.store,
                &desk.rules,
                1013,
                Event { at: now(), kind },
                entry,
                now(),
            )
            .unwrap();
        }
        desk.data.reload(&desk.store, &desk.rules).unwrap();
        let later = now() + chrono::TimeDelta::hours(5);
        desk.data.evaluate(&desk.rules, later);
        let fresh = Data::load(&desk.store, &desk.rules, later).unwrap();
        // A fresh load reads open work only; the running screen still holds
        // the ticket it saw close, and agrees on everything else.
        assert!(views(&desk.data)
            .iter()
            .any(|(id, v)| *id == 1013 && v.contains("closed_at: Some")));
        assert!(views(&fresh).iter().all(|(id, _)| *id != 1013));
        let running: Vec<(i64, String)> = views(&desk.data)
            .into_iter()
            .filter(|(id, _)| *id != 1013)
            .collect();
        assert_eq!(running, views(&fresh));
    }

    #[test]
    fn the_wall_alerts_when_a_deadline_passes() {
        let mut desk = demo();
        let before = alert_keys(&desk.data);
        // #1013 (level 4, 系统日志满) must be answered by 14:10.
        desk.data
            .tick(&desk.rules, now() + chrono::TimeDelta::minutes(6));
        let new: Vec<_> = alert_keys(&desk.data)
            .difference(&before)
            .copied()
            .collect();
        assert!(
            new.contains(&Alert::Breach(1013, crate::sla::Milestone::RemoteResponse)),
            "{new:?}"
        );
    }
}
