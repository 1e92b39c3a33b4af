//! Where `balance` keeps things, following the platform's conventions (XDG on Linux).

use std::path::PathBuf;

/// The folders `balance` uses, resolved once from the environment.
#[derive(Debug, Clone)]
pub struct Paths {
    /// Holds `history.jsonl` and the saved progress of an interrupted quiz.
    pub data: PathBuf,
    /// Holds the user's own `questionnaires/`.
    pub config: PathBuf,
}

impl Paths {
    /// `BALANCE_HOME` puts everything in one folder; otherwise the platform's folders.
    pub fn resolve(balance_home: Option<PathBuf>) -> Option<Paths> {
        if let Some(home) = balance_home.filter(|p| !p.as_os_str().is_empty()) {
            return Some(Paths {
                data: home.clone(),
                config: home,
            });
        }
        let dirs = directories::ProjectDirs::from("", "", "balance")?;
        Some(Paths {
            data: dirs.data_dir().to_path_buf(),
            config: dirs.config_dir().to_path_buf(),
        })
    }

    pub fn questionnaires(&self) -> PathBuf {
        self.config.join("questionnaires")
    }

    pub fn progress(&self) -> PathBuf {
        self.data.join("progress.json")
    }
}
