//! The `balance.export/v1` document: the whole history in one file, for backups and moving
//! to another machine. `export` writes it and `import` reads it.

use serde::{Deserialize, Serialize};

use crate::result::ResultDoc;

pub const SCHEMA: &str = "balance.export/v1";

#[derive(Serialize, Deserialize)]
pub struct Export {
    pub schema: String,
    pub tool_version: String,
    pub exported_at: jiff::Timestamp,
    /// Oldest first.
    pub results: Vec<ResultDoc>,
}
