//! The wall board (drawn in a later step).

use ratatui::Frame;

pub fn draw(_f: &mut Frame) {}
