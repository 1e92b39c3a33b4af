//! The questionnaire model: what a questionnaire file declares, once it has been checked.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pole {
    /// Pulls toward merging: clinginess, attachment anxiety.
    Closeness,
    /// Pulls toward detachment: hyper-independence, attachment avoidance.
    Distance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scale {
    pub min: i64,
    pub max: i64,
    pub labels: Vec<String>,
}

impl Scale {
    pub fn contains(&self, answer: i64) -> bool {
        (self.min..=self.max).contains(&answer)
    }

    pub fn label(&self, answer: i64) -> &str {
        let index = usize::try_from(answer - self.min).unwrap_or(usize::MAX);
        self.labels.get(index).map_or("", String::as_str)
    }

    pub fn points(&self) -> impl Iterator<Item = i64> {
        self.min..=self.max
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    pub id: String,
    pub title: String,
    pub description: String,
    pub pole: Option<Pole>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub text: String,
    pub dimension: String,
    pub reverse: bool,
    pub short: bool,
    /// The id of the item of the same dimension, with the other keying, that says the opposite.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opposite: Option<String>,
}

/// Where a questionnaire or strategy library was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum Origin {
    BuiltIn(&'static str),
    File(std::path::PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::BuiltIn(name) => write!(f, "built-in ({name})"),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

impl From<Origin> for String {
    fn from(origin: Origin) -> String {
        origin.to_string()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Questionnaire {
    pub id: String,
    pub title: String,
    pub version: String,
    pub description: String,
    pub scale: Scale,
    pub dimensions: Vec<Dimension>,
    pub items: Vec<Item>,
    pub origin: Origin,
}

/// Which items are asked: all of them, or the short check-in form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Form {
    Full,
    Short,
}

impl Questionnaire {
    /// The questionnaire with every text a person reads made safe for a terminal (a shared
    /// file is untrusted); ids are checked by `validate` and need nothing.
    pub fn made_safe(mut self) -> Self {
        use crate::text::make_safe;
        make_safe(&mut self.title);
        make_safe(&mut self.version);
        make_safe(&mut self.description);
        self.scale.labels.iter_mut().for_each(make_safe);
        for d in &mut self.dimensions {
            make_safe(&mut d.title);
            make_safe(&mut d.description);
        }
        self.items.iter_mut().for_each(|i| make_safe(&mut i.text));
        self
    }

    pub fn items_in(&self, form: Form) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(move |item| form == Form::Full || item.short)
    }

    /// Each pair of opposite items once, as (agreeing item, reverse-keyed item), so that a
    /// scorer can compare the two answers to the same behaviour. A pair named from both sides
    /// is listed once.
    pub fn opposite_pairs(&self) -> Vec<(&Item, &Item)> {
        let mut pairs: Vec<(&Item, &Item)> = Vec::new();
        for item in &self.items {
            let named = item.opposite.as_deref();
            let Some(other) = self.items.iter().find(|i| Some(i.id.as_str()) == named) else {
                continue;
            };
            let pair = if item.reverse {
                (other, item)
            } else {
                (item, other)
            };
            if !pairs
                .iter()
                .any(|(a, b)| a.id == pair.0.id && b.id == pair.1.id)
            {
                pairs.push(pair);
            }
        }
        pairs
    }
}

/// Small questionnaires for the unit tests of every module that reads one.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// A forward or reverse-keyed item of `dimension`, not short, with no opposite.
    pub(crate) fn item(id: &str, dimension: &str, reverse: bool) -> Item {
        Item {
            id: id.to_string(),
            text: String::new(),
            dimension: dimension.to_string(),
            reverse,
            short: false,
            opposite: None,
        }
    }

    /// A questionnaire `q` on a 1-`max` scale.
    pub(crate) fn questionnaire(
        max: i64,
        dimensions: Vec<Dimension>,
        items: Vec<Item>,
    ) -> Questionnaire {
        Questionnaire {
            id: "q".to_string(),
            title: String::new(),
            version: "1".to_string(),
            description: String::new(),
            scale: Scale {
                min: 1,
                max,
                labels: vec![String::new(); max as usize],
            },
            dimensions,
            items,
            origin: Origin::BuiltIn("test"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{item, questionnaire};
    use super::*;

    fn paired(id: &str, reverse: bool, opposite: Option<&str>) -> Item {
        Item {
            opposite: opposite.map(str::to_string),
            ..item(id, "d", reverse)
        }
    }

    fn ids<'a>(pairs: &[(&'a Item, &'a Item)]) -> Vec<(&'a str, &'a str)> {
        pairs
            .iter()
            .map(|(a, b)| (a.id.as_str(), b.id.as_str()))
            .collect()
    }

    #[test]
    fn opposite_pairs_put_the_agreeing_item_first_and_list_each_pair_once() {
        let q = questionnaire(
            3,
            Vec::new(),
            vec![
                paired("a", true, Some("b")),
                paired("b", false, Some("a")),
                paired("c", false, Some("d")),
                paired("d", true, None),
                paired("e", false, None),
            ],
        );
        assert_eq!(ids(&q.opposite_pairs()), [("b", "a"), ("c", "d")]);
    }
}
