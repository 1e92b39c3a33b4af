//! The configuration every command takes, built once from the command line, the environment
//! and the terminal (as casey/just's `Config`): the output streams, how output looks, where
//! things are and which folders the catalog loads from. No command reads the environment or
//! asks whether a stream is a terminal itself.

use std::io::Write;
use std::path::PathBuf;

use crate::catalog::{Catalog, Folder};
use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::history::History;
use crate::output::{self, Environment, Look, Terminals};
use crate::paths::Paths;
use crate::result::ResultDoc;

pub struct Config<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub look: Look,
    /// Where messages on standard error are wrapped: its width when it is a terminal.
    pub err_width: Option<usize>,
    /// Ask one statement per line, for `--plain`, a dumb terminal, or standard error that is
    /// not a terminal to draw on.
    pub line_mode: bool,
    pub terminals: Terminals,
    /// The folders whose files are laid over the built-ins: the config folder's
    /// `questionnaires/`, then `--questionnaires` (or `BALANCE_QUESTIONNAIRES`).
    catalog_folders: Vec<Folder>,
    paths: Option<Paths>,
}

impl<'a> Config<'a> {
    /// Everything a command needs, from the command line, the environment (read once) and
    /// the terminal.
    pub fn new(
        cli: &Cli,
        env: &Environment,
        terminals: Terminals,
        out: &'a mut dyn Write,
        err: &'a mut dyn Write,
    ) -> Self {
        let width = terminals
            .stdout
            .then(|| usize::from(console::Term::stdout().size().1));
        let paths = Paths::resolve(env.balance_home.clone());
        let own = paths.as_ref().map(|p| Folder {
            path: p.questionnaires(),
            required: false,
        });
        let named = cli
            .questionnaires
            .clone()
            .or_else(|| env.balance_questionnaires.clone())
            .map(|path| Folder {
                path,
                required: true,
            });
        Config {
            out,
            err,
            look: Look::decide(cli.plain, env, terminals, width),
            err_width: output::stderr_width(terminals),
            line_mode: cli.plain || !env.term_can_draw() || !terminals.stderr,
            terminals,
            catalog_folders: own.into_iter().chain(named).collect(),
            paths,
        }
    }

    pub fn paths(&self) -> Result<&Paths> {
        self.paths.as_ref().ok_or(Error::NoHome)
    }

    pub fn history(&self) -> Result<History> {
        Ok(History::new(self.paths()?.data.clone()))
    }

    /// The built-ins, the user's config folder and `--questionnaires`, with notices shown.
    pub fn catalog(&mut self) -> Result<Catalog> {
        self.catalog_with(&[])
    }

    /// The catalog every command loads, with `files` laid over it last, as `validate`
    /// checks them.
    pub fn catalog_with(&mut self, files: &[PathBuf]) -> Result<Catalog> {
        let catalog = Catalog::load(&self.catalog_folders, files)?;
        for notice in &catalog.notices {
            self.warn(&format!("note: {notice}"));
        }
        Ok(catalog)
    }

    /// Saved results, oldest first, made whole for showing: what results saved by an earlier
    /// version lack is computed from their answers, and every derived word recomputed.
    pub fn load_results(&mut self, catalog: &Catalog) -> Result<Vec<ResultDoc>> {
        let mut results = self.load_history()?;
        for result in &mut results {
            result.complete(catalog);
        }
        Ok(results)
    }

    /// Saved results as stored, oldest first; skipped lines and future dates are reported.
    pub fn load_history(&mut self) -> Result<Vec<ResultDoc>> {
        let history = self.history()?;
        let loaded = history.load()?;
        for notice in loaded.notices(&history.path()) {
            self.warn(&notice);
        }
        Ok(loaded.results)
    }

    /// A notice on standard error, after the program's name. A failure to write it is not
    /// worth failing the command for.
    pub fn warn(&mut self, message: &str) {
        let shown = output::message(&format!("balance: {message}"), self.err_width);
        let _ = writeln!(self.err, "{shown}");
    }

    /// A message on standard error, as it is (wrapped at a terminal).
    pub fn say(&mut self, message: &str) {
        let _ = writeln!(self.err, "{}", output::message(message, self.err_width));
    }
}
