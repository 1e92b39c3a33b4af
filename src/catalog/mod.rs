//! Loading questionnaires and the strategy library: the embedded built-ins, then the user's
//! files, checked together so that every problem is reported at once.

pub(crate) mod check;
pub mod diagnostic;
mod raw;
mod tables;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use toml::Spanned;

pub use diagnostic::{Diagnostic, SourceFile};

use crate::questionnaire::{Dimension, Item, Origin, Questionnaire, Scale};
use crate::strategy::{Condition, Practice, Strategy, Subject};

const BUILTIN: &[(&str, &str)] = &[
    (
        "clinginess.toml",
        include_str!("../../questionnaires/clinginess.toml"),
    ),
    (
        "hyper_independence.toml",
        include_str!("../../questionnaires/hyper_independence.toml"),
    ),
    (
        "attachment.toml",
        include_str!("../../questionnaires/attachment.toml"),
    ),
    (
        "strategies.toml",
        include_str!("../../questionnaires/strategies.toml"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}", render(diagnostics, unchecked))]
    Invalid {
        diagnostics: Vec<Diagnostic>,
        /// The files whose shape was wrong (a key unknown or missing, a value of the wrong
        /// type): what they say could not be read, so it was not checked further.
        unchecked: Vec<String>,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("questionnaires directory {0} does not exist (check --questionnaires or BALANCE_QUESTIONNAIRES)")]
    MissingDir(PathBuf),
    #[error("{}:{line}:{column}: not UTF-8 text\n  help: save the file as UTF-8 text", .path.display())]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    #[error("{0}: not a regular file\n  help: give a questionnaire or strategy file itself (a folder of them goes to --questionnaires); a FIFO or device is not read, as it could wait for ever")]
    NotAFile(PathBuf),
    #[error("{path}: {size} bytes is more than a questionnaire or strategy file may hold ({limit} bytes)\n  help: split it into several files")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
}

/// The largest questionnaire or strategy file balance reads (1 MiB): far beyond any real
/// one, and small enough that a hostile file cannot make loading slow.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

fn render(diagnostics: &[Diagnostic], unchecked: &[String]) -> String {
    let list: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    let count = diagnostics.len();
    let noun = if count == 1 { "problem" } else { "problems" };
    let mut shown = format!("{}\n{count} {noun} found", list.join("\n"));
    for file in unchecked {
        shown.push_str(&format!(
            "\nnote: {file} is checked further (ids, dimensions, labels, conditions) once its \
             problems above are fixed: run `balance validate` on it again"
        ));
    }
    shown
}

/// Every questionnaire and strategy in use, after the user's files have replaced built-ins.
#[derive(Debug)]
pub struct Catalog {
    pub questionnaires: Vec<Questionnaire>,
    pub strategies: Vec<Strategy>,
    /// Things the user should know, such as a built-in replaced by their own file.
    pub notices: Vec<String>,
}

/// A folder of TOML files to load on top of the built-ins.
#[derive(Debug, Clone)]
pub struct Folder {
    pub path: PathBuf,
    /// A folder the user named must exist; the default config folder need not.
    pub required: bool,
}

enum Parsed {
    Questionnaire(Box<raw::QuestionnaireFile>),
    Strategies(raw::StrategyFile),
}

/// A parsed definition together with the index of the file it came from.
pub(crate) struct Located<T> {
    pub file: usize,
    pub def: T,
}

impl Catalog {
    pub fn builtin() -> Result<Catalog, LoadError> {
        Self::from_sources(builtin_sources())
    }

    /// The built-ins, then the files of each folder, then the given files, each laid over
    /// what came before.
    pub fn load(folders: &[Folder], files: &[PathBuf]) -> Result<Catalog, LoadError> {
        let mut sources = builtin_sources();
        for folder in folders {
            sources.extend(read_folder(folder)?);
        }
        for path in files {
            // A file that a folder already gave (`validate DIR/q.toml` with
            // `--questionnaires DIR`) is not laid over itself.
            if !read_already(&sources, path) {
                sources.push(read_source(path)?);
            }
        }
        Self::from_sources(sources)
    }

    /// The built-ins with files given as (name, text) laid over them, without any I/O.
    pub fn with_texts(files: &[(&str, &str)]) -> Result<Catalog, LoadError> {
        let mut sources = builtin_sources();
        sources.extend(files.iter().map(|(name, text)| {
            SourceFile::new(
                Origin::File(PathBuf::from(name)),
                Cow::Owned(text.to_string()),
            )
        }));
        Self::from_sources(sources)
    }

    pub fn questionnaire(&self, id: &str) -> Option<&Questionnaire> {
        self.questionnaires.iter().find(|q| q.id == id)
    }

    pub fn item(&self, id: &str) -> Option<(&Questionnaire, &Item)> {
        self.questionnaires
            .iter()
            .find_map(|q| q.items.iter().find(|i| i.id == id).map(|i| (q, i)))
    }

    fn from_sources(sources: Vec<SourceFile>) -> Result<Catalog, LoadError> {
        let mut diagnostics = Vec::new();
        let mut notices = Vec::new();
        let mut questionnaires: Vec<Located<raw::QuestionnaireFile>> = Vec::new();
        let mut strategies: Vec<Located<raw::StrategyDef>> = Vec::new();
        let mut unchecked = Vec::new();
        for (file, source) in sources.iter().enumerate() {
            match parse(source) {
                Err(problems) => {
                    diagnostics.extend(problems);
                    unchecked.push(source.origin.to_string());
                }
                Ok(Parsed::Questionnaire(def)) => {
                    let id = def.id.get_ref().clone();
                    let def = *def;
                    let replaced =
                        replace_or_push(&mut questionnaires, Located { file, def }, |q| {
                            q.def.id.get_ref() == &id
                        });
                    if let Some(old) = replaced {
                        notices.push(format!(
                            "questionnaire `{id}` from {} replaces the one from {}",
                            source.origin, sources[old].origin
                        ));
                    }
                }
                Ok(Parsed::Strategies(library))
                    if library.strategies.len() > check::MAX_STRATEGIES =>
                {
                    diagnostics.push(check::too_many_strategies(source, &library));
                }
                Ok(Parsed::Strategies(library)) => {
                    let first_new = strategies.len();
                    for def in library.strategies {
                        add_strategy(
                            &sources,
                            &mut strategies,
                            first_new,
                            Located { file, def },
                            &mut diagnostics,
                            &mut notices,
                        );
                    }
                }
            }
        }
        check::questionnaires(&sources, &questionnaires, &mut diagnostics);
        check::strategies(&sources, &strategies, &questionnaires, &mut diagnostics);
        if !diagnostics.is_empty() {
            return Err(LoadError::Invalid {
                diagnostics,
                unchecked,
            });
        }
        Ok(Catalog {
            questionnaires: questionnaires
                .into_iter()
                .map(|q| build_questionnaire(q.def, sources[q.file].origin.clone()))
                .map(Questionnaire::made_safe)
                .collect(),
            strategies: strategies
                .into_iter()
                .map(|s| build_strategy(s.def, sources[s.file].origin.clone()))
                .map(Strategy::made_safe)
                .collect(),
            notices,
        })
    }
}

/// Puts `new` in place of the element matching `same`, returning the file it replaced.
fn replace_or_push<T>(
    list: &mut Vec<Located<T>>,
    new: Located<T>,
    same: impl Fn(&Located<T>) -> bool,
) -> Option<usize> {
    match list.iter().position(same) {
        Some(index) => Some(std::mem::replace(&mut list[index], new).file),
        None => {
            list.push(new);
            None
        }
    }
}

fn add_strategy(
    sources: &[SourceFile],
    strategies: &mut Vec<Located<raw::StrategyDef>>,
    first_of_this_file: usize,
    new: Located<raw::StrategyDef>,
    diagnostics: &mut Vec<Diagnostic>,
    notices: &mut Vec<String>,
) {
    let id = new.def.id.get_ref().clone();
    if let Some(earlier) = strategies[first_of_this_file..]
        .iter()
        .find(|s| s.def.id.get_ref() == &id)
    {
        let line = sources[earlier.file].at(earlier.def.id.span(), "", "").line;
        diagnostics.push(sources[new.file].at(
            new.def.id.span(),
            format!("duplicate strategy id `{id}` (first used on line {line})"),
            "give each strategy its own id",
        ));
        return;
    }
    let file = new.file;
    if let Some(old) = replace_or_push(strategies, new, |s| s.def.id.get_ref() == &id) {
        notices.push(format!(
            "strategy `{id}` from {} replaces the one from {}",
            sources[file].origin, sources[old].origin
        ));
    }
}

fn builtin_sources() -> Vec<SourceFile> {
    BUILTIN
        .iter()
        .map(|(name, text)| SourceFile::new(Origin::BuiltIn(name), Cow::Borrowed(text)))
        .collect()
}

/// Whether `path` is a file one of `sources` was read from, under whatever name.
fn read_already(sources: &[SourceFile], path: &Path) -> bool {
    sources.iter().any(|source| match &source.origin {
        Origin::File(read) => crate::files::is_same_file(read, path),
        Origin::BuiltIn(_) => false,
    })
}

fn read_source(path: &Path) -> Result<SourceFile, LoadError> {
    let failed = |source| LoadError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(failed)?;
    // Checked before opening: opening a FIFO waits for a writer, and it has no size.
    if !meta.is_file() {
        return Err(LoadError::NotAFile(path.to_path_buf()));
    }
    let size = meta.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let text = String::from_utf8(std::fs::read(path).map_err(failed)?).map_err(|e| {
        // Located as a syntax error is: the line and column where the text stops being UTF-8.
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let (line, column) = diagnostic::line_column(valid, valid.len());
        LoadError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            column,
        }
    })?;
    Ok(SourceFile::new(
        Origin::File(path.to_path_buf()),
        Cow::Owned(text),
    ))
}

fn read_folder(folder: &Folder) -> Result<Vec<SourceFile>, LoadError> {
    let entries = match std::fs::read_dir(&folder.path) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match folder.required {
                true => Err(LoadError::MissingDir(folder.path.clone())),
                false => Ok(Vec::new()),
            }
        }
        Err(source) => {
            return Err(LoadError::Read {
                path: folder.path.clone(),
                source,
            })
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml") && path.is_file())
        .collect();
    paths.sort();
    paths.iter().map(|path| read_source(path)).collect()
}

/// Parses a file once, keeping every span, and reads it as what its top-level keys say it
/// is: a strategy library has a top-level `strategies` key, anything else is a
/// questionnaire. When the whole file does not fit its shape, each `[[items]]`,
/// `[[dimensions]]` and `[[strategies]]` table of the parsed document is read on its own too,
/// so that every such problem is reported at its exact place, not just the first.
fn parse(source: &SourceFile) -> Result<Parsed, Vec<Diagnostic>> {
    let document = toml_edit::ImDocument::parse(source.text.to_string())
        .map_err(|e| vec![source.syntax_error(e.message(), e.span())])?;
    let library = document.get("strategies").is_some();
    let whole = if library {
        toml_edit::de::from_document(document).map(Parsed::Strategies)
    } else {
        toml_edit::de::from_document(document).map(|q| Parsed::Questionnaire(Box::new(q)))
    };
    whole.map_err(|e| {
        let first = source.shape_error(e.message(), e.span());
        // Parsed again only here: a file that fits, the usual case, is parsed once and
        // never copied.
        let Ok(document) = toml_edit::ImDocument::parse(source.text.to_string()) else {
            return vec![first];
        };
        let mut all: Vec<Diagnostic> = tables::problems(source, &document)
            .into_iter()
            .filter(|d| (d.line, d.column) != (first.line, first.column))
            .collect();
        let at = all.partition_point(|d| (d.line, d.column) < (first.line, first.column));
        all.insert(at, first);
        all
    })
}

fn build_questionnaire(def: raw::QuestionnaireFile, origin: Origin) -> Questionnaire {
    Questionnaire {
        id: def.id.into_inner(),
        title: def.title,
        version: def.version,
        description: def.description,
        scale: Scale {
            min: *def.scale.min.get_ref(),
            max: def.scale.max,
            labels: def.scale.labels.into_inner(),
        },
        dimensions: def
            .dimensions
            .into_iter()
            .map(|d| Dimension {
                id: d.id.into_inner(),
                title: d.title,
                description: d.description,
                pole: d.pole,
            })
            .collect(),
        items: def
            .items
            .into_iter()
            .map(|i| Item {
                id: i.id.into_inner(),
                text: i.text.into_inner(),
                dimension: i.dimension.into_inner(),
                reverse: i.reverse,
                short: i.short,
                opposite: i.opposite.map(Spanned::into_inner),
            })
            .collect(),
        origin,
    }
}

fn build_strategy(def: raw::StrategyDef, origin: Origin) -> Strategy {
    Strategy {
        id: def.id.into_inner(),
        title: def.title,
        summary: def.summary.into_inner(),
        practices: def
            .practices
            .into_inner()
            .into_iter()
            .map(build_practice)
            .collect(),
        sources: def.sources.into_inner(),
        when: def
            .when
            .into_inner()
            .into_iter()
            .filter_map(|c| build_condition(c.into_inner()))
            .collect(),
        weight: def.weight.map_or(1.0, Spanned::into_inner),
        general: def.general,
        origin,
    }
}

/// Only called after `check` has accepted any `toward`.
fn build_practice(def: raw::PracticeDef) -> Practice {
    match def {
        raw::PracticeDef::Plain(text) => Practice { text, toward: None },
        raw::PracticeDef::Marked(marked) => Practice {
            text: marked.text,
            toward: marked.toward.and_then(|t| t.get_ref().parse().ok()),
        },
    }
}

/// Only called after `check` has accepted the condition.
fn build_condition(def: raw::ConditionDef) -> Option<Condition> {
    let subject = if let Some(score) = def.score {
        Subject::Score(score.into_inner())
    } else if let Some(item) = def.item {
        Subject::Item(item.into_inner())
    } else {
        Subject::Leaning(def.leaning?.get_ref().parse().ok()?)
    };
    Some(Condition {
        subject,
        at_least: def.at_least,
        at_most: def.at_most,
    })
}
