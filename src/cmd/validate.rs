//! `balance validate FILE...`: checks files as they would be loaded, on top of the
//! built-ins, the config folder and `--questionnaires`, exactly as every other command loads.

use crate::catalog::LoadError;
use crate::cli::ValidateArgs;
use crate::config::Config;
use crate::error::{exit, Error, Result};
use crate::files::is_same_file;

pub fn run(args: ValidateArgs, config: &mut Config) -> Result<i32> {
    match config.catalog_with(&args.files) {
        Ok(_) => {
            // A file named twice (`q.toml ./q.toml`) is one file.
            let files = &args.files;
            let n = (0..files.len())
                .filter(|&i| !files[..i].iter().any(|seen| is_same_file(seen, &files[i])))
                .count();
            writeln!(
                config.out,
                "{n} file{} valid",
                if n == 1 { "" } else { "s" }
            )
            .map_err(Error::Output)?;
            Ok(exit::OK)
        }
        Err(Error::Load(e @ LoadError::Invalid { .. })) => {
            config.say(&e.to_string());
            Ok(exit::ERROR)
        }
        Err(e) => Err(e),
    }
}
