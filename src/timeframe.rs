//! Points and lengths of time on the command line: `2026-01-31`, `30d`, `2w`, `12h`.

use std::str::FromStr;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

/// A length of time, such as `7d` or `2w` (any duration jiff understands).
#[derive(Debug, Clone, Copy)]
pub struct Interval(pub Span);

impl FromStr for Interval {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let span: Span = s
            .trim()
            .parse()
            .map_err(|_| format!("`{s}` is not a length of time; use e.g. 7d, 2w or 12h"))?;
        if span.is_negative() || span.is_zero() {
            return Err(format!("`{s}` must be longer than zero"));
        }
        Ok(Interval(span))
    }
}

impl Interval {
    /// The moment this long before `now`.
    pub fn before(&self, now: Timestamp) -> Timestamp {
        now.to_zoned(TimeZone::UTC)
            .checked_sub(self.0)
            .map_or(Timestamp::MIN, |z| z.timestamp())
    }
}

/// One end of a time range: a calendar date (UTC), a timestamp, or a length of time ago.
#[derive(Debug, Clone, Copy)]
pub enum Bound {
    Date(Date),
    At(Timestamp),
    Ago(Interval),
}

impl FromStr for Bound {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if let Ok(date) = s.parse::<Date>() {
            return Ok(Bound::Date(date));
        }
        if let Ok(at) = s.parse::<Timestamp>() {
            return Ok(Bound::At(at));
        }
        s.parse::<Interval>().map(Bound::Ago).map_err(|_| {
            format!("`{s}` is neither a date (2026-01-31) nor a length of time ago (30d, 2w)")
        })
    }
}

impl Bound {
    /// The first moment the bound admits, as a start: a date's midnight (UTC).
    pub fn start(&self, now: Timestamp) -> Timestamp {
        match self {
            Bound::Date(date) => midnight(*date),
            Bound::At(at) => *at,
            Bound::Ago(interval) => interval.before(now),
        }
    }

    /// The moment after the last the bound admits, as an end: a date counts whole.
    pub fn end(&self, now: Timestamp) -> Timestamp {
        match self {
            Bound::Date(date) => date.tomorrow().map_or(Timestamp::MAX, midnight),
            other => other.start(now),
        }
    }
}

fn midnight(date: Date) -> Timestamp {
    date.to_zoned(TimeZone::UTC)
        .map_or(Timestamp::MIN, |z| z.timestamp())
}
