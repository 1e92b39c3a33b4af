//! `balance schema`: the JSON Schema of the result document, as committed.

use crate::config::Config;
use crate::error::{exit, Error, Result};

pub fn run(config: &mut Config) -> Result<i32> {
    config
        .out
        .write_all(crate::result::JSON_SCHEMA.as_bytes())
        .map_err(Error::Output)?;
    Ok(exit::OK)
}
