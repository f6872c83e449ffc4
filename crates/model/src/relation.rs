use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Entity, EntityId};

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// The entity's canonical name.
    Name,
    /// Another full name from the gazetteer.
    Alias,
    /// An acronym or code, matched in its own case.
    Acronym,
    /// An adjectival form (`Belgian` for Belgium).
    Demonym,
    /// A surname or other part of a name (`Stoltenberg`).
    Partial,
    /// A `<organisers> summit` span.
    Summit,
    /// A name that a role cue introduced but no gazetteer knows.
    Candidate,
}

/// A span of text that names an entity. Offsets are code points, end exclusive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The linked entity; `None` for candidates and for names that stay ambiguous.
    pub entity: Option<EntityId>,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "kind")]
    pub how: MentionKind,
    /// Index into the document's sentences.
    pub sentence: usize,
    #[serde(default)]
    pub candidate: bool,
    /// The entities an ambiguous name could stand for, when it was left unlinked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<EntityId>,
    /// Title words right before a person (`Prime Minister` in `Belgian Prime Minister X`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// A sentence's span, code points, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// Whether a relation happened, will happen, did not, or only might.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    Asserted,
    Planned,
    Negated,
    Hypothetical,
}

impl Modality {
    pub const ALL: [Modality; 4] = [
        Modality::Asserted,
        Modality::Planned,
        Modality::Negated,
        Modality::Hypothetical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Planned => "planned",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// The relation types newsgraph extracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Predicate {
    Met,
    SpokeWith,
    Attended,
    HoldsRole,
    MemberOf,
    TraveledTo,
    Criticized,
    CalledOn,
    LocatedIn,
    CoOccurs,
}

impl Predicate {
    pub const ALL: [Predicate; 10] = [
        Predicate::Met,
        Predicate::SpokeWith,
        Predicate::Attended,
        Predicate::HoldsRole,
        Predicate::MemberOf,
        Predicate::TraveledTo,
        Predicate::Criticized,
        Predicate::CalledOn,
        Predicate::LocatedIn,
        Predicate::CoOccurs,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Predicate::Met => "met",
            Predicate::SpokeWith => "spoke_with",
            Predicate::Attended => "attended",
            Predicate::HoldsRole => "holds_role",
            Predicate::MemberOf => "member_of",
            Predicate::TraveledTo => "traveled_to",
            Predicate::Criticized => "criticized",
            Predicate::CalledOn => "called_on",
            Predicate::LocatedIn => "located_in",
            Predicate::CoOccurs => "co_occurs",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// A relation a rule states, as opposed to `co_occurs` (two names in one sentence):
    /// listings, pages and graph views show only these unless `co_occurs` is asked for.
    pub fn is_typed(self) -> bool {
        self != Predicate::CoOccurs
    }

    /// Symmetric relations hold both ways; they are stored with the smaller id as subject.
    pub fn is_symmetric(self) -> bool {
        matches!(
            self,
            Predicate::Met | Predicate::SpokeWith | Predicate::CoOccurs
        )
    }
}

impl std::fmt::Display for Predicate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Modality {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text that states a relation. Offsets are code points, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Where a relation's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// A date word in the sentence (`on Tuesday`, `yesterday`).
    Text,
    /// Nothing in the sentence dates it: the document's published date.
    Published,
}

/// A typed relation between two entities, with the sentence that states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub subject: EntityId,
    pub predicate: Predicate,
    pub object: EntityId,
    pub modality: Modality,
    /// For `holds_role`: the role words (`Prime Minister`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub sentence: usize,
    pub evidence: Evidence,
    /// The word(s) that signalled the relation.
    pub trigger: String,
    pub confidence: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_source: Option<DateSource>,
}

/// What tagging a text yields: the shape of `newsgraph tag --format json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub entities: Vec<Entity>,
    pub mentions: Vec<Mention>,
    pub sentences: Vec<Sentence>,
    pub relations: Vec<Relation>,
}

/// A news article as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    #[serde(default)]
    pub title: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Hex SHA-256 of the text, for idempotent ingest of documents without an id.
    #[serde(default)]
    pub hash: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in Predicate::ALL {
            assert_eq!(Predicate::parse(p.as_str()), Some(p));
            assert_eq!(
                serde_json::to_string(&p).unwrap(),
                format!("\"{}\"", p.as_str())
            );
        }
        for m in Modality::ALL {
            assert_eq!(Modality::parse(m.as_str()), Some(m));
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.as_str())
            );
        }
    }
}
