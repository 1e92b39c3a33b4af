//! Getting researchers' files in as they are: which columns are items and which names the
//! respondent, which questionnaires to score, and what a cell means (an answer, a skipped
//! answer, or a mistake). CSV and JSON Lines share all of it.

use crate::catalog::diagnostic::shorten;
use crate::questionnaire::Questionnaire;
use crate::scoring::Scorer;

use super::BatchError;

/// The respondent's column unless `--id-column` names another.
pub const RESPONDENT: &str = "respondent";

/// Cells that mean "not answered" whatever `--missing` says: R's and pandas' marker.
const ALWAYS_MISSING: &[&str] = &["NA"];

/// An answer as rows carry it between threads: every scale lies within ±1000, so two bytes
/// hold any answer and [`SKIPPED`] can never be one.
pub type Answer = i16;

/// A skipped answer.
pub const SKIPPED: Answer = Answer::MIN;

/// How the user asked for the file to be read.
#[derive(Debug, Clone, Default)]
pub struct IntakeOptions {
    /// Cells meaning a skipped answer, besides the empty cell and `NA`.
    pub missing: Vec<String>,
    /// The CSV delimiter; detected from the header when not given.
    pub delimiter: Option<u8>,
    /// The respondent's column; `respondent` when not given.
    pub id_column: Option<String>,
    /// Columns that are not items are an error instead of a notice.
    pub strict_columns: bool,
    /// Questionnaires to score; those with items in the header when empty.
    pub questionnaires: Vec<String>,
}

/// Picks the questionnaires to score: those named, or else those with an item among `names`
/// (all of them when there are no names to go by: JSON Lines without a single object).
pub fn select<'c>(
    source_name: &str,
    questionnaires: &'c [Questionnaire],
    names: Option<&[String]>,
    requested: &[String],
) -> Result<Vec<&'c Questionnaire>, BatchError> {
    if !requested.is_empty() {
        return named(source_name, questionnaires, names, requested);
    }
    let Some(names) = names else {
        return Ok(questionnaires.iter().collect());
    };
    let chosen: Vec<&Questionnaire> = questionnaires
        .iter()
        .filter(|q| has_a_column(q, names))
        .collect();
    if chosen.is_empty() {
        return Err(BatchError::NoItemColumns {
            source_name: source_name.to_string(),
        });
    }
    Ok(chosen)
}

/// The questionnaires `--questionnaire` names, each once, in the order named. Each must be
/// known and, where the header is known, have a column: scoring one that has none would
/// give every row an empty score and exit 0.
fn named<'c>(
    source_name: &str,
    questionnaires: &'c [Questionnaire],
    names: Option<&[String]>,
    requested: &[String],
) -> Result<Vec<&'c Questionnaire>, BatchError> {
    let mut chosen: Vec<&Questionnaire> = Vec::new();
    for id in requested {
        let found = questionnaires.iter().find(|q| q.id == *id).ok_or_else(|| {
            BatchError::UnknownQuestionnaire {
                id: id.clone(),
                known: known_ids(questionnaires),
            }
        })?;
        if names.is_some_and(|names| !has_a_column(found, names)) {
            return Err(BatchError::NoColumnsOf {
                source_name: source_name.to_string(),
                id: id.clone(),
            });
        }
        if !chosen.iter().any(|q| q.id == found.id) {
            chosen.push(found);
        }
    }
    Ok(chosen)
}

/// Whether one of `names` (a header, or a first object's keys) is an item of `questionnaire`,
/// matched as columns are: whatever the case, around spaces.
fn has_a_column(questionnaire: &Questionnaire, names: &[String]) -> bool {
    questionnaire.items.iter().any(|item| {
        names
            .iter()
            .any(|n| n.trim().eq_ignore_ascii_case(&item.id))
    })
}

fn known_ids(questionnaires: &[Questionnaire]) -> String {
    questionnaires
        .iter()
        .map(|q| q.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The column of a Qualtrics export that names each response.
const QUALTRICS_ID: &str = "ResponseId";

/// Where each input column goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Column {
    Respondent,
    Item(usize),
    /// Not scored: extra data such as `age`, or R's row names beside a respondent column.
    Ignored,
}

/// The header understood: what each column is, and the columns left out of scoring.
#[derive(Debug)]
pub struct Layout {
    pub columns: Vec<Column>,
    pub names: Vec<String>,
    pub not_scored: Vec<String>,
    /// Qualtrics's `ResponseId` column, in a file it exported: it names the respondents
    /// when no other column does, and marks the two header rows below the first.
    pub qualtrics_id: Option<usize>,
}

impl Layout {
    pub fn new(
        source_name: &str,
        names: Vec<String>,
        scorer: &Scorer,
        options: &IntakeOptions,
    ) -> Result<Layout, BatchError> {
        let id_column = options.id_column.as_deref().unwrap_or(RESPONDENT);
        let mut columns = Vec::with_capacity(names.len());
        let mut not_scored = Vec::new();
        for (index, raw) in names.iter().enumerate() {
            let name = raw.trim();
            let column = if name.eq_ignore_ascii_case(id_column) {
                Column::Respondent
            } else if let Some(position) = item_position(scorer, name) {
                Column::Item(position)
            } else {
                // R's write.csv names the column of row names "": not data, so no notice.
                if !(index == 0 && name.is_empty()) {
                    not_scored.push(display_name(name, index));
                }
                Column::Ignored
            };
            if column != Column::Ignored && columns.contains(&column) {
                return Err(BatchError::DuplicateColumn {
                    source_name: source_name.to_string(),
                    column: name.to_string(),
                });
            }
            columns.push(column);
        }
        let qualtrics_id = names.iter().position(|n| n.trim() == QUALTRICS_ID);
        if !columns.contains(&Column::Respondent) {
            if let Some(id) = &options.id_column {
                return Err(BatchError::MissingIdColumn {
                    source_name: source_name.to_string(),
                    column: id.clone(),
                });
            }
            // Without a respondent column: Qualtrics's response ids, else R's row names (which
            // for a data frame read from Qualtrics are only numbers).
            if let Some(column) = qualtrics_id {
                columns[column] = Column::Respondent;
                not_scored.retain(|name| *name != display_name(QUALTRICS_ID, column));
            } else if names.first().is_some_and(|n| n.trim().is_empty()) {
                columns[0] = Column::Respondent;
            }
        }
        let layout = Layout {
            columns,
            names,
            not_scored,
            qualtrics_id,
        };
        layout.check_strict(source_name, options)?;
        Ok(layout)
    }

    fn check_strict(&self, source_name: &str, options: &IntakeOptions) -> Result<(), BatchError> {
        match self.not_scored.first() {
            Some(_) if options.strict_columns => Err(BatchError::UnknownColumns {
                source_name: source_name.to_string(),
                columns: name_some(&self.not_scored),
            }),
            _ => Ok(()),
        }
    }
}

/// Columns named in a message at most: a file of thousands of other columns gets a line or
/// two, not a screenful.
const NAMED_COLUMNS: usize = 12;

/// The first columns of a list, and how many more there are.
pub fn name_some(columns: &[String]) -> String {
    let mut list = columns[..columns.len().min(NAMED_COLUMNS)].join(", ");
    if columns.len() > NAMED_COLUMNS {
        list += &format!(" and {} more", columns.len() - NAMED_COLUMNS);
    }
    list
}

fn display_name(name: &str, index: usize) -> String {
    if name.is_empty() {
        format!("(unnamed column {})", index + 1)
    } else {
        format!("`{}`", shorten(name))
    }
}

/// An item's position in the scorer, matching its id whatever the case.
pub fn item_position(scorer: &Scorer, name: &str) -> Option<usize> {
    scorer
        .items()
        .iter()
        .position(|item| item.id.eq_ignore_ascii_case(name))
}

/// The delimiter a header line uses: the most frequent of comma, semicolon and tab outside
/// quotes (a comma when there is none, as in a one-column file).
pub fn detect_delimiter(header: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &byte in header {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let mut best = 0;
    for index in 1..3 {
        if counts[index] > counts[best] {
            best = index;
        }
    }
    candidates[best]
}

/// The one answer parser: turns a cell into an answer, a skipped answer or a reason it is
/// neither, for both CSV and JSON Lines.
pub struct Cells {
    missing: Vec<Box<[u8]>>,
    /// The codes that are whole numbers: they match an answer by value, so `-99` also
    /// catches `-99.0` and a JSON number.
    missing_values: Vec<i64>,
    ranges: Vec<(i64, i64)>,
    /// Per item, bit `d` is set when the one-digit cell `d` is an answer in range and not a
    /// missing code: nearly every cell takes this path, without a string conversion.
    digits: Vec<u16>,
    /// A comma is a decimal mark (`2,0`), as in the semicolon- and tab-delimited files of
    /// spreadsheets set to a European language.
    decimal_comma: bool,
}

impl Cells {
    pub fn new(scorer: &Scorer, missing: &[String]) -> Cells {
        let missing: Vec<Box<[u8]>> = ALWAYS_MISSING
            .iter()
            .copied()
            .chain(missing.iter().map(String::as_str))
            .map(|code| code.trim().as_bytes().into())
            .collect();
        let missing_values: Vec<i64> = missing
            .iter()
            .filter_map(|c| whole_number(c, false))
            .collect();
        let ranges: Vec<(i64, i64)> = scorer.items().iter().map(|i| (i.min, i.max)).collect();
        let digits = ranges
            .iter()
            .map(|&(min, max)| {
                (0..10u8)
                    .filter(|&d| (min..=max).contains(&i64::from(d)))
                    .filter(|&d| !missing_values.contains(&i64::from(d)))
                    .fold(0u16, |mask, d| mask | 1 << d)
            })
            .collect();
        Cells {
            missing,
            missing_values,
            ranges,
            digits,
            decimal_comma: false,
        }
    }

    /// Reads a comma as a decimal mark: for a file whose delimiter is not a comma.
    pub fn with_decimal_comma(mut self, decimal_comma: bool) -> Cells {
        self.decimal_comma = decimal_comma;
        self
    }

    /// Per item, which one-digit cells are answers: bit `d` for the cell `d`.
    pub fn digits(&self) -> &[u16] {
        &self.digits
    }

    /// The answer to the item at `position` in a cell's text.
    #[inline]
    pub fn parse(&self, cell: &[u8], position: usize) -> Result<Answer, String> {
        if let [byte] = cell {
            let digit = byte.wrapping_sub(b'0');
            if digit < 10 && self.digits[position] >> digit & 1 == 1 {
                return Ok(Answer::from(digit));
            }
        }
        self.parse_text(cell, position)
    }

    fn parse_text(&self, cell: &[u8], position: usize) -> Result<Answer, String> {
        let cell = cell.trim_ascii();
        if cell.is_empty() || self.missing.iter().any(|code| **code == *cell) {
            return Ok(SKIPPED);
        }
        let text = || shorten(&String::from_utf8_lossy(cell));
        match whole_digits(cell, self.decimal_comma).map(str::parse) {
            Some(Ok(value)) => self.number(value, position),
            // Digits past any i64 are a whole number too, off every scale.
            Some(Err(_)) => Err(self.out_of_range(text(), position)),
            None => Err(format!("`{}` is not a whole number", text())),
        }
    }

    /// A whole number (read from text, or a JSON number): a missing code, or an answer
    /// checked against the item's scale.
    pub fn number(&self, value: i64, position: usize) -> Result<Answer, String> {
        if self.missing_values.contains(&value) {
            return Ok(SKIPPED);
        }
        match Answer::try_from(value) {
            Ok(answer) if self.in_range(value, position) => Ok(answer),
            _ => Err(self.out_of_range(value, position)),
        }
    }

    fn in_range(&self, value: i64, position: usize) -> bool {
        let (min, max) = self.ranges[position];
        (min..=max).contains(&value)
    }

    /// Why `value`, a whole number however large, is not an answer to the item at `position`.
    pub fn out_of_range(&self, value: impl std::fmt::Display, position: usize) -> String {
        let (min, max) = self.ranges[position];
        format!("{value} is out of range {min} to {max}")
    }
}

/// A whole number, also when written as a decimal with only zeros after the point (`2.0`, as
/// SPSS and spreadsheets export, or `2,0` where `decimal_comma` says a comma is the decimal
/// mark); anything else non-integral is not one.
fn whole_number(text: &[u8], decimal_comma: bool) -> Option<i64> {
    whole_digits(text, decimal_comma)?.parse().ok()
}

/// The sign and digits of a whole number as written (`-3` of `-3.00`), however many digits.
fn whole_digits(text: &[u8], decimal_comma: bool) -> Option<&str> {
    let text = std::str::from_utf8(text).ok()?;
    let point = |c: char| c == '.' || (decimal_comma && c == ',');
    let integral = match text.split_once(point) {
        Some((integral, fraction)) if fraction.bytes().all(|b| b == b'0') => integral,
        Some(_) => return None,
        None => text,
    };
    let digits = integral.strip_prefix(['-', '+']).unwrap_or(integral);
    let whole = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    whole.then_some(integral)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::questionnaire::Form;

    fn scorer() -> Scorer {
        let catalog = Catalog::builtin().unwrap();
        Scorer::new(&catalog.questionnaires, Form::Full)
    }

    #[test]
    fn whole_numbers_may_be_written_as_decimals() {
        for decimal_comma in [false, true] {
            let whole = |text: &[u8]| whole_number(text, decimal_comma);
            assert_eq!(whole(b"2"), Some(2));
            assert_eq!(whole(b"2.0"), Some(2));
            assert_eq!(whole(b"-3.00"), Some(-3));
            assert_eq!(whole(b"2.5"), None);
            assert_eq!(whole(b".0"), None);
            assert_eq!(whole(b"2.0.0"), None);
            assert_eq!(whole(b"1e0"), None);
            // A comma is a decimal mark only where the delimiter is not one.
            assert_eq!(whole(b"6,00"), decimal_comma.then_some(6));
            assert_eq!(whole(b"2,5"), None);
            assert_eq!(whole(b",0"), None);
        }
    }

    #[test]
    fn missing_codes_win_over_answers_in_range() {
        let scorer = scorer();
        let cells = Cells::new(&scorer, &["3".to_string(), "-99".to_string()]);
        assert_eq!(cells.parse(b"3", 0), Ok(SKIPPED));
        assert_eq!(cells.parse(b"-99", 0), Ok(SKIPPED));
        assert_eq!(cells.parse(b"-99.0", 0), Ok(SKIPPED));
        assert_eq!(cells.parse(b"3.0", 0), Ok(SKIPPED));
        assert_eq!(cells.number(-99, 0), Ok(SKIPPED));
        assert_eq!(cells.parse(b"NA", 0), Ok(SKIPPED));
        assert_eq!(cells.parse(b" ", 0), Ok(SKIPPED));
        assert_eq!(cells.parse(b"4", 0), Ok(4));
        assert_eq!(cells.parse(b"4.0", 0), Ok(4));
        assert!(cells.parse(b"9", 0).unwrap_err().contains("out of range"));
        for huge in [
            "-99999999999999999999",
            "+99999999999999999999",
            "99999999999999999999.0",
        ] {
            let message = cells.parse(huge.as_bytes(), 0).unwrap_err();
            assert_eq!(message, format!("{huge} is out of range 1 to 7"));
        }
        assert!(cells.parse(b"n/a", 0).unwrap_err().contains("not a whole"));
    }

    #[test]
    fn the_delimiter_is_the_most_frequent_outside_quotes() {
        assert_eq!(detect_delimiter(b"a,b,c\n1;2"), b',');
        assert_eq!(detect_delimiter(b"a;b;c"), b';');
        assert_eq!(detect_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter(b"\"x;y;z\",b"), b',');
        assert_eq!(detect_delimiter(b"cl01"), b',');
    }

    #[test]
    fn headers_match_items_whatever_the_case_and_keep_other_columns_out() {
        let scorer = scorer();
        let names = ["", "CL01", "age", "Respondent"].map(String::from).to_vec();
        let layout = Layout::new("f", names, &scorer, &IntakeOptions::default()).unwrap();
        assert_eq!(
            layout.columns,
            [
                Column::Ignored,
                Column::Item(0),
                Column::Ignored,
                Column::Respondent
            ]
        );
        assert_eq!(layout.not_scored, ["`age`"]);
    }

    #[test]
    fn r_row_names_name_the_respondent_when_no_column_does() {
        let scorer = scorer();
        let names = ["", "cl01"].map(String::from).to_vec();
        let layout = Layout::new("f", names, &scorer, &IntakeOptions::default()).unwrap();
        assert_eq!(layout.columns, [Column::Respondent, Column::Item(0)]);
        assert!(layout.not_scored.is_empty());
    }

    /// Qualtrics's `ResponseId` names the respondents when no column does, before R's row
    /// names (a data frame read from a Qualtrics export and written again by R has both).
    #[test]
    fn qualtrics_response_ids_name_the_respondent_when_no_column_does() {
        let scorer = scorer();
        let layout = |names: &[&str]| {
            let names = names.iter().map(|n| n.to_string()).collect();
            Layout::new("f", names, &scorer, &IntakeOptions::default()).unwrap()
        };
        let both = layout(&["", "ResponseId", "cl01"]);
        assert_eq!(
            both.columns,
            [Column::Ignored, Column::Respondent, Column::Item(0)]
        );
        assert!(both.not_scored.is_empty(), "{:?}", both.not_scored);
        assert_eq!(both.qualtrics_id, Some(1));
        let named = layout(&["respondent", "ResponseId", "cl01"]);
        assert_eq!(
            named.columns,
            [Column::Respondent, Column::Ignored, Column::Item(0)]
        );
        assert_eq!(named.not_scored, ["`ResponseId`"]);
        assert_eq!(named.qualtrics_id, Some(1));
    }
}
