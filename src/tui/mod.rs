//! The terminal screens. (Console and wall board land in the next commits.)

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{bad, Context};

pub fn console(_ctx: &Context, _db: Option<PathBuf>) -> Result<u8> {
    bad("the console is not built yet")
}

pub fn wall(_ctx: &Context, _quiet: bool) -> Result<u8> {
    bad("the wall board is not built yet")
}
