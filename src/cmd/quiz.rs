//! `balance quiz`, and the asking, saving and writing that `checkin` shares with it.

use std::io::IsTerminal;
use std::path::Path;

use crate::answers;
use crate::catalog::Catalog;
use crate::cli::{QuizArgs, ResultOutput};
use crate::context::Context;
use crate::error::{exit, Error, Result};
use crate::files::{write_output, Privacy};
use crate::output::write_json;
use crate::questionnaire::{Form, Questionnaire};
use crate::quiz::interrupt::Guard;
use crate::quiz::terminal::{KeyPrompter, LinePrompter};
use crate::quiz::{ask_all, intro, Outcome, Progress, Prompter};
use crate::report::{self, Saved};
use crate::result::ResultDoc;
use crate::scoring::Answers;

pub fn run(args: QuizArgs, ctx: &mut Context) -> Result<i32> {
    let catalog = ctx.catalog()?;
    let (answers, taken, form) = if args.resume {
        resume(ctx, &catalog)?
    } else {
        let taken = select(&catalog, &args.ids)?;
        let form = if args.short { Form::Short } else { Form::Full };
        let answers = gather(ctx, &catalog, &taken, form, args.result.answers.as_deref())?;
        (answers, taken, form)
    };
    let doc = ResultDoc::new(&catalog, &taken, form, &answers, args.top);
    let saved = keep(ctx, &doc, &args.result)?;
    if args.result.json {
        write_json(ctx.out, &doc)?;
    } else {
        report::render(
            ctx.out,
            &doc,
            ctx.look,
            saved.as_deref().map_or(Saved::NotSaved, Saved::To),
        )?;
    }
    Ok(exit::OK)
}

/// The questionnaires named, or all of them.
pub fn select<'c>(catalog: &'c Catalog, ids: &[String]) -> Result<Vec<&'c Questionnaire>> {
    if ids.is_empty() {
        return Ok(catalog.questionnaires.iter().collect());
    }
    ids.iter()
        .map(|id| {
            catalog.questionnaire(id).ok_or_else(|| {
                let known: Vec<&str> = catalog
                    .questionnaires
                    .iter()
                    .map(|q| q.id.as_str())
                    .collect();
                Error::Usage(format!(
                    "no questionnaire `{id}`; known: {}",
                    known.join(", ")
                ))
            })
        })
        .collect()
}

/// Answers from `--answers`, or asked at the terminal.
pub fn gather(
    ctx: &mut Context,
    catalog: &Catalog,
    taken: &[&Questionnaire],
    form: Form,
    answers_file: Option<&Path>,
) -> Result<Answers> {
    if let Some(path) = answers_file {
        let (name, text) = answers::read(path)?;
        return Ok(answers::parse(&name, &text, taken, form)?);
    }
    let items = taken
        .iter()
        .flat_map(|q| q.items_in(form).map(|i| i.id.clone()))
        .collect();
    let ids = taken.iter().map(|q| q.id.clone()).collect();
    ask(ctx, catalog, Progress::new(form, ids, items))
}

fn resume<'c>(
    ctx: &mut Context,
    catalog: &'c Catalog,
) -> Result<(Answers, Vec<&'c Questionnaire>, Form)> {
    let path = ctx.paths()?.progress();
    let progress = Progress::load(&path)?.ok_or_else(|| {
        Error::Failed(
            "there is no interrupted quiz to resume; start one with `balance quiz`".to_string(),
        )
    })?;
    progress.check(catalog, &path)?;
    let taken = select(catalog, &progress.questionnaires)?;
    let form = progress.form;
    Ok((ask(ctx, catalog, progress)?, taken, form))
}

fn ask(ctx: &mut Context, catalog: &Catalog, mut progress: Progress) -> Result<Answers> {
    require_terminal()?;
    let path = ctx.paths()?.progress();
    let guard = Guard::install(&progress, path.clone())?;
    let remaining = progress.items.len() - progress.position;
    let titles: Vec<&str> = progress
        .questionnaires
        .iter()
        .filter_map(|id| catalog.questionnaire(id).map(|q| q.title.as_str()))
        .collect();
    for line in intro(&titles, remaining).lines() {
        writeln!(ctx.err, "{}", ctx.look.wrap(line, ""))?;
    }
    writeln!(ctx.err)?;
    let line_mode = ctx.plain || std::env::var("TERM").is_ok_and(|t| t == "dumb");
    let mut prompter: Box<dyn Prompter> = if line_mode {
        Box::new(LinePrompter::new(
            std::io::stdin().lock(),
            std::io::stderr(),
        ))
    } else {
        Box::new(KeyPrompter::new(progress.items.len(), ctx.look))
    };
    let outcome = ask_all(prompter.as_mut(), catalog, &mut progress, &mut |p| {
        guard.update(p)
    })?;
    match outcome {
        Outcome::Finished => {
            Progress::remove(&path);
            Ok(progress.answers)
        }
        Outcome::Interrupted => {
            let _ = prompter.finish();
            drop(prompter);
            let _ = console::Term::stderr().show_cursor();
            if guard.save(&progress) {
                Err(Error::Interrupted)
            } else {
                Err(Error::Failed(
                    "the answers so far could not be saved".to_string(),
                ))
            }
        }
    }
}

fn require_terminal() -> Result<()> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return Ok(());
    }
    Err(Error::Usage(
        "the quiz needs a terminal to ask its questions.\n  help: pass answers with --answers FILE \
(a JSON or TOML map from item id to answer; `-` reads standard input); `balance show ID` lists the item ids"
            .to_string(),
    ))
}

/// Saves the result to the history and to `--output`, as asked; returns where it was saved.
pub fn keep(
    ctx: &mut Context,
    doc: &ResultDoc,
    output: &ResultOutput,
) -> Result<Option<std::path::PathBuf>> {
    if let Some(path) = &output.output {
        let mut json = serde_json::to_vec_pretty(doc).map_err(|e| Error::Failed(e.to_string()))?;
        json.push(b'\n');
        write_output(path, &json, Privacy::Private, &ctx.history()?.path())?;
    }
    if output.no_save {
        return Ok(None);
    }
    let history = ctx.history()?;
    history.append(doc)?;
    Ok(Some(history.path()))
}
