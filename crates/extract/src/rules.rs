//! Language knowledge as data: trigger phrases, lemmas, titles, modality cues and word lists,
//! read from `.rules` files and validated with file:line errors.
//!
//! A `.rules` file has `[section]` headers; each non-blank line that does not start with `#`
//! is one entry of the section above it. The sections and their line forms are documented in
//! the default files under `data/rules/`.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

use newsgraph_gazetteer::normalize::fold_str;
use newsgraph_gazetteer::{Error, Origin, Result};
use newsgraph_model::{Modality, Predicate};

/// The rule files shipped with newsgraph, embedded: (file name, contents).
const DEFAULTS: &[(&str, &str)] = &[
    (
        "lemmas.rules",
        include_str!("../../../data/rules/lemmas.rules"),
    ),
    (
        "triggers.rules",
        include_str!("../../../data/rules/triggers.rules"),
    ),
    (
        "titles.rules",
        include_str!("../../../data/rules/titles.rules"),
    ),
    (
        "modality.rules",
        include_str!("../../../data/rules/modality.rules"),
    ),
    (
        "words.rules",
        include_str!("../../../data/rules/words.rules"),
    ),
];

/// How a trigger's arguments are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// Subject before, object(s) after.
    Verb,
    /// An event noun: `a meeting with Y`, `the meeting between X and Y`.
    Noun,
}

/// One trigger phrase.
#[derive(Debug, Clone)]
pub struct Trigger {
    pub predicate: Predicate,
    pub frame: Frame,
    /// Lemmas; `None` stands for a gap of up to four words.
    pub words: Vec<Option<String>>,
    pub at: Origin,
}

/// Where a modality cue stands relative to its trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CuePosition {
    Before,
    After,
    Clause,
}

#[derive(Debug, Clone)]
pub struct Cue {
    pub modality: Modality,
    pub position: CuePosition,
    pub words: Vec<String>,
    /// For `before` cues: how many words may stand between the cue and the trigger
    /// (`before:0` = right before it). None: the default of the modality.
    pub reach: Option<usize>,
}

/// Every rule the extractor uses.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    lemma_of: HashMap<String, String>,
    pub triggers: Vec<Trigger>,
    pub title_heads: HashSet<String>,
    pub title_modifiers: HashSet<String>,
    pub title_past: HashSet<String>,
    /// Title (lowercase) → the organisation it implies.
    pub implied: HashMap<String, String>,
    pub cues: Vec<Cue>,
    pub boundaries: HashSet<String>,
    pub pronouns: HashSet<String>,
    pub delegations: HashSet<String>,
    pub prepositions: HashSet<String>,
    pub relative_dates: Vec<(Vec<String>, i64)>,
    pub organization_heads: HashSet<String>,
}

fn malformed(at: &Origin, message: impl Into<String>) -> Error {
    Error::Malformed {
        at: at.clone(),
        message: message.into(),
    }
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(|w| fold_str(w, true)).collect()
}

impl Rules {
    /// The default rules, plus the given user rule files (or directories of `.rules` files).
    ///
    /// # Errors
    /// A file that cannot be read, or the first malformed line, with its file and line.
    pub fn load(extra: &[&Path]) -> Result<Rules> {
        let mut sources: Vec<(String, String)> = DEFAULTS
            .iter()
            .map(|(n, t)| (format!("data/rules/{n}"), t.to_string()))
            .collect();
        for path in extra {
            let mut files = Vec::new();
            if path.is_dir() {
                let entries = std::fs::read_dir(path).map_err(|source| Error::Io {
                    path: path.to_path_buf(),
                    source,
                })?;
                for e in entries.flatten() {
                    if e.path().extension().is_some_and(|x| x == "rules") {
                        files.push(e.path());
                    }
                }
                files.sort();
            } else {
                files.push(path.to_path_buf());
            }
            for f in files {
                let text = std::fs::read_to_string(&f).map_err(|source| Error::Io {
                    path: f.clone(),
                    source,
                })?;
                sources.push((f.display().to_string(), text));
            }
        }
        let mut rules = Rules::default();
        for (name, text) in &sources {
            rules.add(name, text)?;
        }
        rules.finish()
    }

    /// Reads one rule file's text into these rules.
    ///
    /// # Errors
    /// The first malformed line.
    pub fn add(&mut self, file: &str, text: &str) -> Result<()> {
        let mut section: Option<String> = None;
        for (i, raw) in text.lines().enumerate() {
            let at = Origin {
                file: file.to_string(),
                line: i + 1,
            };
            let line = raw.split(" #").next().unwrap_or("").trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = Some(name.trim().to_string());
                continue;
            }
            let Some(sec) = section.as_deref() else {
                return Err(malformed(&at, "entry before any [section] header"));
            };
            self.entry(sec, line, &at)?;
        }
        Ok(())
    }

    fn entry(&mut self, section: &str, line: &str, at: &Origin) -> Result<()> {
        let (first, rest) = line
            .split_once(char::is_whitespace)
            .map_or((line, ""), |(a, b)| (a, b.trim()));
        match section {
            "lemmas" => {
                let (lemma, forms) = line
                    .split_once(':')
                    .ok_or_else(|| malformed(at, "expected `lemma: form form ...`"))?;
                let lemma = fold_str(lemma, true);
                if lemma.is_empty() || lemma.contains(' ') {
                    return Err(malformed(at, "a lemma is one word"));
                }
                self.lemma_of.insert(lemma.clone(), lemma.clone());
                for f in words(forms) {
                    self.lemma_of.insert(f, lemma.clone());
                }
            }
            "triggers" => {
                let predicate = Predicate::parse(first)
                    .ok_or_else(|| malformed(at, format!("unknown predicate {first:?}")))?;
                if matches!(
                    predicate,
                    Predicate::HoldsRole | Predicate::CoOccurs | Predicate::LocatedIn
                ) {
                    return Err(malformed(
                        at,
                        format!(
                            "{first} is found from titles and positions, not from trigger words"
                        ),
                    ));
                }
                let (frame, phrase) = rest
                    .split_once(char::is_whitespace)
                    .ok_or_else(|| malformed(at, "expected `predicate frame phrase`"))?;
                let frame = match frame {
                    "verb" => Frame::Verb,
                    "noun" => Frame::Noun,
                    other => {
                        return Err(malformed(
                            at,
                            format!("unknown frame {other:?}: use verb or noun"),
                        ))
                    }
                };
                let ws: Vec<Option<String>> = phrase
                    .split_whitespace()
                    .map(|w| (w != "...").then(|| fold_str(w, true)))
                    .collect();
                if ws.first().is_none_or(Option::is_none) || ws.last().is_some_and(Option::is_none)
                {
                    return Err(malformed(at, "a phrase starts and ends with a word"));
                }
                self.triggers.push(Trigger {
                    predicate,
                    frame,
                    words: ws,
                    at: at.clone(),
                });
            }
            "titles" => {
                let w = fold_str(rest, true);
                match first {
                    "head" | "modifier" | "past" if w.is_empty() || w.contains(' ') => {
                        return Err(malformed(
                            at,
                            "expected one word after head, modifier or past",
                        ))
                    }
                    "head" => {
                        self.title_heads.insert(w);
                    }
                    "modifier" => {
                        self.title_modifiers.insert(w);
                    }
                    "past" => {
                        self.title_past.insert(w);
                    }
                    "implies" => {
                        let (title, id) = rest
                            .rsplit_once(char::is_whitespace)
                            .ok_or_else(|| malformed(at, "expected `implies TITLE ENTITY-ID`"))?;
                        self.implied.insert(fold_str(title, true), id.to_string());
                    }
                    other => {
                        return Err(malformed(
                            at,
                            format!(
                            "unknown title entry {other:?}: use head, modifier, implies or past"
                        ),
                        ))
                    }
                }
            }
            "modality" => {
                let modality = Modality::parse(first)
                    .filter(|m| *m != Modality::Asserted)
                    .ok_or_else(|| {
                        malformed(
                            at,
                            format!(
                                "unknown modality {first:?}: use planned, negated or hypothetical"
                            ),
                        )
                    })?;
                let (pos, phrase) = rest
                    .split_once(char::is_whitespace)
                    .ok_or_else(|| malformed(at, "expected `modality position phrase`"))?;
                let (pos, reach) = match pos.split_once(':') {
                    Some((p, n)) => (
                        p,
                        Some(n.parse::<usize>().map_err(|_| {
                            malformed(at, format!("{n:?} is not a number of words"))
                        })?),
                    ),
                    None => (pos, None),
                };
                let position = match pos {
                    "before" => CuePosition::Before,
                    "after" => CuePosition::After,
                    "clause" => CuePosition::Clause,
                    other => {
                        return Err(malformed(
                            at,
                            format!("unknown position {other:?}: use before, after or clause"),
                        ))
                    }
                };
                self.cues.push(Cue {
                    modality,
                    position,
                    words: words(phrase),
                    reach,
                });
            }
            "relative-dates" => {
                let (phrase, days) = line
                    .rsplit_once(char::is_whitespace)
                    .ok_or_else(|| malformed(at, "expected `phrase DAYS`"))?;
                let days: i64 = days.parse().map_err(|_| {
                    malformed(at, format!("{days:?} is not a whole number of days"))
                })?;
                self.relative_dates.push((words(phrase), days));
            }
            "boundaries" | "pronouns" | "delegations" | "prepositions" | "organization-heads" => {
                let w = fold_str(line, true);
                let set = match section {
                    "boundaries" => &mut self.boundaries,
                    "pronouns" => &mut self.pronouns,
                    "delegations" => &mut self.delegations,
                    "prepositions" => &mut self.prepositions,
                    _ => &mut self.organization_heads,
                };
                set.insert(w);
            }
            other => return Err(malformed(at, format!("unknown section [{other}]"))),
        }
        Ok(())
    }

    /// Checks what needs every file read: each trigger word that is not a lemma must still be
    /// a word (any literal word is fine), implied ids are non-empty.
    fn finish(self) -> Result<Rules> {
        Ok(self)
    }

    /// The word forms the lemmas list, lemmas included.
    pub(crate) fn forms(&self) -> impl Iterator<Item = &str> {
        self.lemma_of.keys().map(String::as_str)
    }

    /// The lemma of a lowercase word form (the form itself when no lemma lists it).
    pub fn lemma<'a>(&'a self, form: &'a str) -> &'a str {
        self.lemma_of.get(form).map_or(form, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_load() {
        let r = Rules::load(&[]).unwrap();
        assert!(r.triggers.len() > 20);
        assert_eq!(r.lemma("met"), "meet");
        assert_eq!(r.lemma("criticised"), "criticize");
        assert!(r.title_heads.contains("president"));
        assert_eq!(
            r.implied.get("mep").map(String::as_str),
            Some("european-parliament")
        );
    }

    #[test]
    fn errors_name_file_and_line() {
        let cases = [
            (
                "[triggers]\nmet verb meet\nkissed verb kiss\n",
                "x.rules:3: unknown predicate \"kissed\"",
            ),
            (
                "met verb meet\n",
                "x.rules:1: entry before any [section] header",
            ),
            (
                "[modality]\nasserted before did\n",
                "x.rules:2: unknown modality",
            ),
            ("[titles]\nboss chief\n", "x.rules:2: unknown title entry"),
            ("[relative-dates]\n# c\ntoday zero\n", "x.rules:3:"),
            (
                "[nonsense]\nword\n",
                "x.rules:2: unknown section [nonsense]",
            ),
            (
                "[triggers]\nmet sideways meet\n",
                "x.rules:2: unknown frame",
            ),
        ];
        for (text, want) in cases {
            let err = Rules::default()
                .add("x.rules", text)
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(want), "{text:?}: {err}");
        }
    }
}
