//! faultline: a terminal dispatch console that keeps the storage-fault service
//! contract's deadlines visible and enforced.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

// First, so that `said!` (a message in the user's language) is in scope in
// every module below.
#[macro_use]
pub mod i18n;

pub mod cli;
pub mod compliance;
pub mod config;
pub mod context;
pub mod daemon;
pub mod demo;
pub mod dispatch;
pub mod error;
pub mod geo;
pub mod hooks;
pub mod logging;
pub mod msg;
pub mod report;
pub mod service;
pub mod sla;
pub mod store;
pub mod text;
pub mod time;
pub mod tui;
