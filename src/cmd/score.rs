//! `balance score`: many respondents at once, scored as `quiz` scores one, with statistics.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;

use serde::Serialize;

use crate::batch::{
    self, Batch, BatchError, DimensionStatistics, Format, Header, Input, IntakeOptions,
    ProblemKind, RowWriter, Shape, Step,
};
use crate::cli::ScoreArgs;
use crate::config::Config;
use crate::error::{exit, Error, Result};
use crate::files::{is_same_file, is_standard_stream, OutputError, OutputFile, Privacy};
use crate::output::{write_json, write_table, Look};
use crate::quality::FlagKind;
use crate::questionnaire::Form;
use crate::scoring::Scorer;

/// Bad rows reported one by one before the rest are only counted.
const REPORTED_ROWS: u64 = 20;
/// Bytes read from the input at a time.
const INPUT_BUFFER: usize = 1 << 16;

#[derive(Serialize)]
struct StatsDoc<'a> {
    schema: &'static str,
    rows_scored: u64,
    rows_skipped: u64,
    /// Rows that raised any response-quality flag, and how many raised each.
    rows_flagged: u64,
    flags: BTreeMap<&'static str, u64>,
    /// True when flagged rows were left out of the statistics (`--exclude-flagged`).
    flagged_excluded: bool,
    dimensions: &'a [DimensionStatistics],
    warnings: &'a [String],
}

pub fn run(args: ScoreArgs, config: &mut Config) -> Result<i32> {
    // A usage error before anything is read.
    if args.stats && args.output.as_deref().is_some_and(is_standard_stream) {
        return Err(Error::StdoutTaken {
            taken: "--stats prints the statistics to standard output",
            help: "give --output a file for the rows, or leave out --stats to print them",
        });
    }
    let catalog = config.catalog()?;
    let format = args
        .format
        .map_or_else(|| format_of(&args.file), Format::from);
    let name = match args.file.to_str() {
        Some("-") => "<stdin>".to_string(),
        _ => args.file.display().to_string(),
    };
    let intake = intake_options(&args);
    let (input, size) = open_input(&args.file)?;
    let header = Header::read(&name, input, format, &intake)?;
    let chosen = header.select(&catalog.questionnaires, &intake.questionnaires)?;
    let scorer = Scorer::new(chosen, Form::Full);
    let mut source = header.into_source(&scorer, &intake)?;
    report_not_scored(config, &name, source.take_not_scored());
    let mut batch = Batch::new(&scorer, args.stats).exclude_flagged(args.exclude_flagged);
    let mut output = Output::open(&args, config)?;
    // Rows scrolling past on the terminal are their own progress, and a bar drawn among
    // them on the same screen would break their lines.
    let rows_on_terminal = matches!(output, Output::Stdout) && config.terminals.stdout;
    // Lines of header rows a survey tool wrote below the first, skipped.
    let mut header_rows: Vec<u64> = Vec::new();
    let finished = {
        let sink: Option<Box<dyn Write + '_>> = match &mut output {
            Output::File(file) => Some(Box::new(BufWriter::with_capacity(1 << 16, file.file()))),
            // Rows on a terminal: a respondent id from the file is shown, never sent raw.
            Output::Stdout if config.terminals.stdout => {
                Some(Box::new(crate::text::SafeWriter::new(&mut *config.out)))
            }
            Output::Stdout => Some(Box::new(&mut *config.out)),
            Output::Nowhere => None,
        };
        let shape = row_shape(&args);
        let mut rows = sink
            .map(|sink| RowWriter::new(sink, shape, &scorer))
            .transpose()
            .map_err(Error::Output)?;
        let bar = progress_bar(size, config.terminals.stderr && !rows_on_terminal);
        let mut reported = 0u64;
        let err_width = config.err_width;
        let err = &mut *config.err;
        let mut each = |step: Step| -> std::result::Result<bool, BatchError> {
            match step {
                Step::Row(row) => {
                    batch.score(&row, |scored| {
                        rows.as_mut().map_or(Ok(()), |w| w.write(scored))
                    })?;
                    Ok(true)
                }
                Step::Bad(problem) if problem.kind == ProblemKind::SurveyHeader => {
                    header_rows.push(problem.line);
                    Ok(true)
                }
                Step::Bad(problem) if args.strict => Err(BatchError::BadRow {
                    source_name: name.clone(),
                    line: problem.line,
                    message: problem.message,
                }),
                Step::Bad(problem) => {
                    batch.rows_skipped += 1;
                    if reported < REPORTED_ROWS {
                        let message = format!(
                            "balance: {name}:{}: {} (row skipped)",
                            problem.line, problem.message
                        );
                        // Written with the bar taken down, else it goes on the bar's line,
                        // where the next drawing of the bar wipes it.
                        let shown = crate::output::message(&message, err_width);
                        let _ = bar.suspend(|| writeln!(err, "{shown}"));
                        reported += 1;
                    }
                    Ok(true)
                }
            }
        };
        let started = std::time::Instant::now();
        let mut tick = |bytes: u64, rows: u64| {
            bar.set_position(bytes);
            let rate = rows as f64 / started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{rows} rows, {rate:.0} rows/s"));
        };
        let read = batch::pipelined(&mut source, scorer.items().len(), &mut each, &mut tick);
        bar.finish_and_clear();
        read.map_err(Error::from).and_then(|()| {
            if batch.rows_scored + batch.rows_skipped == 0 {
                return Err(BatchError::NoRows {
                    source_name: name.clone(),
                }
                .into());
            }
            rows.map_or(Ok(()), |writer| writer.finish().map_err(Error::Output))
        })
    };
    // Said also when the run stops on an error: the rows were skipped whatever came after.
    report_header_rows(config, &name, &header_rows);
    finished?;
    report_not_scored(config, &name, source.take_not_scored());
    report_not_utf8(config, &name, source.respondents_not_utf8());
    output.commit()?;
    let skipped = batch.rows_skipped;
    if args.stats {
        write_stats(config, &batch, args.json, args.exclude_flagged)?;
    }
    if skipped > 0 {
        config.warn(&format!(
            "{skipped} bad row(s) skipped; {} scored",
            batch.rows_scored
        ));
        return Ok(exit::ERROR);
    }
    Ok(exit::OK)
}

fn intake_options(args: &ScoreArgs) -> IntakeOptions {
    IntakeOptions {
        missing: args.missing.clone(),
        delimiter: args.delimiter,
        id_column: args.id_column.clone(),
        strict_columns: args.strict_columns,
        questionnaires: args.questionnaire.clone(),
    }
}

/// One notice for the columns (or JSON keys) that were read but not scored.
fn report_not_scored(config: &mut Config, name: &str, columns: Vec<String>) {
    if columns.is_empty() {
        return;
    }
    let list = batch::intake::name_some(&columns);
    config.warn(&format!(
        "notice: {name}: not scored (not items of the questionnaires scored): {list}"
    ));
}

/// One notice for the header rows a survey tool wrote below the first, which were skipped.
fn report_header_rows(config: &mut Config, name: &str, lines: &[u64]) {
    if lines.is_empty() {
        return;
    }
    let lines: Vec<String> = lines.iter().map(u64::to_string).collect();
    config.warn(&format!(
        "notice: {name}: line(s) {} skipped: Qualtrics's rows of question texts and import \
         ids below the header, not answers",
        lines.join(" and ")
    ));
}

fn report_not_utf8(config: &mut Config, name: &str, respondents: u64) {
    if respondents > 0 {
        config.warn(&format!(
            "notice: {name}: {respondents} respondent(s) not in UTF-8, written with each byte \
             that is not as \\xNN (`M\\xfcller`)\n  help: save the file as UTF-8 (\"CSV UTF-8\" \
             in Excel's Save As) to keep their letters"
        ));
    }
}

/// The rows' format: as asked, else from --output's extension; on standard output JSON
/// Lines with --json (which otherwise only concerns the statistics).
fn row_shape(args: &ScoreArgs) -> Shape {
    let format = match (&args.output_format, output_file(args)) {
        (Some(format), _) => Format::from(*format),
        (None, Some(path)) => format_of(path),
        (None, None) if args.json => Format::Jsonl,
        (None, None) => Format::Csv,
    };
    match format {
        Format::Csv => Shape::Csv,
        Format::Jsonl => Shape::Jsonl,
    }
}

/// The `--output` file, if rows go to one: `-` is standard output.
fn output_file(args: &ScoreArgs) -> Option<&Path> {
    args.output
        .as_deref()
        .filter(|path| !is_standard_stream(path))
}

fn format_of(path: &Path) -> Format {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext)
            if ["jsonl", "ndjson", "json"]
                .iter()
                .any(|j| ext.eq_ignore_ascii_case(j)) =>
        {
            Format::Jsonl
        }
        _ => Format::Csv,
    }
}

fn open_input(path: &Path) -> Result<(Input, Option<u64>)> {
    if path == Path::new("-") {
        return Ok((
            Box::new(BufReader::with_capacity(INPUT_BUFFER, io::stdin())),
            None,
        ));
    }
    let file = File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let size = file.metadata().ok().map(|m| m.len());
    Ok((Box::new(BufReader::with_capacity(INPUT_BUFFER, file)), size))
}

/// Rows and bytes per second on standard error, for a person waiting on a file.
fn progress_bar(size: Option<u64>, on_terminal: bool) -> ProgressBar {
    let Some(size) = size.filter(|_| on_terminal) else {
        return ProgressBar::hidden();
    };
    let bar = ProgressBar::with_draw_target(Some(size), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {percent:>3}% {msg}, {eta} left") {
        bar.set_style(style);
    }
    bar
}

/// Where the scored rows go: an `--output` file (put in place whole at the end, by the
/// rules every `--output` follows), standard output, or nowhere (statistics only).
enum Output {
    File(OutputFile),
    Stdout,
    Nowhere,
}

impl Output {
    fn open(args: &ScoreArgs, config: &Config) -> Result<Output> {
        match output_file(args) {
            // Scores written over the answers they came from would lose the answers.
            Some(path) if !is_standard_stream(&args.file) && is_same_file(path, &args.file) => {
                Err(OutputError::Input {
                    path: path.to_path_buf(),
                }
                .into())
            }
            // Rows are a document for sharing: the mode a new file gets.
            Some(path) => Ok(Output::File(OutputFile::create(
                path,
                Privacy::Shared,
                &config.history()?.kept_files(),
            )?)),
            None if args.stats => Ok(Output::Nowhere),
            None => Ok(Output::Stdout),
        }
    }

    fn commit(self) -> Result<()> {
        if let Output::File(file) = self {
            file.commit()?;
        }
        Ok(())
    }
}

fn write_stats(config: &mut Config, batch: &Batch, json: bool, excluded: bool) -> Result<()> {
    let dimensions = batch.statistics();
    let warnings = keying_warnings(&dimensions);
    let flags: BTreeMap<&'static str, u64> = FlagKind::ALL
        .iter()
        .zip(batch.flag_counts)
        .map(|(kind, count)| (kind.name(), count))
        .collect();
    if json {
        let doc = StatsDoc {
            schema: "balance.stats/v1",
            rows_scored: batch.rows_scored,
            rows_skipped: batch.rows_skipped,
            rows_flagged: batch.rows_flagged,
            flags,
            flagged_excluded: excluded,
            dimensions: &dimensions,
            warnings: &warnings,
        };
        write_json(config.out, &doc).map_err(Error::Output)?;
    } else {
        stats_tables(config.out, config.look, &dimensions).map_err(Error::Output)?;
        let counts: Vec<String> = flags.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let what = if excluded {
            "left out of these statistics"
        } else {
            "included in these statistics (--exclude-flagged leaves them out)"
        };
        let line = format!(
            "Response quality: {} of {} rows raised a flag ({}), {what}.",
            batch.rows_flagged,
            batch.rows_scored,
            counts.join(", ")
        );
        writeln!(config.out, "\n{}", config.look.wrap(&line, "")).map_err(Error::Output)?;
    }
    for warning in &warnings {
        config.warn(&format!("warning: {warning}"));
    }
    Ok(())
}

fn keying_warnings(dimensions: &[DimensionStatistics]) -> Vec<String> {
    dimensions
        .iter()
        .filter_map(|d| d.reliability.as_ref().map(|r| (d, r)))
        .flat_map(|(d, r)| {
            r.items.iter().filter(|i| i.corrected_item_total < 0.0).map(move |i| {
                format!(
                    "item `{}` ({}) correlates negatively with the rest of its dimension ({:.3}): it may be keyed the wrong way",
                    i.id, d.id, i.corrected_item_total
                )
            })
        })
        .collect()
}

fn fixed(value: Option<f64>, places: usize) -> String {
    value
        .filter(|v| v.is_finite())
        .map_or("-".to_string(), |v| format!("{v:.places$}"))
}

fn stats_tables(
    out: &mut dyn Write,
    look: Look,
    dimensions: &[DimensionStatistics],
) -> io::Result<()> {
    let mut table = look.table(&[
        "Dimension",
        "Scored",
        "Mean",
        "SD",
        "Alpha",
        "Std alpha",
        "Avg r",
        "Complete",
    ]);
    for d in dimensions {
        let r = d.reliability.as_ref();
        table.add_row(vec![
            d.id.clone(),
            d.scored.to_string(),
            fixed(d.mean_score, 2),
            fixed(d.sd_score, 2),
            fixed(r.map(|r| r.alpha), 3),
            fixed(r.map(|r| r.standardized_alpha), 3),
            fixed(r.map(|r| r.average_inter_item_r), 3),
            r.map_or("0".to_string(), |r| r.complete_cases.to_string()),
        ]);
    }
    look.fit(&mut table, &[5, 6, 7]);
    write_table(out, &table)?;
    let mut items = look.table(&[
        "Item",
        "Dimension",
        "Mean",
        "SD",
        "r (corrected)",
        "Alpha if dropped",
    ]);
    for d in dimensions {
        for i in d.reliability.iter().flat_map(|r| &r.items) {
            items.add_row(vec![
                i.id.clone(),
                d.id.clone(),
                fixed(Some(i.mean), 3),
                fixed(Some(i.sd), 3),
                fixed(Some(i.corrected_item_total), 3),
                fixed(Some(i.alpha_if_dropped), 3),
            ]);
        }
    }
    writeln!(out)?;
    look.fit(&mut items, &[5]);
    write_table(out, &items)
}
