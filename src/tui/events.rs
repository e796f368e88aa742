//! One event source for both screens. A screen sleeps until one of these:
//! a key or a resize from the terminal, the next whole second of its clock,
//! another process's commit (`PRAGMA data_version`, asked four times a
//! second, which costs no I/O), or a request to stop (SIGTERM, SIGHUP,
//! SIGINT, SIGQUIT, or the terminal going away).

use std::time::Duration;

use anyhow::{Context as _, Result};
use crossterm::event::{Event as TermEvent, EventStream, KeyEvent, KeyEventKind};
use futures::StreamExt;
use tokio::signal::unix::{signal, Signal, SignalKind};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::sla::Ts;
use crate::store::{DataVersion, Store};

/// Commits by other processes show within this plus one frame.
const POLL: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScreenEvent {
    Key(KeyEvent),
    /// Text pasted into the terminal, whole.
    Paste(String),
    Resize(u16, u16),
    /// The screen's clock reached a whole second: countdowns move.
    Second,
    /// Another process committed to the desk.
    Committed,
    Quit,
}

pub struct Events {
    terminal: UnboundedReceiver<std::io::Result<TermEvent>>,
    poll: tokio::time::Interval,
    version: DataVersion,
    signals: [Signal; 4],
    speed: f64,
}

impl Events {
    /// Made before the screen reads the desk, so that a commit between the
    /// first read and the first wait is still seen. `speed` is
    /// `FAULTLINE_SPEED` (seconds come that many times sooner).
    pub fn new(store: &Store, speed: f64) -> Result<Events> {
        let mut version = DataVersion::default();
        version.changed(store)?;
        let mut poll = tokio::time::interval(POLL);
        poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let signals = [
            signal(SignalKind::terminate())?,
            signal(SignalKind::hangup())?,
            signal(SignalKind::interrupt())?,
            signal(SignalKind::quit())?,
        ];
        Ok(Events {
            terminal: terminal_events(),
            poll,
            version,
            signals,
            speed,
        })
    }

    /// The next thing the screen reacts to; `now` is the screen's clock.
    pub async fn next(&mut self, store: &Store, now: Ts) -> Result<ScreenEvent> {
        let second = tokio::time::sleep(until_next_second(now, self.speed));
        tokio::pin!(second);
        loop {
            let [term, hup, int, quit] = &mut self.signals;
            tokio::select! {
                ev = self.terminal.recv() => match ev {
                    Some(Ok(TermEvent::Key(key))) if key.kind == KeyEventKind::Press => {
                        return Ok(ScreenEvent::Key(key))
                    }
                    Some(Ok(TermEvent::Resize(w, h))) => return Ok(ScreenEvent::Resize(w, h)),
                    Some(Ok(TermEvent::Paste(text))) => return Ok(ScreenEvent::Paste(text)),
                    Some(Ok(_)) => {}
                    Some(Err(e)) => return Err(e).context("reading the terminal"),
                    None => return Ok(ScreenEvent::Quit),
                },
                _ = &mut second => return Ok(ScreenEvent::Second),
                _ = self.poll.tick() => {
                    if self.version.changed(store)? {
                        return Ok(ScreenEvent::Committed);
                    }
                }
                _ = term.recv() => return Ok(ScreenEvent::Quit),
                _ = hup.recv() => return Ok(ScreenEvent::Quit),
                _ = int.recv() => return Ok(ScreenEvent::Quit),
                _ = quit.recv() => return Ok(ScreenEvent::Quit),
            }
        }
    }
}

/// Real time until the screen's clock shows the next second: under
/// `FAULTLINE_SPEED` that second comes `speed` times sooner.
fn until_next_second(now: Ts, speed: f64) -> Duration {
    let ms = f64::from(1000 - now.timestamp_subsec_millis().min(999));
    Duration::from_secs_f64(ms / 1000.0 / speed.max(1.0))
}

/// Terminal events through a channel. One task owns the `EventStream` and
/// keeps a single `next()` pending, so the stream is polled only when woken:
/// re-polling it on every loop turn made crossterm spin on its reader lock.
fn terminal_events() -> UnboundedReceiver<std::io::Result<TermEvent>> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut stream = EventStream::new();
        while let Some(ev) = stream.next().await {
            if tx.send(ev).is_err() {
                break;
            }
        }
    });
    rx
}
