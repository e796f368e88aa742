//! Every label a screen or a printed table shows, in Chinese and English:
//! one function per label, named for what it labels, so a translation is one
//! edit and two screens cannot call the same thing differently. Sentences
//! (errors, refusals, results) are in the sibling modules of [`crate::msg`].
//!
//! Grouped by who shows them; the vocabulary every face shares (levels,
//! milestones, roles, log entries) is on [`crate::i18n::Lang`] itself.

/// A label as data: key tables, menus and prompt fields hold the function,
/// and call it with the language they draw in.
pub type Label = fn(crate::i18n::Lang) -> &'static str;

/// `name: "中文", "English";` → `pub fn name(lang: Lang) -> &'static str`.
macro_rules! labels {
    ($($name:ident: $zh:literal, $en:literal;)*) => {
        $(
            pub fn $name(lang: Lang) -> &'static str {
                lang.pick_str($zh, $en)
            }
        )*
    };
}

pub mod commands;
mod console;
pub mod controls;
pub mod menu;
mod output;
mod shared;
mod vocabulary;
mod wall;

pub use console::*;
pub use output::*;
pub use shared::*;
pub use wall::*;
