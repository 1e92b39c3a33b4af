//! `balance schema`: the JSON Schema of the result document, as committed.

use crate::context::Context;
use crate::error::{exit, Error, Result};

pub fn run(ctx: &mut Context) -> Result<i32> {
    ctx.out
        .write_all(crate::result::JSON_SCHEMA.as_bytes())
        .map_err(Error::Output)?;
    Ok(exit::OK)
}
