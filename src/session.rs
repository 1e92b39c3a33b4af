//! What `quiz` and `checkin` share: choosing the questionnaires, getting the answers (from a
//! file, or asked at the terminal with the progress kept safe), stamping the result and
//! keeping it.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::answers;
use crate::catalog::Catalog;
use crate::checkin;
use crate::cli::{PracticeArgs, ResultOutput};
use crate::config::Config;
use crate::error::{exit, Error, Result};
use crate::files::{is_standard_stream, write_atomically, write_output, Privacy};
use crate::output::write_json;
use crate::practice::{self, ask::Asker, ChosenPractice, Tried};
use crate::quality::median;
use crate::questionnaire::{Form, Questionnaire};
use crate::quiz::interrupt::{Signals, SIGINT};
use crate::quiz::terminal::{KeyPrompter, LinePrompter};
use crate::quiz::{ask_all, intro, Outcome, Progress, Prompter};
use crate::recommend::is_urgent;
use crate::report::{self, PRACTICES_SHOWN};
use crate::result::{Asked, RecommendationResult, ResultDoc, Stamp};

/// SIGHUP's number: a terminal that went away without a signal counts as closed.
const SIGHUP: i32 = 1;

/// Runs a quiz or check-in through to the result shown: continues the paused one when
/// `--resume` asks (or the person chooses to), otherwise starts `started` over `ids`.
pub fn take(
    config: &mut Config,
    started: Started,
    ids: &[String],
    resume_asked: bool,
    output: &ResultOutput,
    top: usize,
) -> Result<i32> {
    let catalog = config.catalog()?;
    // Checked before any statement is asked: a mistyped flag must not cost the answers.
    if output.output.as_deref().is_some_and(is_standard_stream) {
        return Err(Error::StdoutTaken {
            taken: "the report goes to standard output",
            help: "--json prints the result as JSON there in place of the report",
        });
    }
    let flags = LoopFlags::resolve(&output.practice, &catalog)?;
    let answers = output.answers.as_deref();
    let (gathered, taken, form) = if resume_asked || offer_paused(config, answers)? {
        resume(config, &catalog)?
    } else {
        let taken = select(&catalog, ids)?;
        let gathered = gather(config, &catalog, &taken, started, answers)?;
        (gathered, taken, started.form())
    };
    let session = Session {
        taken,
        form,
        gathered,
        flags,
    };
    finish(config, &catalog, session, output, top)
}

/// What the practice-loop flags settle; what they leave out is asked at a terminal.
struct LoopFlags {
    /// `--practice`: `Some(None)` for `none`.
    practice: Option<Option<ChosenPractice>>,
    tried: Option<Tried>,
    /// `--note`: `Some(None)` for an empty one.
    note: Option<Option<String>>,
}

impl LoopFlags {
    fn resolve(args: &PracticeArgs, catalog: &Catalog) -> Result<LoopFlags> {
        let practice = match args.practice.as_deref().map(str::trim) {
            None => None,
            Some("none") => Some(None),
            Some(given) => Some(Some(practice::resolve(given, &catalog.strategies)?)),
        };
        let note = args.note.as_deref().map(practice::note).transpose()?;
        Ok(LoopFlags {
            practice,
            tried: args.tried.map(Tried::from),
            note,
        })
    }
}

/// A quiz or check-in with every statement answered, about to be scored.
struct Session<'c> {
    taken: Vec<&'c Questionnaire>,
    form: Form,
    gathered: Gathered,
    flags: LoopFlags,
}

/// The questionnaires named, or all of them.
pub fn select<'c>(catalog: &'c Catalog, ids: &[String]) -> Result<Vec<&'c Questionnaire>> {
    if ids.is_empty() {
        return Ok(catalog.questionnaires.iter().collect());
    }
    ids.iter()
        .map(|id| {
            catalog
                .questionnaire(id)
                .ok_or_else(|| Error::UnknownQuestionnaire {
                    id: id.clone(),
                    known: catalog
                        .questionnaires
                        .iter()
                        .map(|q| q.id.clone())
                        .collect(),
                })
        })
        .collect()
}

/// A new id and the current time, for a result about to be made.
fn stamp_now() -> Stamp {
    Stamp {
        id: uuid::Uuid::now_v7().to_string(),
        taken_at: jiff::Timestamp::now(),
    }
}

/// Answers ready to be scored, with the id and time the result will carry. Answers asked at
/// the terminal stay in the saved progress until the result is safely in the history.
struct Gathered {
    pub asked: Asked,
    pub stamp: Stamp,
    /// Where the finished answers wait, when they were asked at the terminal.
    pub progress: Option<PathBuf>,
    /// Started as a check-in: it is shown as one, also when resumed by `quiz --resume`.
    pub checkin: bool,
    /// Asked at the terminal, where the practice loop's questions are asked too.
    pub at_terminal: bool,
}

/// What was started: a quiz in a form, or a check-in (always the short form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Started {
    Quiz(Form),
    Checkin,
}

impl Started {
    pub fn form(self) -> Form {
        match self {
            Started::Quiz(form) => form,
            Started::Checkin => Form::Short,
        }
    }
}

/// Answers from `--answers`, or asked at the terminal in a shuffled order.
fn gather(
    config: &mut Config,
    catalog: &Catalog,
    taken: &[&Questionnaire],
    started: Started,
    answers_file: Option<&Path>,
) -> Result<Gathered> {
    let form = started.form();
    if let Some(path) = answers_file {
        let (name, text) = answers::read(path)?;
        let answers = answers::parse(&name, &text, taken, form)?;
        return Ok(Gathered {
            asked: Asked::answers(answers),
            stamp: stamp_now(),
            progress: None,
            checkin: started == Started::Checkin,
            at_terminal: false,
        });
    }
    let mut items: Vec<String> = taken
        .iter()
        .flat_map(|q| q.items_in(form).map(|i| i.id.clone()))
        .collect();
    // Statements of every questionnaire interleaved at random, so that neither a
    // questionnaire's theme nor a pattern of keys lines up with how items are keyed. The
    // order is drawn once and kept with the progress, so back and --resume keep it.
    fastrand::shuffle(&mut items);
    let ids = taken.iter().map(|q| q.id.clone()).collect();
    let mut progress = Progress::new(form, ids, items);
    progress.checkin = started == Started::Checkin;
    ask(config, catalog, progress)
}

/// When a quiz or check-in is waiting to be resumed and another is about to start at the
/// terminal, asks which: true to resume. Answers from a file leave it waiting, with a note.
fn offer_paused(config: &mut Config, answers_file: Option<&Path>) -> Result<bool> {
    // Without a home there is nothing paused; `--answers --no-save` needs no home.
    let Ok(paths) = config.paths() else {
        return Ok(false);
    };
    let Ok(Some(paused)) = Progress::load(&paths.progress()) else {
        return Ok(false);
    };
    let what = if paused.checkin { "check-in" } else { "quiz" };
    let done = format!("{} of {} answered", paused.position, paused.items.len());
    // The choice is a prompt on standard error, and either answer goes on to ask.
    let can_choose = config.terminals.can_ask() && config.terminals.stderr;
    if answers_file.is_some() || !can_choose {
        config.warn(&format!(
            "note: a paused {what} ({done}) is still waiting; `balance quiz --resume` continues it"
        ));
        return Ok(false);
    }
    let choice = dialoguer::Select::new()
        .with_prompt(format!("A paused {what} is waiting ({done})"))
        .items(&[
            format!("Resume the paused {what}"),
            "Start over (the paused answers are discarded)".to_string(),
        ])
        .default(0)
        .interact()
        .map_err(crate::confirm::prompt_error)?;
    Ok(choice == 0)
}

/// Continues the saved progress of an interrupted quiz or check-in.
fn resume<'c>(
    config: &mut Config,
    catalog: &'c Catalog,
) -> Result<(Gathered, Vec<&'c Questionnaire>, Form)> {
    let path = config.paths()?.progress();
    let progress = Progress::load(&path)?.ok_or(Error::NothingToResume)?;
    progress.check(catalog, &path)?;
    let taken = select(catalog, &progress.questionnaires)?;
    let form = progress.form;
    Ok((ask(config, catalog, progress)?, taken, form))
}

fn ask(config: &mut Config, catalog: &Catalog, mut progress: Progress) -> Result<Gathered> {
    if !config.terminals.can_ask() {
        return Err(Error::NeedsTerminal);
    }
    let path = config.paths()?.progress();
    if progress.position < progress.items.len() {
        let signals = Signals::watch().map_err(Error::Signals)?;
        let remaining = progress.items.len() - progress.position;
        for line in intro(progress.form, remaining).lines() {
            writeln!(config.err, "{}", config.look.wrap(line, "")).map_err(Error::Output)?;
        }
        writeln!(config.err).map_err(Error::Output)?;
        let outcome = run_prompter(config, catalog, &mut progress, &signals);
        let signal = signals.interrupted();
        // The flags go now. signal-hook's handler stays installed without them, so a signal
        // does nothing until balance ends moments later; the practice loop's questions
        // register their own ending (`confirm::asking`).
        drop(signals);
        match outcome {
            Ok(Outcome::Finished) => {}
            Ok(Outcome::Interrupted) => {
                return Err(pause(&progress, &path, signal.unwrap_or(SIGINT)))
            }
            Err(e) => {
                // The terminal went away (closed window) or failed: keep the answers first.
                return Err(match (signal, pause(&progress, &path, SIGHUP)) {
                    (_, Error::ProgressNotSaved) => Error::ProgressNotSaved,
                    (Some(signal), _) => Error::Interrupted(signal),
                    (None, _) => Error::Prompt(e),
                });
            }
        }
    }
    // Every statement is answered: the id and time are fixed now and kept with the answers,
    // so that finishing again after a failed save never stores the result twice.
    let stamp = progress.stamp.get_or_insert_with(stamp_now).clone();
    if progress.answers.is_empty() {
        Progress::remove(&path);
        return Err(Error::NoAnswers);
    }
    // Kept until the result is in the history; if even this fails, the result itself is
    // written elsewhere when saving it fails too (see `keep`).
    let waiting = match progress.save(&path) {
        Ok(()) => Some(path),
        Err(e) => {
            config.warn(&format!("warning: {e}"));
            None
        }
    };
    Ok(Gathered {
        asked: Asked {
            answers: progress.answers.clone(),
            order: Some(progress.items.clone()),
            median_seconds: median(progress.seconds.clone()),
        },
        stamp,
        progress: waiting,
        checkin: progress.checkin,
        at_terminal: true,
    })
}

/// Scores what was gathered, asks how last time's practice went, shows the result (a
/// check-in as a check-in, against the last check-in; anything else as the full report),
/// asks for the practice to try next, and keeps it all as asked.
fn finish(
    config: &mut Config,
    catalog: &Catalog,
    session: Session,
    output: &ResultOutput,
    top: usize,
) -> Result<i32> {
    let Session {
        taken,
        form,
        gathered,
        flags,
    } = session;
    let checkin = gathered.checkin;
    let limit = if checkin { usize::MAX } else { top };
    let earlier = earlier_results(config, checkin && !output.json || flags.tried.is_some())?;
    // Made safe like every result read back: its practice is shown, and copied into this one.
    let last = earlier.last().cloned().map(|mut last| {
        last.complete(catalog);
        last
    });
    let stamp = gathered.stamp.clone();
    let mut doc = ResultDoc::assess(catalog, &taken, form, &gathered.asked, limit, stamp);
    let asker = (gathered.at_terminal && config.terminals.can_ask()).then_some(Asker {
        line_mode: config.line_mode,
        resumable: gathered.progress.is_some(),
    });
    report_on_last_practice(config, &mut doc, last.as_ref(), &flags, asker.as_ref())?;
    let offer = show(config, catalog, &doc, &earlier, (checkin, output.json))?;
    doc.practice = match (flags.practice, &asker) {
        (Some(given), _) => given,
        (None, Some(asker)) => asker.practice(&offer.0, offer.1)?,
        (None, None) => None,
    };
    let kept = keep(config, &doc, output, &gathered)?;
    if output.json {
        write_json(config.out, &doc).map_err(Error::Output)?;
        if let Kept::Failed { .. } = kept {
            report::where_kept(config.err, &kept, config.look).map_err(Error::Output)?;
        }
    } else {
        report::chosen_practice(config.out, &doc, config.look).map_err(Error::Output)?;
        report::where_kept(config.out, &kept, config.look).map_err(Error::Output)?;
    }
    Ok(match kept {
        Kept::Failed { .. } => exit::ERROR,
        _ => exit::OK,
    })
}

/// Shows the result, unless it goes out as JSON: a check-in as a check-in (against the last
/// check-in), anything else as the full report. Returns the practices it showed, to choose
/// from, and which to offer first: the week's suggestion for a check-in, the first
/// strategy's for a quiz.
fn show(
    config: &mut Config,
    catalog: &Catalog,
    doc: &ResultDoc,
    earlier: &[ResultDoc],
    (checkin, json): (bool, bool),
) -> Result<(Vec<ChosenPractice>, usize)> {
    let urgent = |id: &str| {
        catalog
            .strategies
            .iter()
            .any(|s| s.id == id && is_urgent(s))
    };
    let shown: Vec<&RecommendationResult> = if checkin {
        let (count, last_checkin) = earlier_checkins(earlier, catalog);
        let week = checkin::this_week(&doc.recommendations, count, &urgent);
        if !json {
            checkin::render(config.out, config.look, doc, last_checkin.as_ref(), &week)
                .map_err(Error::Output)?;
        }
        week
    } else {
        if !json {
            report::render(config.out, doc, config.look).map_err(Error::Output)?;
        }
        doc.recommendations.iter().collect()
    };
    // The report is on the screen before anything is asked about it.
    config.out.flush().map_err(Error::Output)?;
    let suggested = shown.iter().find(|r| !urgent(&r.id)).map(|r| r.id.as_str());
    Ok(practice::offered(&shown, PRACTICES_SHOWN, suggested))
}

/// Whether the practice chosen last time was tried, and a note: from the flags, else asked.
fn report_on_last_practice(
    config: &mut Config,
    doc: &mut ResultDoc,
    last: Option<&ResultDoc>,
    flags: &LoopFlags,
    asker: Option<&Asker>,
) -> Result<()> {
    doc.previous_practice = practice::previous(last, flags.tried);
    if flags.tried.is_some() && doc.previous_practice.is_none() {
        config.warn("note: --tried is left out: no practice was chosen last time");
    }
    if let (Some(previous), Some(asker), None) = (&mut doc.previous_practice, asker, flags.tried) {
        previous.tried = asker.tried(previous)?;
    }
    doc.note = match (&flags.note, asker) {
        (Some(given), _) => given.clone(),
        (None, Some(asker)) => asker.note()?,
        (None, None) => None,
    };
    Ok(())
}

/// The results saved before this one, oldest first. A check-in needs them for its change;
/// otherwise a history that cannot be read only leaves out last time's practice (saving
/// then says what is wrong).
fn earlier_results(config: &mut Config, required: bool) -> Result<Vec<ResultDoc>> {
    match config.load_history() {
        Ok(results) => Ok(results),
        Err(e) if required => Err(e),
        Err(_) => Ok(Vec::new()),
    }
}

/// How many check-ins came before, and the last of them, completed. Like with like: a
/// check-in's change is measured against the last check-in, never a full assessment.
fn earlier_checkins(earlier: &[ResultDoc], catalog: &Catalog) -> (usize, Option<ResultDoc>) {
    let mut checkins = earlier.iter().filter(|r| r.form == Form::Short);
    let count = checkins.clone().count();
    let mut last = checkins.next_back().cloned();
    if let Some(last) = &mut last {
        last.complete(catalog);
    }
    (count, last)
}

fn run_prompter(
    config: &mut Config,
    catalog: &Catalog,
    progress: &mut Progress,
    signals: &Signals,
) -> std::io::Result<Outcome> {
    let mut prompter: Box<dyn Prompter> = if config.line_mode {
        Box::new(LinePrompter::on_stdin(std::io::stderr(), Some(signals)))
    } else {
        Box::new(KeyPrompter::new(progress.items.len(), config.look, signals))
    };
    let outcome = ask_all(prompter.as_mut(), catalog, progress, &mut |_| {});
    let _ = prompter.finish();
    outcome
}

/// Saves the answers so far and says how to continue; the error to end with.
fn pause(progress: &Progress, path: &Path, signal: i32) -> Error {
    let mut err = std::io::stderr();
    match progress.save(path) {
        Ok(()) => {
            let _ = writeln!(
                err,
                "\nPaused after {} of {} statements. Your answers are saved; continue with `balance quiz --resume`.",
                progress.position,
                progress.items.len()
            );
            Error::Interrupted(signal)
        }
        Err(e) => {
            let _ = writeln!(err, "\nbalance: {e}");
            Error::ProgressNotSaved
        }
    }
}

/// Where a finished result went.
pub enum Kept {
    Saved(PathBuf),
    NotSaved,
    /// The history could not take it; the answers wait elsewhere.
    Failed {
        reason: String,
        waiting: Waiting,
    },
}

/// Where the answers of a result the history could not take are kept.
pub enum Waiting {
    /// In the saved progress: `balance quiz --resume` saves them.
    Progress(PathBuf),
    /// The whole result in a file of its own: `balance import FILE` saves it.
    ResultFile(PathBuf),
    /// Nowhere could be written: the result is printed with the report.
    Nowhere,
}

/// Writes `--output` and saves the result to the history, as asked. A failed save does not
/// lose the answers: they stay where they were gathered, and the report is shown anyway.
fn keep(
    config: &Config,
    doc: &ResultDoc,
    output: &ResultOutput,
    gathered: &Gathered,
) -> Result<Kept> {
    if let Some(path) = &output.output {
        let mut json = serde_json::to_vec_pretty(doc).map_err(|e| Error::Output(e.into()))?;
        json.push(b'\n');
        write_output(
            path,
            &json,
            Privacy::Private,
            &config.history()?.kept_files(),
        )?;
    }
    if output.no_save {
        remove_progress(gathered);
        return Ok(Kept::NotSaved);
    }
    let history = config.history()?;
    match history.append(doc) {
        Ok(()) => {
            remove_progress(gathered);
            Ok(Kept::Saved(history.path()))
        }
        Err(e) => Ok(Kept::Failed {
            reason: e.to_string(),
            waiting: match &gathered.progress {
                Some(path) => Waiting::Progress(path.clone()),
                None => write_aside(doc),
            },
        }),
    }
}

/// Writes the result, owner-only, to the temporary folder, where a full or read-only data
/// folder does not stop it.
fn write_aside(doc: &ResultDoc) -> Waiting {
    let path = std::env::temp_dir().join(format!("balance-result-{}.json", doc.id));
    let written = serde_json::to_vec_pretty(doc)
        .map_err(std::io::Error::from)
        .and_then(|json| write_atomically(&path, &json));
    match written {
        Ok(()) => Waiting::ResultFile(path),
        Err(_) => Waiting::Nowhere,
    }
}

fn remove_progress(gathered: &Gathered) {
    if let Some(path) = &gathered.progress {
        Progress::remove(path);
    }
}
