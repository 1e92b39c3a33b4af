//! `balance completions SHELL` and `balance man`: generated from the command-line definition.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::context::Context;
use crate::error::{exit, Error, Result};

pub fn completions(shell: clap_complete::Shell, ctx: &mut Context) -> Result<i32> {
    // clap_complete panics when its writer fails; write to memory, then out.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "balance", &mut script);
    ctx.out.write_all(&script).map_err(Error::Output)?;
    Ok(exit::OK)
}

pub fn man(ctx: &mut Context) -> Result<i32> {
    clap_mangen::Man::new(Cli::command())
        .render(ctx.out)
        .map_err(Error::Output)?;
    Ok(exit::OK)
}
