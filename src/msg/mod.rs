//! Every sentence faultline says to a user (errors, refusals, results), in
//! Chinese and English, in one place: a translation is one edit, and two
//! places cannot word the same refusal differently. What screens and tables
//! call things is in [`labels`].
//!
//! Each function returns the sentence in the language of the calling thread
//! (see [`crate::i18n::speak`]): errors are worded where they arise, deep in
//! the store or the engine, and shown as they are. Grouped by who says it.

/// [`said!`] for a given language rather than the thread's: screens draw
/// for their own `lang`, which tests vary within one thread.
macro_rules! in_lang {
    ($lang:expr, $zh:literal, $en:literal $(,)?) => {
        match $lang {
            Lang::Zh => format!($zh),
            Lang::En => format!($en),
        }
    };
}

pub mod cli;
pub mod input;
pub mod labels;
pub mod notice;
pub mod record;
pub mod rules;
pub mod screen;
pub mod service;
pub mod store;
