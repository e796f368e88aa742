//! Every sentence faultline says to a user (errors, refusals, results), in
//! Chinese and English, in one place: a translation is one edit, and two
//! places cannot word the same refusal differently. Labels (levels,
//! milestones, roles, events) are in [`crate::i18n`].
//!
//! Each function returns the sentence in the language of the calling thread
//! (see [`crate::i18n::speak`]): errors are worded where they arise, deep in
//! the store or the engine, and shown as they are. Grouped by who says it.

pub mod cli;
pub mod input;
pub mod record;
pub mod rules;
pub mod service;
pub mod store;
