//! The dispatcher's console: its loop, and how its effects are carried out
//! through the service, as the CLI would.

use crate::msg::labels;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, Result};

use super::app::{Ctx, Effect, Screen, State};
use super::data::Data;
use super::events::{Events, ScreenEvent};
use super::{draw_synced, runtime, terminal, views};
use crate::context::Context;
use crate::service;
use crate::sla::{Event, Ts};
use crate::store::{Access, DeskClock, Entry, NewTicket, Store};

/// How long a console write waits for another process's lock before the
/// dispatcher is told (a sweep then retries each second).
const CONSOLE_BUSY: Duration = Duration::from_millis(400);

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
) -> Result<Option<crate::store::TicketId>, String> {
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
        Effect::Log { id, kind, note } => {
            let note = note.as_deref().map(crate::text::clean);
            service::log_event(
                store,
                rules,
                *id,
                Event {
                    at: now,
                    kind: crate::text::clean_kind(kind.clone()),
                },
                Entry {
                    note: note.as_deref(),
                    ..entry
                },
                now,
            )
            .map(|_| None)
        }
        Effect::ForceAssign {
            id,
            engineer,
            reason,
        } => service::assign_with(store, rules, *id, engineer, entry, now, Some(reason))
            .map(|_| None),
        Effect::AssignJob { id, engineer } => {
            service::assign_job(store, *id, engineer, &writer.operator, now).map(|_| None)
        }
        Effect::FinishJob { id, note } => store
            .finish_job(
                *id,
                &writer.operator,
                note.as_deref().map(crate::text::clean).as_deref(),
                now,
            )
            .map(|_| None)
            .map_err(Into::into),
        Effect::Open {
            site,
            level,
            title,
            onsite,
            at,
            approved_by,
        } => {
            let new = NewTicket {
                site: site.clone(),
                level: *level,
                title: crate::text::clean(title),
                reported_at: at.unwrap_or(now),
                onsite: *onsite,
                approved_by: approved_by.clone(),
                equipment: None,
                call: None,
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
            labels::database_locked(lang).to_string()
        }
        service::ServiceError::Store(StoreError::ReadOnly { .. }) => {
            labels::database_read_only(lang).to_string()
        }
        service::ServiceError::Store(StoreError::DiskFull { .. }) => {
            labels::disk_full(lang).to_string()
        }
        other => crate::text::clean(&other.to_string()),
    };
    format!(
        "{}: {why} — {}",
        labels::raises_not_recorded(lang),
        labels::retrying_every_second(lang)
    )
}

pub fn console(ctx: &Context, db: Option<PathBuf>) -> Result<u8> {
    let path = db.unwrap_or_else(|| ctx.db.clone());
    let mut store = Store::open(&path, Access::ReadWrite)?;
    store.set_busy_timeout(CONSOLE_BUSY)?;
    // As of a moment: only what had been recorded by then, evaluated then,
    // and nothing written.
    store.set_as_of(ctx.as_of);
    let as_of = ctx.as_of.map(|t| ctx.rules.policy.local_minute(t));
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let simulated = store.clock() == DeskClock::Simulated;
    let writer = Writer {
        operator: ctx.operator(None),
        refused: match &as_of {
            Some(t) => Some(crate::msg::screen::as_of_refuses_writes(ctx.lang, t)),
            None => (!simulated && ctx.fixed_now.is_some())
                .then(|| labels::live_desk_now_only_reads(ctx.lang).to_string()),
        },
    };
    if writer.refused.is_none() {
        crate::daemon::spawn_pager(ctx, path.clone());
    }
    let title = views::console::Title {
        name,
        simulated,
        operator: writer.operator.clone(),
        as_of,
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
        views::loading(f.buffer_mut(), &title.text(ctx.lang, true), ctx.lang)
    })?;
    let mut events = Events::new(&store, ctx.speed)?;
    let now = ctx.live_now();
    let mut data = Data::load_since(&store, &ctx.rules, now, now)?;
    let mut state = State::new(ctx.lang);
    // Sweep at start, whenever a deadline passes, and every second while failing.
    let mut sweep_due = writer.refused.is_none();
    // Preventive jobs are created once a day (and after a job is done).
    let mut jobs_day: Option<chrono::NaiveDate> = None;
    // Paging: what time brings is noticed here, sent by the pager thread.
    let hooks = ctx.settings.hooks();
    let mut noticed = std::collections::HashSet::new();
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
                    state.history_wanted |= state.screen == Screen::History;
                    // A job done may let a floating plan make its next one.
                    if matches!(effect, Effect::FinishJob { .. }) {
                        jobs_day = None;
                    }
                    state.follow_up(&console_ctx(&data, ctx));
                }
                if std::mem::take(&mut state.history_wanted) {
                    if let Err(e) = data.load_history(&store, &ctx.rules) {
                        tracing::warn!(error = %e, "history read failed");
                    }
                }
                if state.quit {
                    break;
                }
            }
            ScreenEvent::Paste(text) => state.on_paste(&text),
            ScreenEvent::Resize(..) => {}
            ScreenEvent::Second => {
                let now = ctx.live_now();
                sweep_due |= data.tick(&ctx.rules, now) && writer.refused.is_none();
                let today = now.with_timezone(&ctx.rules.policy.tz).date_naive();
                if jobs_day != Some(today) && writer.refused.is_none() {
                    match service::create_jobs(&mut store, &ctx.rules, now) {
                        Ok(n) => {
                            jobs_day = Some(today);
                            if n > 0 {
                                reload(&mut data, &store, ctx);
                            }
                        }
                        Err(e) => tracing::warn!(error = %e, "creating plan jobs failed"),
                    }
                }
                if !hooks.is_empty() && writer.refused.is_none() {
                    if let Err(e) = service::notice_timed(
                        &mut store,
                        &hooks,
                        data.open_views(),
                        now,
                        &mut noticed,
                    ) {
                        tracing::warn!(error = %e, "writing notices failed; retrying");
                    }
                }
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
            // As of a moment the board stays as it stood: later commits
            // are what it must not show.
            ScreenEvent::Committed if ctx.as_of.is_some() => {}
            ScreenEvent::Committed => {
                reload(&mut data, &store, ctx);
                // Closed tickets are read only while their screen shows them.
                if state.screen == Screen::History {
                    if let Err(e) = data.load_history(&store, &ctx.rules) {
                        tracing::warn!(error = %e, "history read failed");
                    }
                }
            }
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
