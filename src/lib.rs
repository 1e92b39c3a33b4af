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
pub mod error;
pub mod export;
pub mod files;
pub mod history;
pub mod html;
pub mod output;
pub mod pager;
pub mod paths;
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

use std::io::{self, IsTerminal, Write};

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
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr();
    let code = if cli.pages() && io::stdout().is_terminal() {
        // Long output for a person: written to memory first, then shown through the pager
        // when it is longer than the screen.
        let mut text = Vec::new();
        let code = {
            let mut config = config::Config::new(&cli, &mut text, &mut err);
            cmd::dispatch(cli.command, &mut config)
        };
        let rows = usize::from(console::Term::stdout().size().0);
        let pager = std::env::var("PAGER").ok();
        code.and_then(|code| {
            pager::show(&mut out, &text, rows, pager.as_deref())
                .and_then(|()| out.flush())
                .map(|()| code)
                .map_err(error::Error::Output)
        })
    } else {
        let code = {
            let mut config = config::Config::new(&cli, &mut out, &mut err);
            cmd::dispatch(cli.command, &mut config)
        };
        code.and_then(|code| out.flush().map(|()| code).map_err(error::Error::Output))
    };
    match code {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => exit::OK,
        Err(e) => {
            if !e.is_reported() {
                // Messages name files and echo input: shown escaped, never sent raw.
                let _ = writeln!(io::stderr(), "balance: {}", text::safe(&e.to_string()));
            }
            e.code()
        }
    }
}
