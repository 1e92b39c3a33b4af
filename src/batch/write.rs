//! Writing scored rows: CSV for spreadsheets, JSON Lines for scripts.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use super::Scored;
use crate::questionnaire::Pole;
use crate::scoring::{DimensionScore, Scorer, ANXIETY, AVOIDANCE};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Csv,
    Jsonl,
}

pub struct RowWriter<W: Write> {
    sink: Sink<W>,
    /// The CSV header waits for the first row (or the end), so that a bad input header
    /// leaves the output empty.
    header_due: bool,
    cache: MeanCache,
    numbers: ryu::Buffer,
    notes: String,
    columns: Columns,
}

enum Sink<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl(W),
}

/// A value in one of the per-person columns after the dimensions.
enum Cell<'a> {
    Text(Option<&'a str>),
    Number(Option<f64>),
    Bool(bool),
}

/// The per-person columns after the dimensions, in order, for CSV and JSON Lines alike: the
/// one list to extend when a row gains a column. `in_json: false` keeps a column to CSV
/// (JSON rows carry each dimension's reason in place of the notes); `applies` leaves out a
/// column the questionnaires scored can never fill.
struct Extra {
    name: &'static str,
    in_json: bool,
    applies: fn(&Scorer) -> bool,
    value: for<'a> fn(&'a Scored, &'a str) -> Cell<'a>,
}

fn has_leaning(scorer: &Scorer) -> bool {
    scorer.dimension_position(ANXIETY).is_some() && scorer.dimension_position(AVOIDANCE).is_some()
}

fn has_balance(scorer: &Scorer) -> bool {
    let has = |pole| scorer.dimensions().iter().any(|d| d.pole == Some(pole));
    has(Pole::Closeness) && has(Pole::Distance)
}

const EXTRAS: &[Extra] = &[
    Extra {
        name: "leaning",
        applies: has_leaning,
        in_json: true,
        value: |row, _| Cell::Text(row.leaning().map(|l| l.style.name())),
    },
    Extra {
        name: "leaning_strength",
        applies: has_leaning,
        in_json: true,
        value: |row, _| Cell::Number(row.leaning().map(|l| l.strength)),
    },
    Extra {
        name: "balance_index",
        applies: has_balance,
        in_json: true,
        value: |row, _| Cell::Number(row.balance().map(|b| b.index)),
    },
    Extra {
        name: "balance_label",
        applies: has_balance,
        in_json: true,
        value: |row, _| Cell::Text(row.balance().map(|b| b.label.name())),
    },
    Extra {
        name: "interpretable",
        applies: |_| true,
        in_json: true,
        value: |row, _| Cell::Bool(row.interpretable()),
    },
    Extra {
        name: "quality_flags",
        applies: |_| true,
        in_json: true,
        value: |row, _| Cell::Text(Some(row.flag_names)),
    },
    Extra {
        name: "notes",
        applies: |_| true,
        in_json: false,
        value: |_, notes| Cell::Text(Some(notes)),
    },
];

/// The columns of every row, after the respondent.
struct Columns {
    dimension_ids: Vec<String>,
    extras: Vec<&'static Extra>,
}

impl Columns {
    fn new(scorer: &Scorer) -> Self {
        Columns {
            dimension_ids: scorer.dimensions().iter().map(|d| d.id.clone()).collect(),
            extras: EXTRAS.iter().filter(|e| (e.applies)(scorer)).collect(),
        }
    }
}

/// One JSON row: the respondent, the dimensions, then the extra columns.
struct JsonRow<'a> {
    row: &'a Scored<'a>,
    columns: &'a Columns,
}

#[derive(Serialize)]
struct JsonDimension<'a> {
    id: &'a str,
    mean: Option<f64>,
    score: Option<f64>,
    answered: usize,
    items: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let row = self.row;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("respondent", row.respondent)?;
        let dimensions: Vec<JsonDimension> = self
            .columns
            .dimension_ids
            .iter()
            .zip(row.dimensions)
            .map(|(id, d)| JsonDimension {
                id,
                mean: d.mean,
                score: d.score,
                answered: d.answered,
                items: d.items,
                reason: d.reason(),
            })
            .collect();
        map.serialize_entry("dimensions", &dimensions)?;
        for extra in self.columns.extras.iter().filter(|e| e.in_json) {
            match (extra.value)(row, "") {
                Cell::Text(text) => map.serialize_entry(extra.name, &text)?,
                Cell::Number(number) => map.serialize_entry(extra.name, &number)?,
                Cell::Bool(value) => map.serialize_entry(extra.name, &value)?,
            }
        }
        map.end()
    }
}

impl<W: Write> RowWriter<W> {
    pub fn new(out: W, shape: Shape, scorer: &Scorer) -> io::Result<Self> {
        let sink = match shape {
            Shape::Csv => Sink::Csv(Box::new(
                csv::WriterBuilder::new()
                    .buffer_capacity(1 << 16)
                    .from_writer(out),
            )),
            Shape::Jsonl => Sink::Jsonl(out),
        };
        let writer = RowWriter {
            header_due: shape == Shape::Csv,
            sink,
            cache: MeanCache::new(scorer),
            numbers: ryu::Buffer::new(),
            notes: String::new(),
            columns: Columns::new(scorer),
        };
        Ok(writer)
    }

    fn write_header(&mut self) -> io::Result<()> {
        if let (true, Sink::Csv(csv)) = (self.header_due, &mut self.sink) {
            csv.write_record(Self::header(&self.columns))
                .map_err(into_io)?;
        }
        self.header_due = false;
        Ok(())
    }

    fn header(columns: &Columns) -> Vec<String> {
        let mut names = vec!["respondent".to_string()];
        for id in &columns.dimension_ids {
            names.push(format!("{id}_mean"));
            names.push(format!("{id}_score"));
        }
        names.extend(columns.extras.iter().map(|e| e.name.to_string()));
        names
    }

    pub fn write(&mut self, row: &Scored) -> io::Result<()> {
        if self.header_due {
            self.write_header()?;
        }
        self.collect_notes(row);
        let (columns, numbers, notes) = (&self.columns, &mut self.numbers, &self.notes);
        match &mut self.sink {
            Sink::Csv(csv) => {
                write_csv(csv, &mut self.cache, numbers, columns, notes, row).map_err(into_io)
            }
            Sink::Jsonl(out) => write_json(out, columns, row),
        }
    }

    fn collect_notes(&mut self, row: &Scored) {
        self.notes.clear();
        for (id, d) in self.columns.dimension_ids.iter().zip(row.dimensions) {
            if let Some(reason) = d.reason() {
                if !self.notes.is_empty() {
                    self.notes.push_str("; ");
                }
                self.notes.push_str(id);
                self.notes.push_str(": ");
                self.notes.push_str(&reason);
            }
        }
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.write_header()?;
        match self.sink {
            Sink::Csv(mut csv) => csv.flush(),
            Sink::Jsonl(mut out) => out.flush(),
        }
    }
}

fn write_csv<W: Write>(
    csv: &mut csv::Writer<W>,
    cache: &mut MeanCache,
    numbers: &mut ryu::Buffer,
    columns: &Columns,
    notes: &str,
    row: &Scored,
) -> csv::Result<()> {
    let mut number = |csv: &mut csv::Writer<W>, value: Option<f64>| match value {
        Some(v) => csv.write_field(numbers.format(v)),
        None => csv.write_field(""),
    };
    csv.write_field(formula_safe(row.respondent).as_bytes())?;
    for (index, d) in row.dimensions.iter().enumerate() {
        match cache.get(index, d) {
            Some((mean, score)) => {
                csv.write_field(mean)?;
                csv.write_field(score)?;
            }
            None => {
                number(csv, d.mean)?;
                number(csv, d.score)?;
            }
        }
    }
    for extra in &columns.extras {
        match (extra.value)(row, notes) {
            Cell::Text(text) => csv.write_field(text.unwrap_or(""))?,
            Cell::Number(value) => number(csv, value)?,
            Cell::Bool(value) => csv.write_field(if value { "true" } else { "false" })?,
        }
    }
    csv.write_record(None::<&[u8]>)
}

/// A respondent, which comes from the input file, as a CSV cell: text a spreadsheet would
/// run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is
/// written with a `'` before it, as OWASP advises against CSV injection, unless it is a
/// number. JSON Lines, which no spreadsheet opens, keep it as it is.
fn formula_safe(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        // `-inf` and `+NaN` parse, but a spreadsheet does not take them for numbers.
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
            if !text.parse::<f64>().is_ok_and(f64::is_finite) =>
        {
            Cow::Owned(format!("'{text}"))
        }
        _ => Cow::Borrowed(text),
    }
}

fn write_json<W: Write>(out: &mut W, columns: &Columns, row: &Scored) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &JsonRow { row, columns })?;
    out.write_all(b"\n")
}

fn into_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// A dimension's mean and score are fixed by how many items were answered and their keyed
/// sum: few combinations, each formatted once instead of once per row.
struct MeanCache {
    /// Per dimension: the largest keyed sum, and the formatted pairs by (answered, sum).
    dimensions: Vec<(i64, Vec<Option<Formatted>>)>,
}

/// A mean and its score, as written.
type Formatted = (String, String);

/// The most formatted pairs cached for one dimension (the built-ins need about 2,300).
const MAX_CACHED: i64 = 1 << 16;

impl MeanCache {
    fn new(scorer: &Scorer) -> Self {
        let dimensions = scorer
            .dimensions()
            .iter()
            .map(|d| {
                let items = d.members.len() as i64;
                let max_sum = items * d.max.max(0);
                let slots = (items + 1) * (max_sum + 1);
                // A wide scale with many items would need a huge table (150 items on a
                // 990-1000 scale: 22 million slots): there every row formats its own.
                let slots = if slots <= MAX_CACHED { slots } else { 0 };
                (max_sum, vec![None; usize::try_from(slots).unwrap_or(0)])
            })
            .collect();
        MeanCache { dimensions }
    }

    fn get(&mut self, dimension: usize, d: &DimensionScore) -> Option<(&str, &str)> {
        let (mean, score) = (d.mean?, d.score?);
        let (max_sum, slots) = self.dimensions.get_mut(dimension)?;
        let answered = d.answered as i64;
        let sum = (mean * answered as f64).round() as i64;
        if !(0..=*max_sum).contains(&sum) {
            return None;
        }
        let slot = slots.get_mut(usize::try_from(answered * (*max_sum + 1) + sum).ok()?)?;
        let (mean, score) = slot.get_or_insert_with(|| {
            let mut buffer = ryu::Buffer::new();
            (
                buffer.format(mean).to_string(),
                buffer.format(score).to_string(),
            )
        });
        Some((mean, score))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::questionnaire::Form;

    /// Memory follows the items, not the scale's range: a wide scale gets no table.
    #[test]
    fn wide_scales_are_not_cached() {
        let items: String = (0..150)
            .map(|n| format!("\n[[items]]\nid = \"w{n}\"\ntext = \"S.\"\ndimension = \"w\"\n"))
            .collect();
        let labels: Vec<String> = (990..=1000).map(|n| format!("\"{n}\"")).collect();
        let toml = format!(
            "id = \"wide\"\ntitle = \"W\"\nversion = \"1\"\ndescription = \"W.\"\n[scale]\nmin = 990\nmax = 1000\nlabels = [{}]\n[[dimensions]]\nid = \"w\"\ntitle = \"W\"\ndescription = \"W.\"\n{items}",
            labels.join(", ")
        );
        let catalog = Catalog::with_texts(&[("wide.toml", &toml)]).unwrap();
        let q = catalog.questionnaire("wide").unwrap();
        let cache = MeanCache::new(&Scorer::new([q], Form::Full));
        assert!(cache.dimensions[0].1.is_empty());
        let builtin = Catalog::builtin().unwrap();
        let cache = MeanCache::new(&Scorer::new(&builtin.questionnaires, Form::Full));
        assert!(cache.dimensions.iter().all(|(_, slots)| !slots.is_empty()));
    }
}
