//! Reliable change: whether the difference between two scores is larger than their
//! measurement error allows, at the same 90 % level as every interval.

use serde::Serialize;

use crate::scoring::{named_enum, Z90};

/// The change from one score to another, with the smallest difference that counts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// After minus before.
    pub difference: f64,
    /// 1.645 × √(SE₁² + SE₂²); null when either score has no standard error.
    pub threshold: Option<f64>,
    /// True only when |difference| exceeds the threshold.
    pub reliable: bool,
}

named_enum! {
    /// Which way a series went from its first to its last point.
    Direction {
        Rising => "rising",
        Falling => "falling",
        Steady => "steady",
        NotEnough => "not enough results",
    }
}

impl Change {
    /// The change from `before` to `after`, each a score with its standard error.
    pub fn between(before: (f64, Option<f64>), after: (f64, Option<f64>)) -> Change {
        let difference = after.0 - before.0;
        let threshold = before
            .1
            .zip(after.1)
            .map(|(a, b)| Z90 * (a * a + b * b).sqrt());
        Change {
            difference,
            threshold,
            reliable: threshold.is_some_and(|t| difference.abs() > t),
        }
    }

    pub fn direction(&self) -> Direction {
        match self.reliable {
            true if self.difference > 0.0 => Direction::Rising,
            true => Direction::Falling,
            false => Direction::Steady,
        }
    }

    /// "+12, a reliable change" or "-5, no reliable change".
    pub fn words(&self) -> String {
        let verdict = if self.reliable {
            "a reliable change"
        } else {
            "no reliable change"
        };
        format!("{:+.0}, {verdict}", self.difference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_counts_only_beyond_the_threshold() {
        // SEs 6 and 8: threshold 1.645 × 10 = 16.45.
        let just_below = Change::between((50.0, Some(6.0)), (66.4, Some(8.0)));
        assert!((just_below.threshold.unwrap() - 16.45).abs() < 1e-9);
        assert!(!just_below.reliable);
        assert_eq!(just_below.direction(), Direction::Steady);
        let just_above = Change::between((50.0, Some(6.0)), (66.5, Some(8.0)));
        assert!(just_above.reliable);
        assert_eq!(just_above.direction(), Direction::Rising);
        let falling = Change::between((50.0, Some(6.0)), (33.5, Some(8.0)));
        assert_eq!(falling.direction(), Direction::Falling);
        assert_eq!(falling.words(), "-16, a reliable change");
    }

    #[test]
    fn without_standard_errors_nothing_counts_as_reliable() {
        let change = Change::between((10.0, None), (90.0, Some(1.0)));
        assert_eq!(change.threshold, None);
        assert!(!change.reliable);
        assert_eq!(change.words(), "+80, no reliable change");
    }
}
