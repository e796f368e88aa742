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
pub mod caret;
mod console;
pub mod data;
pub mod events;
pub mod keymap;
pub mod screen;
pub mod stats;
pub mod terminal;
#[cfg(test)]
pub mod testing;
pub mod views;
mod wall;

use std::io::Write;

use anyhow::{Context as _, Result};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

pub use console::{carry_out, console, Writer};
pub use wall::wall;

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the event loop")
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

#[cfg(test)]
mod tests;

/// Hands the heap's free pages back to the system. Loading a desk reads
/// and decodes every open ticket's log through short-lived buffers; what
/// they leave free inside the heap would stay resident for the life of a
/// wall that runs for months (glibc trims only the heap's top by itself).
pub fn release_freed_memory() {
    #[cfg(target_env = "gnu")]
    // SAFETY: malloc_trim only returns free memory to the kernel.
    unsafe {
        libc::malloc_trim(0);
    }
}
