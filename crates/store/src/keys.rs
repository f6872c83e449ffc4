//! Byte keys. Every key is prefix-ordered: string parts are joined with a `0x00` separator
//! (ids never contain NUL) and numbers are big-endian, so a range scan over a prefix answers
//! a query.
//!
//! | tree | key | value |
//! |---|---|---|
//! | `documents` | doc | `DocRecord` (text, sentences, mentions, relations) |
//! | `entities` | entity | `EntityRecord` |
//! | `entity_names` | folded name ‖ 0 ‖ entity | () |
//! | `entity_kinds` | kind ‖ 0 ‖ entity | () |
//! | `candidates` | folded text ‖ 0 ‖ doc ‖ 0 ‖ start u64 ‖ index u32 | `CandidateRecord` |
//! | `relations` | predicate ‖ 0 ‖ subject ‖ 0 ‖ object | `AggregateRecord` (with the documents of its evidence while they are few) |
//! | `evidence` | relation key ‖ 0 ‖ doc | () (the relation's documents once they are many; the evidence itself is the document's) |
//! | `by_object` | object ‖ 0 ‖ predicate ‖ 0 ‖ subject | () (relations from their subject are a range of `relations`) |
//! | `by_date` | published (days, sign-flipped i32) ‖ doc | () |
//! | `by_hash` | hex SHA-256 ‖ 0 ‖ doc | () |
//! | `meta` | name | value |

use chrono::{Datelike, NaiveDate};
use newsgraph_model::Predicate;
use unicode_normalization::UnicodeNormalization;

use crate::{Error, Result};

pub(crate) const SEP: u8 = 0;
pub(crate) const MAX_ID_BYTES: usize = 256;

/// Checks an id from a caller: non-empty after trimming, at most 256 bytes, no control
/// characters (so no NUL, which the keys use as separator).
pub(crate) fn validate_id(field: &'static str, id: &str) -> Result<()> {
    let reason = if id.trim().is_empty() {
        "must not be empty"
    } else if id.len() > MAX_ID_BYTES {
        "must be at most 256 bytes"
    } else if id.chars().any(char::is_control) {
        "must not contain control characters"
    } else {
        return Ok(());
    };
    Err(Error::InvalidId {
        field,
        id: id.chars().take(80).collect(),
        reason,
    })
}

/// Case- and diacritic-insensitive form used by the name and candidate indices. Control
/// characters are dropped, so the result never holds the separator.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) || c.is_control() {
            continue;
        }
        match c {
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'ı' => out.push('i'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

pub(crate) fn join(parts: &[&[u8]]) -> Vec<u8> {
    let len = parts.iter().map(|p| p.len() + 1).sum();
    let mut key = Vec::with_capacity(len);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            key.push(SEP);
        }
        key.extend_from_slice(part);
    }
    key
}

/// `key ‖ 0`: the smallest key after `key`, where a scan resumes after a page's last item.
pub(crate) fn successor(key: &[u8]) -> Vec<u8> {
    let mut next = key.to_vec();
    next.push(SEP);
    next
}

/// `part ‖ 0`: the prefix of every key whose first part is `part`.
pub(crate) fn prefix_of(part: &[u8]) -> Vec<u8> {
    successor(part)
}

pub(crate) fn date_bytes(date: NaiveDate) -> [u8; 4] {
    // Flipping the sign bit makes big-endian order the numeric order for negative days too.
    ((date.num_days_from_ce() as u32) ^ 0x8000_0000).to_be_bytes()
}

pub(crate) fn candidate_key(folded: &str, doc: &str, start: usize, index: usize) -> Vec<u8> {
    let mut key = join(&[folded.as_bytes(), doc.as_bytes(), b""]);
    key.extend_from_slice(&(start as u64).to_be_bytes());
    key.extend_from_slice(&(index as u32).to_be_bytes());
    key
}

/// Splits a candidate key into its folded text and document.
pub(crate) fn split_candidate_key(key: &[u8]) -> Option<(&str, &str)> {
    let head = key.get(..key.len().checked_sub(12)?)?;
    let mut parts = head.split(|b| *b == SEP);
    let text = std::str::from_utf8(parts.next()?).ok()?;
    let doc = std::str::from_utf8(parts.next()?).ok()?;
    Some((text, doc))
}

/// `(subject, predicate, object)`, with symmetric predicates ordered smaller id first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Triple {
    pub subject: String,
    pub predicate: Predicate,
    pub object: String,
}

impl Triple {
    pub(crate) fn new(subject: &str, predicate: Predicate, object: &str) -> Self {
        let (subject, object) = if predicate.is_symmetric() && object < subject {
            (object, subject)
        } else {
            (subject, object)
        };
        Self {
            subject: subject.to_owned(),
            predicate,
            object: object.to_owned(),
        }
    }

    /// `predicate ‖ 0 ‖ subject ‖ 0 ‖ object`: predicate first, so that the relations of one
    /// predicate are a range of the `relations` tree.
    pub(crate) fn key(&self) -> Vec<u8> {
        join(&[
            self.predicate.as_str().as_bytes(),
            self.subject.as_bytes(),
            self.object.as_bytes(),
        ])
    }

    pub(crate) fn from_key(key: &[u8]) -> Option<Self> {
        let mut parts = key.split(|b| *b == SEP);
        let predicate = Predicate::parse(std::str::from_utf8(parts.next()?).ok()?)?;
        let subject = std::str::from_utf8(parts.next()?).ok()?;
        let object = std::str::from_utf8(parts.next()?).ok()?;
        parts.next().is_none().then(|| Self {
            subject: subject.to_owned(),
            predicate,
            object: object.to_owned(),
        })
    }

    pub(crate) fn evidence_prefix(&self) -> Vec<u8> {
        prefix_of(&self.key())
    }

    /// `relation key ‖ 0 ‖ doc`: one document holding evidence of the relation.
    pub(crate) fn evidence_key(&self, doc: &str) -> Vec<u8> {
        let mut key = self.evidence_prefix();
        key.extend_from_slice(doc.as_bytes());
        key
    }

    /// Splits an evidence key into its triple and document.
    pub(crate) fn from_evidence_key(key: &[u8]) -> Option<(Self, String)> {
        let split = key.iter().rposition(|b| *b == SEP)?;
        let triple = Self::from_key(&key[..split])?;
        let doc = std::str::from_utf8(&key[split + 1..]).ok()?;
        Some((triple, doc.to_owned()))
    }

    /// `subject ‖ 0 ‖ predicate ‖ 0` (when given) in the `relations` tree: the relations
    /// with this subject are a range there.
    pub(crate) fn subject_prefix(predicate: Predicate, subject: &str) -> Vec<u8> {
        join(&[predicate.as_str().as_bytes(), subject.as_bytes(), b""])
    }

    /// The `by_object` key: the relation found from its object.
    pub(crate) fn by_object_key(&self) -> Vec<u8> {
        join(&[
            self.object.as_bytes(),
            self.predicate.as_str().as_bytes(),
            self.subject.as_bytes(),
        ])
    }

    /// Turns a `by_object` key back into the triple it indexes.
    pub(crate) fn from_by_object_key(key: &[u8]) -> Option<Self> {
        let mut parts = key.split(|b| *b == SEP);
        let object = std::str::from_utf8(parts.next()?).ok()?;
        let predicate = Predicate::parse(std::str::from_utf8(parts.next()?).ok()?)?;
        let subject = std::str::from_utf8(parts.next()?).ok()?;
        parts.next().is_none().then(|| Self {
            subject: subject.to_owned(),
            predicate,
            object: object.to_owned(),
        })
    }
}

/// `object ‖ 0` (‖ predicate ‖ 0 when given): the scan prefix of one entity's relations in
/// `by_object`.
pub(crate) fn by_object_prefix(object: &str, predicate: Option<Predicate>) -> Vec<u8> {
    let mut key = prefix_of(object.as_bytes());
    if let Some(p) = predicate {
        key.extend_from_slice(p.as_str().as_bytes());
        key.push(SEP);
    }
    key
}

/// The last `0x00`-separated part of a key (the id in `name ‖ 0 ‖ id` index keys).
pub(crate) fn last_part(key: &[u8]) -> Option<&str> {
    let start = key.iter().rposition(|b| *b == SEP)? + 1;
    std::str::from_utf8(&key[start..]).ok()
}

/// A key as text for error messages.
pub(crate) fn display_key(key: &[u8]) -> String {
    key.iter()
        .flat_map(|b| std::ascii::escape_default(*b))
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        let long = "x".repeat(257);
        let cases: [(&str, &str, bool); 7] = [
            ("plain", "doc-1", true),
            ("unicode", "erdoğan", true),
            ("empty", "", false),
            ("blank", "  \t", false),
            ("nul", "a\0b", false),
            ("newline", "a\nb", false),
            ("too long", &long, false),
        ];
        for (name, id, ok) in cases {
            assert_eq!(validate_id("document id", id).is_ok(), ok, "{name}");
        }
        assert!(validate_id("document id", &"x".repeat(256)).is_ok());
    }

    #[test]
    fn folding() {
        for (input, want) in [
            ("Erdoğan", "erdogan"),
            ("ERDOĞAN", "erdogan"),
            ("Støre", "store"),
            ("Łukasz", "lukasz"),
            ("Ｎａｔｏ", "nato"),
            ("a\0b", "ab"),
        ] {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn keys_round_trip() {
        let t = Triple::new("xi-jinping", Predicate::Met, "joe-biden");
        assert_eq!(t.subject, "joe-biden", "symmetric: smaller id first");
        assert_eq!(Triple::from_key(&t.key()), Some(t.clone()));
        assert_eq!(
            Triple::from_by_object_key(&t.by_object_key()),
            Some(t.clone())
        );
        assert!(t
            .key()
            .starts_with(&Triple::subject_prefix(t.predicate, &t.subject)));
        assert!(t
            .by_object_key()
            .starts_with(&by_object_prefix(&t.object, Some(t.predicate))));
        let ev = t.evidence_key("doc-1");
        assert_eq!(
            Triple::from_evidence_key(&ev),
            Some((t.clone(), "doc-1".into()))
        );
        let c = candidate_key("jane roe", "doc-1", 0, 1);
        assert_eq!(split_candidate_key(&c), Some(("jane roe", "doc-1")));
        let t2 = Triple::new("b", Predicate::Attended, "a");
        assert_eq!(t2.subject, "b", "asymmetric: order kept");
    }

    #[test]
    fn dates_sort() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let days = [
            d(-5, 1, 1),
            d(1, 1, 1),
            d(1999, 12, 31),
            d(2021, 6, 14),
            d(2021, 6, 15),
        ];
        for w in days.windows(2) {
            assert!(date_bytes(w[0]) < date_bytes(w[1]), "{:?}", w);
        }
    }
}
