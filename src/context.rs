//! What every command works with: the output streams, how output looks, and where things are.

use std::io::Write;
use std::path::PathBuf;

use crate::catalog::{Catalog, Folder};
use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::history::History;
use crate::output::Look;
use crate::paths::Paths;
use crate::result::ResultDoc;

pub struct Context<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub look: Look,
    pub plain: bool,
    questionnaires: Option<PathBuf>,
    paths: Option<Paths>,
}

impl<'a> Context<'a> {
    pub fn new(cli: &Cli, out: &'a mut dyn Write, err: &'a mut dyn Write) -> Self {
        let home = std::env::var_os("BALANCE_HOME").map(PathBuf::from);
        Context {
            out,
            err,
            look: Look::detect(cli.plain),
            plain: cli.plain,
            questionnaires: cli.questionnaires.clone(),
            paths: Paths::resolve(home),
        }
    }

    pub fn paths(&self) -> Result<&Paths> {
        self.paths.as_ref().ok_or_else(|| {
            Error::Failed(
                "cannot find your home directory; set BALANCE_HOME to the folder balance should use"
                    .to_string(),
            )
        })
    }

    pub fn history(&self) -> Result<History> {
        Ok(History::new(self.paths()?.data.clone()))
    }

    /// The built-ins, the user's config folder and `--questionnaires`, with notices shown.
    pub fn catalog(&mut self) -> Result<Catalog> {
        let mut folders = Vec::new();
        if let Some(paths) = &self.paths {
            folders.push(Folder {
                path: paths.questionnaires(),
                required: false,
            });
        }
        if let Some(dir) = &self.questionnaires {
            folders.push(Folder {
                path: dir.clone(),
                required: true,
            });
        }
        let catalog = Catalog::load(&folders)?;
        for notice in &catalog.notices {
            self.warn(&format!("note: {notice}"));
        }
        Ok(catalog)
    }

    /// Saved results, oldest first; skipped lines and future dates are reported.
    pub fn load_history(&mut self) -> Result<Vec<ResultDoc>> {
        let history = self.history()?;
        let loaded = history.load()?;
        for notice in loaded.notices(&history.path()) {
            self.warn(&notice);
        }
        Ok(loaded.results)
    }

    pub fn warn(&mut self, message: &str) {
        let _ = writeln!(self.err, "balance: {message}");
    }
}
