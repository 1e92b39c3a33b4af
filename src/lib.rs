//! `balance`: a self-assessment of how you balance closeness and independence.
//!
//! The pure parts (loading, scoring, recommending) never touch the terminal; rendering writes
//! to any `Write`; the commands under [`cmd`] tie them together.

pub mod answers;
pub mod batch;
pub mod catalog;
pub mod change;
pub mod checkin;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod confirm;
pub mod entries;
pub mod error;
pub mod export;
pub mod files;
pub mod history;
pub mod html;
pub mod output;
pub mod pager;
pub mod paths;
pub mod practice;
pub mod quality;
pub mod questionnaire;
pub mod quiz;
pub mod recommend;
pub mod reference;
pub mod report;
pub mod result;
pub mod scoring;
pub mod session;
pub mod strategy;
pub mod text;
pub mod timeframe;

use std::io::{self, Write};

use clap::Parser;

use crate::error::exit;

/// Runs `balance` with the process's arguments and returns its exit code.
pub fn run() -> i32 {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
        }
    };
    let env = output::Environment::read();
    let terminals = output::Terminals::detect();
    let err_width = output::stderr_width(terminals);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr();
    // Long output for a person: written to memory first, then shown through the pager when
    // it is longer than the screen.
    let paging = cli.pages() && terminals.stdout;
    let mut paged = Vec::new();
    let code = {
        let sink: &mut dyn Write = if paging { &mut paged } else { &mut out };
        let mut config = config::Config::new(&cli, &env, terminals, sink, &mut err);
        cmd::dispatch(cli.command, &mut config)
    };
    let code = code.and_then(|code| {
        let shown = if paging {
            let rows = usize::from(console::Term::stdout().size().0);
            pager::show(&mut out, &paged, rows, env.pager.as_deref())
        } else {
            Ok(())
        };
        shown
            .and_then(|()| out.flush())
            .map(|()| code)
            .map_err(error::Error::Output)
    });
    match code {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => exit::OK,
        Err(e) => {
            if !e.is_reported() {
                // Messages name files and echo input: shown escaped, never sent raw.
                let shown = output::message(&format!("balance: {e}"), err_width);
                let _ = writeln!(io::stderr(), "{shown}");
            }
            e.code()
        }
    }
}
