//! A minimal presenter for the wall board: its own back buffer and the
//! buffer on screen, and a present that diffs only the areas that changed.
//!
//! ratatui's `Terminal::draw` diffs and resets the whole buffer every frame;
//! at 240×67 that memory traffic, on every idle wake-up, was most of the
//! wall's CPU. The wall redraws its header and big digits each second and
//! everything else rarely, so it presents those few areas alone.

use std::io::{self, Write};

use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};

pub struct Screen<B: Backend + Write> {
    pub backend: B,
    /// What the terminal shows.
    shown: Buffer,
    /// What the next present will show; views draw into it.
    pub next: Buffer,
}

fn rect(size: Size) -> Rect {
    Rect::new(0, 0, size.width, size.height)
}

impl<B: Backend + Write> Screen<B> {
    pub fn new(backend: B) -> io::Result<Screen<B>> {
        let size = backend
            .size()
            .map_err(|e| io::Error::other(e.to_string()))?;
        Ok(Screen {
            backend,
            shown: Buffer::empty(rect(size)),
            next: Buffer::empty(rect(size)),
        })
    }

    /// After a resize: both buffers start over and the screen is cleared.
    pub fn resize(&mut self, width: u16, height: u16) -> io::Result<()> {
        let area = Rect::new(0, 0, width, height);
        self.shown = Buffer::empty(area);
        self.next = Buffer::empty(area);
        self.backend
            .clear()
            .map_err(|e| io::Error::other(e.to_string()))
    }

    /// Sends what differs between `next` and the screen: everywhere, or only
    /// inside `areas`. Wide characters are handled by ratatui's own diff,
    /// run on the area's rows.
    ///
    /// Inside a synchronized update that ends on every path: a failed write
    /// must not leave the terminal holding back its output.
    pub fn present(&mut self, areas: Option<&[Rect]>) -> io::Result<()> {
        crossterm::queue!(self.backend, BeginSynchronizedUpdate)?;
        let sent = self.send(areas);
        let ended = crossterm::queue!(self.backend, EndSynchronizedUpdate).and_then(|()| {
            Backend::flush(&mut self.backend).map_err(|e| io::Error::other(e.to_string()))
        });
        sent.and(ended)
    }

    fn send(&mut self, areas: Option<&[Rect]>) -> io::Result<()> {
        let err = |e: B::Error| io::Error::other(e.to_string());
        match areas {
            None => {
                let updates = self.shown.diff(&self.next);
                self.backend.draw(updates.into_iter()).map_err(err)?;
                self.shown.clone_from(&self.next);
            }
            Some(areas) => {
                // Whole rows, merged into bands, so a wide character is never
                // split and side-by-side areas are diffed once.
                let full = self.next.area;
                let mut rows: Vec<u16> = areas
                    .iter()
                    .map(|a| a.intersection(full))
                    .flat_map(|a| a.top()..a.bottom())
                    .collect();
                rows.sort_unstable();
                rows.dedup();
                for band in rows.chunk_by(|a, b| b - a == 1) {
                    let (Some(&first), Some(&last)) = (band.first(), band.last()) else {
                        continue;
                    };
                    let rows = Rect::new(full.x, first, full.width, last - first + 1);
                    let mut before = Buffer::empty(rows);
                    let mut after = Buffer::empty(rows);
                    for y in rows.top()..rows.bottom() {
                        for x in rows.left()..rows.right() {
                            before[(x, y)].clone_from(&self.shown[(x, y)]);
                            after[(x, y)].clone_from(&self.next[(x, y)]);
                        }
                    }
                    let updates = before.diff(&after);
                    self.backend.draw(updates.into_iter()).map_err(err)?;
                    for y in rows.top()..rows.bottom() {
                        for x in rows.left()..rows.right() {
                            self.shown[(x, y)].clone_from(&after[(x, y)]);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}
