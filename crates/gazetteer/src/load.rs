//! Reading gazetteer files: newsgraph's `.gaz` JSON Lines and spaCy phrase patterns.

use std::collections::HashMap;

use newsgraph_model::{slug, Entity, EntityType, Membership};
use serde::Deserialize;

use crate::error::{Error, Origin, Result};
use crate::normalize::{fold_str, is_word_char};

/// An entity as read, with the line that defined it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub entity: Entity,
    pub at: Origin,
}

/// One spaCy pattern line that stays to be placed once every file is read (its GPE type
/// depends on the cities known, a NORP adds a demonym to another entity).
#[derive(Debug, Clone)]
pub(crate) struct SpacyLine {
    pub label: String,
    pub pattern: String,
    pub id: Option<String>,
    pub at: Origin,
}

fn malformed(at: &Origin, message: impl Into<String>) -> Error {
    Error::Malformed {
        at: at.clone(),
        message: message.into(),
    }
}

/// Lines that carry data: not blank, not `#` comments. Yields (1-based line number, text).
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// Checks one entity's fields: id form, type, and every alias able to match.
pub(crate) fn validate(e: &Entity, at: &Origin) -> Result<()> {
    let id_ok = !e.id.is_empty()
        && e.id.len() <= 200
        && e.id.split('-').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !id_ok {
        return Err(malformed(
            at,
            format!(
                "id {:?} is not a lowercase ASCII slug (a-z, 0-9, single dashes)",
                e.id
            ),
        ));
    }
    if !EntityType::is_valid(e.kind.as_str()) {
        return Err(Error::UnknownType {
            at: at.clone(),
            kind: e.kind.0.clone(),
        });
    }
    let check = |alias: &str| -> Result<()> {
        let folded = fold_str(alias, true);
        let reason = if folded.is_empty() {
            Some("it is empty")
        } else if !folded.chars().any(is_word_char) {
            Some("it has no letter or digit")
        } else if alias.trim().len() != alias.len() {
            Some("it has leading or trailing spaces")
        } else {
            None
        };
        match reason {
            Some(r) => Err(Error::BadAlias {
                at: at.clone(),
                alias: alias.to_string(),
                reason: r.to_string(),
            }),
            None => Ok(()),
        }
    };
    check(&e.name)?;
    for a in e.aliases.iter().chain(&e.demonyms).chain(&e.surname) {
        check(a)?;
    }
    for a in &e.acronyms {
        check(a)?;
        if !a.chars().any(char::is_uppercase) {
            return Err(Error::BadAlias {
                at: at.clone(),
                alias: a.clone(),
                reason: "an acronym matches only in its own case, and this one has no capital letter, so it would match ordinary lowercase words".into(),
            });
        }
    }
    let dates = e
        .offices
        .iter()
        .flat_map(|o| [&o.start, &o.end])
        .chain(
            e.member_of
                .iter()
                .flat_map(|m: &Membership| [&m.start, &m.end]),
        )
        .flatten();
    for d in dates {
        if newsgraph_model::parse_partial_date(d, newsgraph_model::DateBound::Start).is_none() {
            return Err(malformed(
                at,
                format!("date {d:?} is not YYYY, YYYY-MM or YYYY-MM-DD"),
            ));
        }
    }
    Ok(())
}

/// Parses a `.gaz` file: one JSON entity per line.
pub fn parse_gaz(file: &str, text: &str) -> Result<Vec<Loaded>> {
    let mut out = Vec::new();
    for (line, l) in data_lines(text) {
        let at = Origin {
            file: file.to_string(),
            line,
        };
        let entity: Entity = serde_json::from_str(l).map_err(|e| malformed(&at, e.to_string()))?;
        validate(&entity, &at)?;
        out.push(Loaded { entity, at });
    }
    Ok(out)
}

#[derive(Deserialize)]
struct SpacyPattern {
    label: String,
    pattern: serde_json::Value,
    #[serde(default)]
    id: Option<serde_json::Value>,
}

/// Parses spaCy EntityRuler/SpanRuler phrase patterns (`{"label", "pattern", "id"}`).
pub(crate) fn parse_spacy(file: &str, text: &str) -> Result<Vec<SpacyLine>> {
    let mut out = Vec::new();
    for (line, l) in data_lines(text) {
        let at = Origin {
            file: file.to_string(),
            line,
        };
        let p: SpacyPattern = serde_json::from_str(l).map_err(|e| malformed(&at, e.to_string()))?;
        let pattern = match p.pattern {
            serde_json::Value::String(s) => s,
            serde_json::Value::Array(_) => {
                return Err(malformed(
                    &at,
                    "token patterns (a list of token dicts) are not supported; use a phrase pattern string",
                ))
            }
            other => return Err(malformed(&at, format!("pattern must be a string, not {other}"))),
        };
        let id = match p.id {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) => Some(s),
            Some(other) => Some(other.to_string()),
        };
        if p.label.trim().is_empty() {
            return Err(malformed(&at, "empty label"));
        }
        out.push(SpacyLine {
            label: p.label,
            pattern,
            id,
            at,
        });
    }
    Ok(out)
}

/// Turns spaCy lines into entities. `is_city` tells whether a name is a known city (for GPE);
/// NORP lines naming an entity in `existing` (or in these lines) become its demonyms.
pub(crate) fn spacy_entities(
    lines: Vec<SpacyLine>,
    is_city: &dyn Fn(&str) -> bool,
    existing: &mut HashMap<String, Loaded>,
) -> Result<Vec<Loaded>> {
    let mut out: Vec<Loaded> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut norps = Vec::new();
    for l in lines {
        let label = l.label.trim().to_ascii_uppercase();
        let id =
            l.id.as_deref()
                .map(slug)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| slug(&l.pattern));
        if id.is_empty() {
            return Err(Error::BadAlias {
                at: l.at,
                alias: l.pattern,
                reason: "it has no letter or digit".into(),
            });
        }
        let kind = match label.as_str() {
            "PERSON" | "PER" => "person".to_string(),
            "ORG" => "organization".to_string(),
            "GPE" if is_city(&l.pattern) => "city".to_string(),
            "GPE" => "country".to_string(),
            "LOC" => "location".to_string(),
            "EVENT" => "event".to_string(),
            "NORP" => {
                norps.push((id, l));
                continue;
            }
            other => other.to_ascii_lowercase().replace(['-', ' '], "_"),
        };
        if let Some(&i) = index.get(&id) {
            let e = &mut out[i].entity;
            if e.name != l.pattern && !e.aliases.contains(&l.pattern) {
                e.aliases.push(l.pattern);
            }
            continue;
        }
        let entity = Entity::new(id.clone(), &kind, l.pattern);
        validate(&entity, &l.at)?;
        index.insert(id, out.len());
        out.push(Loaded { entity, at: l.at });
    }
    for (id, l) in norps {
        let target = match index.get(&id) {
            Some(&i) => Some(&mut out[i].entity),
            None => existing.get_mut(&id).map(|x| &mut x.entity),
        };
        match target {
            Some(e) => {
                if !e.demonyms.contains(&l.pattern) {
                    e.demonyms.push(l.pattern);
                }
            }
            None => {
                // A nationality or group with nothing to attach to: an entity of its own.
                let entity = Entity::new(id.clone(), "norp", l.pattern);
                validate(&entity, &l.at)?;
                index.insert(id, out.len());
                out.push(Loaded { entity, at: l.at });
            }
        }
    }
    for l in &out {
        validate(&l.entity, &l.at)?;
    }
    Ok(out)
}
