//! A JSON object read as its entries in the order written, a key given twice included: a map
//! would keep one of the two values and drop the other without a word. An answers file
//! refuses a key given again where it is given, as TOML does; `balance score` reads each row's
//! entries and decides itself, as it matches keys whatever their case.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, Visitor};
use serde_json::Value;

/// How an object is read.
#[derive(Clone, Copy)]
pub struct Entries {
    /// What the input should have been, for the message when it is not an object.
    pub expecting: &'static str,
    /// The message for a key given again, which is then refused right after the key, so
    /// that the error's place is the key's; `None` keeps every entry.
    pub twice: Option<fn(&str) -> String>,
}

impl Entries {
    /// The entries of the one object `bytes` hold.
    pub fn read(self, bytes: &[u8]) -> serde_json::Result<Vec<(String, Value)>> {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let entries = self.deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(entries)
    }
}

impl<'de> DeserializeSeed<'de> for Entries {
    type Value = Vec<(String, Value)>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Entries {
    type Value = Vec<(String, Value)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut entries = Vec::new();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if let Some(twice) = self.twice {
                if !seen.insert(key.clone()) {
                    return Err(M::Error::custom(twice(&key)));
                }
            }
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEEP: Entries = Entries {
        expecting: "an object",
        twice: None,
    };

    #[test]
    fn entries_come_in_the_order_written_with_a_key_given_twice() {
        let entries = KEEP.read(br#"{"b": 1, "a": null, "b": 2}"#).unwrap();
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "b"]);
        assert_eq!(entries[2].1, 2);
    }

    /// A key given again is refused at the key, not after its value.
    #[test]
    fn a_key_given_twice_can_be_refused_at_its_place() {
        let refuse = Entries {
            twice: Some(|key| format!("`{key}` twice")),
            ..KEEP
        };
        let error = refuse.read(b"{\"a\": 1,\n \"a\":   22}").unwrap_err();
        assert!(error.to_string().starts_with("`a` twice"), "{error}");
        assert_eq!((error.line(), error.column()), (2, 4));
    }

    #[test]
    fn anything_but_one_object_is_refused() {
        for text in ["[1]", "3", "{} {}", "{\"a\": 1"] {
            assert!(KEEP.read(text.as_bytes()).is_err(), "{text}");
        }
        let error = KEEP.read(b"[1]").unwrap_err();
        assert!(error.to_string().contains("expected an object"), "{error}");
    }
}
