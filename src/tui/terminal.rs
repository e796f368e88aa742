//! The terminal guard: raw mode and the alternate screen for as long as it
//! lives, restored on drop, on panic (before the panic message prints), and
//! by the event loop on SIGTERM/SIGHUP.

use std::io::{self, Stdout, Write};

use crossterm::cursor::{Hide, Show};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode and the alternate screen while it lives.
pub struct Guard;

/// A ratatui terminal on stdout (the console draws through it).
pub fn terminal() -> io::Result<Term> {
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    // A draw interrupted by a panic may have begun a synchronized update.
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = out.flush();
}

impl Guard {
    pub fn new() -> io::Result<Guard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        enable_raw_mode()?;
        let mut out = io::stdout();
        // Bracketed paste: a pasted name or note arrives as one event, its
        // newlines and escapes never read as keys.
        if let Err(e) = execute!(out, EnterAlternateScreen, EnableBracketedPaste, Hide) {
            restore();
            return Err(e);
        }
        // Never `Terminal::clear()`: it queries the cursor and hangs under
        // pipes; the alternate screen starts blank and the first draw fills it.
        Ok(Guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}
