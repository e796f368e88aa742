//! faultline: a terminal dispatch console that keeps the storage-fault service
//! contract's deadlines visible and enforced.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod sla;
