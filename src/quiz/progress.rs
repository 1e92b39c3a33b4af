//! The saved progress of an interrupted quiz, so that `balance quiz --resume` can continue.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::catalog::diagnostic::shorten;
use crate::catalog::Catalog;
use crate::files::{create_private_dir, open_store_file, store_options, write_atomically};
use crate::questionnaire::Form;
use crate::result::Stamp;
use crate::scoring::Answers;

pub const SCHEMA: &str = "balance.progress/v1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub schema: String,
    pub form: Form,
    /// The questionnaires being taken, by id.
    pub questionnaires: Vec<String>,
    /// The statements in the order asked, by item id.
    pub items: Vec<String>,
    pub answers: BTreeMap<String, i64>,
    /// The statement to ask next.
    pub position: usize,
    /// Seconds each answer took, for the median the quality checks use; kept only until the
    /// quiz is finished (the result stores the median alone).
    #[serde(default)]
    pub seconds: Vec<f64>,
    /// The id and time given to the result once every statement was answered, so that
    /// finishing again after a failed save never stores it twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<Stamp>,
    /// Started by `balance checkin`: resumed, it is shown as a check-in.
    #[serde(default)]
    pub checkin: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error("cannot save progress to {path}: {source}")]
    Save {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot read saved progress {path}: {message}\n  help: start again with `balance quiz` (the damaged file is left as it is)")]
    Damaged { path: String, message: String },
    #[error("cannot resume the saved progress {path}: {message}\n  help: resume with the questionnaires it was saved with (--questionnaires DIR), or start again with `balance quiz`; the file is left as it is")]
    Mismatch { path: String, message: String },
}

impl Progress {
    pub fn new(form: Form, questionnaires: Vec<String>, items: Vec<String>) -> Self {
        Progress {
            schema: SCHEMA.to_string(),
            form,
            questionnaires,
            items,
            answers: Answers::new(),
            position: 0,
            seconds: Vec::new(),
            stamp: None,
            checkin: false,
        }
    }

    pub fn save(&self, path: &Path) -> Result<(), ProgressError> {
        let failed = |source| ProgressError::Save {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent() {
            create_private_dir(dir).map_err(failed)?;
        }
        let json = serde_json::to_vec_pretty(self).map_err(|e| failed(e.into()))?;
        write_atomically(path, &json).map_err(failed)
    }

    /// The saved progress, if there is any.
    pub fn load(path: &Path) -> Result<Option<Progress>, ProgressError> {
        let damaged = |message: String| ProgressError::Damaged {
            path: path.display().to_string(),
            message,
        };
        // Not through a link, and not a FIFO that would block the quiz.
        let text = match open_store_file(path, store_options().read(true))
            .and_then(std::io::read_to_string)
        {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(damaged(e.to_string())),
        };
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| damaged(e.to_string()))?;
        let schema = value.get("schema").and_then(|s| s.as_str()).unwrap_or("");
        if schema != SCHEMA {
            return Err(damaged(format!(
                "it has schema `{schema}`, and this balance reads {SCHEMA}; if a newer balance wrote it, finish the quiz with that version"
            )));
        }
        let progress: Progress =
            serde_json::from_value(value).map_err(|e| damaged(e.to_string()))?;
        if progress.position > progress.items.len() {
            return Err(damaged(
                "its position lies past its last statement".to_string(),
            ));
        }
        Ok(Some(progress))
    }

    /// Checks saved progress against the questionnaires loaded now: a file edited by hand,
    /// or written with other questionnaires, must not put a wrong answer into the history.
    pub fn check(&self, catalog: &Catalog, path: &Path) -> Result<(), ProgressError> {
        let damaged = |message: String| ProgressError::Damaged {
            path: path.display().to_string(),
            message,
        };
        for id in &self.questionnaires {
            if catalog.questionnaire(id).is_none() {
                return Err(damaged(format!(
                    "it names questionnaire `{}`, which is not loaded",
                    shorten(id)
                )));
            }
        }
        for (id, answer) in &self.answers {
            let (questionnaire, _) = catalog
                .item(id)
                .ok_or_else(|| damaged(format!("it answers unknown item `{}`", shorten(id))))?;
            if !questionnaire.scale.contains(*answer) {
                return Err(damaged(format!(
                    "its answer {answer} to `{id}` is not on the scale"
                )));
            }
        }
        self.check_belonging(catalog, path)
    }

    /// Every answer must belong to the questionnaires the progress names: otherwise scoring
    /// them would drop those answers without a word. (A statement not yet answered that a
    /// questionnaire no longer has is only skipped: nothing is lost.)
    fn check_belonging(&self, catalog: &Catalog, path: &Path) -> Result<(), ProgressError> {
        let belongs = |id: &str| {
            self.questionnaires.iter().any(|q| {
                catalog
                    .questionnaire(q)
                    .is_some_and(|q| q.items.iter().any(|item| item.id == id))
            })
        };
        let foreign: Vec<String> = self
            .answers
            .keys()
            .filter(|id| !belongs(id))
            .map(|id| format!("`{}`", shorten(id)))
            .collect();
        if foreign.is_empty() {
            return Ok(());
        }
        Err(ProgressError::Mismatch {
            path: path.display().to_string(),
            message: format!(
                "{} of its answers ({}) are to statements not in the questionnaires it names ({}) as loaded now, and would be lost",
                foreign.len(),
                foreign.iter().take(5).cloned().collect::<Vec<_>>().join(", "),
                self.questionnaires.iter().map(|q| shorten(q)).collect::<Vec<_>>().join(", ")
            ),
        })
    }

    pub fn remove(path: &Path) {
        let _ = std::fs::remove_file(path);
    }
}
