use crate::context::Context;
use crate::error::{exit, Result};

pub fn run(ctx: &mut Context) -> Result<i32> {
    ctx.out.write_all(crate::result::json_schema().as_bytes())?;
    Ok(exit::OK)
}
