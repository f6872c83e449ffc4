//! The values the trees hold and their encoding.
//!
//! The model types skip absent fields when serialised (for JSON), which a non-self-describing
//! format like bincode cannot read back; so the store keeps its own record types with every
//! field present. They also pin the on-disk format: a change to the model does not silently
//! change what is on disk (bump [`crate::store::FORMAT_VERSION`] when these change).

use std::collections::BTreeMap;

use bincode::Options;
use chrono::NaiveDate;
use newsgraph_model::{
    DateSource, Document, Entity, EntityType, Evidence, EvidenceRecord, Membership, Mention,
    MentionKind, Modality, Office, Relation, Sentence,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::backend::TreeId;
use crate::keys::{display_key, Triple};
use crate::{Error, Result};

fn options() -> impl Options {
    bincode::DefaultOptions::new()
}

pub(crate) fn encode<T: Serialize>(what: &'static str, value: &T) -> Result<Vec<u8>> {
    options()
        .serialize(value)
        .map_err(|source| Error::Encode { what, source })
}

pub(crate) fn decode<T: DeserializeOwned>(tree: TreeId, key: &[u8], bytes: &[u8]) -> Result<T> {
    options().deserialize(bytes).map_err(|e| Error::Corrupt {
        tree: tree.name(),
        key: display_key(key),
        reason: e.to_string(),
    })
}

/// A document with its sentences and relations as the extraction gave them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct DocRecord {
    pub id: String,
    pub title: String,
    pub text: String,
    pub published: Option<NaiveDate>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub hash: String,
    pub sentences: Vec<Sentence>,
    pub relations: Vec<RelationRecord>,
    pub mentions: u64,
}

impl DocRecord {
    pub(crate) fn document(&self) -> Document {
        Document {
            id: self.id.clone(),
            title: self.title.clone(),
            text: self.text.clone(),
            published: self.published,
            source: self.source.clone(),
            url: self.url.clone(),
            hash: self.hash.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RelationRecord {
    pub subject: String,
    pub predicate: newsgraph_model::Predicate,
    pub object: String,
    pub modality: Modality,
    pub role: Option<String>,
    pub sentence: usize,
    pub evidence: Evidence,
    pub trigger: String,
    pub confidence: f32,
    pub date: Option<NaiveDate>,
    pub date_source: Option<DateSource>,
}

impl From<&Relation> for RelationRecord {
    fn from(r: &Relation) -> Self {
        Self {
            subject: r.subject.clone(),
            predicate: r.predicate,
            object: r.object.clone(),
            modality: r.modality,
            role: r.role.clone(),
            sentence: r.sentence,
            evidence: r.evidence.clone(),
            trigger: r.trigger.clone(),
            confidence: r.confidence,
            date: r.date,
            date_source: r.date_source,
        }
    }
}

impl From<RelationRecord> for Relation {
    fn from(r: RelationRecord) -> Self {
        Self {
            subject: r.subject,
            predicate: r.predicate,
            object: r.object,
            modality: r.modality,
            role: r.role,
            sentence: r.sentence,
            evidence: r.evidence,
            trigger: r.trigger,
            confidence: r.confidence,
            date: r.date,
            date_source: r.date_source,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct MentionRecord {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub entity: Option<String>,
    pub kind: String,
    pub how: MentionKind,
    pub sentence: usize,
    pub candidate: bool,
    pub candidates: Vec<String>,
    pub role: Option<String>,
}

impl From<&Mention> for MentionRecord {
    fn from(m: &Mention) -> Self {
        Self {
            start: m.start,
            end: m.end,
            text: m.text.clone(),
            entity: m.entity.clone(),
            kind: m.kind.clone(),
            how: m.how,
            sentence: m.sentence,
            candidate: m.candidate,
            candidates: m.candidates.clone(),
            role: m.role.clone(),
        }
    }
}

impl From<MentionRecord> for Mention {
    fn from(m: MentionRecord) -> Self {
        Self {
            start: m.start,
            end: m.end,
            text: m.text,
            entity: m.entity,
            kind: m.kind,
            how: m.how,
            sentence: m.sentence,
            candidate: m.candidate,
            candidates: m.candidates,
            role: m.role,
        }
    }
}

/// An entity's facts, its counts over documents, and whether a user added or curated it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct EntityRecord {
    pub facts: EntityFacts,
    pub mentions: u64,
    pub documents: u64,
    pub user_added: bool,
}

/// An office or a membership: what, of whom, from, to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Tenure {
    pub role: String,
    pub of: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct EntityFacts {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub acronyms: Vec<String>,
    pub demonyms: Vec<String>,
    pub surname: Option<String>,
    pub wikidata: Option<String>,
    pub country: Option<String>,
    pub capital: Option<String>,
    pub population: Option<u64>,
    pub offices: Vec<Tenure>,
    /// `role` is empty; `of` is always set.
    pub member_of: Vec<Tenure>,
    pub organizers: Vec<String>,
    pub date: Option<String>,
    pub candidate: bool,
}

impl From<&Entity> for EntityFacts {
    fn from(e: &Entity) -> Self {
        Self {
            id: e.id.clone(),
            kind: e.kind.0.clone(),
            name: e.name.clone(),
            aliases: e.aliases.clone(),
            acronyms: e.acronyms.clone(),
            demonyms: e.demonyms.clone(),
            surname: e.surname.clone(),
            wikidata: e.wikidata.clone(),
            country: e.country.clone(),
            capital: e.capital.clone(),
            population: e.population,
            offices: e
                .offices
                .iter()
                .map(|o| Tenure {
                    role: o.role.clone(),
                    of: o.of.clone(),
                    start: o.start.clone(),
                    end: o.end.clone(),
                })
                .collect(),
            member_of: e
                .member_of
                .iter()
                .map(|m| Tenure {
                    role: String::new(),
                    of: Some(m.of.clone()),
                    start: m.start.clone(),
                    end: m.end.clone(),
                })
                .collect(),
            organizers: e.organizers.clone(),
            date: e.date.clone(),
            candidate: e.candidate,
        }
    }
}

impl From<EntityFacts> for Entity {
    fn from(f: EntityFacts) -> Self {
        Self {
            id: f.id,
            kind: EntityType(f.kind),
            name: f.name,
            aliases: f.aliases,
            acronyms: f.acronyms,
            demonyms: f.demonyms,
            surname: f.surname,
            wikidata: f.wikidata,
            country: f.country,
            capital: f.capital,
            population: f.population,
            offices: f
                .offices
                .into_iter()
                .map(|t| Office {
                    role: t.role,
                    of: t.of,
                    start: t.start,
                    end: t.end,
                })
                .collect(),
            member_of: f
                .member_of
                .into_iter()
                .map(|t| Membership {
                    of: t.of.unwrap_or_default(),
                    start: t.start,
                    end: t.end,
                })
                .collect(),
            organizers: f.organizers,
            date: f.date,
            candidate: f.candidate,
        }
    }
}

impl EntityFacts {
    /// The texts the prefix search matches: the name, aliases, acronyms and surname.
    pub(crate) fn search_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.acronyms.iter().map(String::as_str))
            .chain(self.surname.as_deref())
    }
}

/// One relation's sums over its evidence. The triple is the key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct AggregateRecord {
    pub support: u64,
    pub modalities: BTreeMap<Modality, u64>,
    pub roles: BTreeMap<String, u64>,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
}

impl AggregateRecord {
    pub(crate) fn into_aggregate(self, triple: Triple) -> newsgraph_model::RelationAggregate {
        newsgraph_model::RelationAggregate {
            subject: triple.subject,
            predicate: triple.predicate,
            object: triple.object,
            support: self.support,
            modalities: self.modalities,
            roles: self.roles,
            first_date: self.first_date,
            last_date: self.last_date,
        }
    }
}

/// [`EvidenceRecord`] with every field present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct EvidenceRec {
    pub document: String,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub modality: Modality,
    pub trigger: String,
    pub confidence: f32,
    pub role: Option<String>,
    /// The relation's date, else the document's published date.
    pub date: Option<NaiveDate>,
}

impl From<EvidenceRec> for EvidenceRecord {
    fn from(e: EvidenceRec) -> Self {
        Self {
            document: e.document,
            sentence: e.sentence,
            start: e.start,
            end: e.end,
            text: e.text,
            modality: e.modality,
            trigger: e.trigger,
            confidence: e.confidence,
            role: e.role,
            date: e.date,
        }
    }
}

/// One occurrence of a name no gazetteer knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CandidateRecord {
    pub text: String,
    pub kind: String,
    pub sentence_text: String,
}

/// Every key a document wrote, so that deleting it removes exactly its contributions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct DocIndex {
    pub mentions: Vec<Vec<u8>>,
    pub candidates: Vec<Vec<u8>>,
    pub evidence: Vec<Vec<u8>>,
    /// Entity id and how many of the document's mentions link to it.
    pub entities: Vec<(String, u64)>,
}
