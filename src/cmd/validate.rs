use crate::catalog::{Catalog, LoadError};
use crate::cli::ValidateArgs;
use crate::context::Context;
use crate::error::{exit, Result};

/// Checks the files laid over the built-ins, as they would be loaded.
pub fn run(args: ValidateArgs, ctx: &mut Context) -> Result<i32> {
    match Catalog::with_files(&args.files) {
        Ok(_) => {
            let n = args.files.len();
            writeln!(ctx.out, "{n} file{} valid", if n == 1 { "" } else { "s" })?;
            Ok(exit::OK)
        }
        Err(e @ LoadError::Invalid(_)) => {
            writeln!(ctx.err, "{e}")?;
            Ok(exit::ERROR)
        }
        Err(e) => Err(e.into()),
    }
}
