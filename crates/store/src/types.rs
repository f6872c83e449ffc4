//! What the store's queries take and return.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use newsgraph_model::{Document, Entity, Mention, Modality, Predicate, Relation, Sentence};
use serde::{Deserialize, Serialize};

/// Page size used by [`DocumentQuery::default`] and [`EntityQuery::default`].
pub const DEFAULT_LIMIT: usize = 100;

/// What [`crate::Store::ingest`] did with a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum IngestOutcome {
    /// A new document; `relations` counts distinct pieces of evidence stored.
    Added {
        id: String,
        mentions: usize,
        relations: usize,
    },
    /// The same document (same id and text, or same text without an id) was already stored.
    Unchanged { id: String },
    /// A document with this id but another text was stored; it was replaced.
    Replaced {
        id: String,
        mentions: usize,
        relations: usize,
    },
}

impl IngestOutcome {
    pub fn id(&self) -> &str {
        match self {
            IngestOutcome::Added { id, .. }
            | IngestOutcome::Unchanged { id }
            | IngestOutcome::Replaced { id, .. } => id,
        }
    }
}

/// A document with what was extracted from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDocument {
    pub document: Document,
    /// In order of start offset.
    pub mentions: Vec<Mention>,
    /// As the extraction gave them (duplicates of one piece of evidence dropped).
    pub relations: Vec<Relation>,
    pub sentences: Vec<Sentence>,
}

/// Which documents [`crate::Store::documents`] lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentQuery {
    /// Published on or after this day (documents without a date are left out when a bound is set).
    pub since: Option<NaiveDate>,
    /// Published on or before this day.
    pub until: Option<NaiveDate>,
    /// Exact source name.
    pub source: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size; 0 is taken as 1.
    pub limit: usize,
}

impl Default for DocumentQuery {
    fn default() -> Self {
        Self {
            since: None,
            until: None,
            source: None,
            cursor: None,
            limit: DEFAULT_LIMIT,
        }
    }
}

/// One row of a document listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: String,
    pub title: String,
    pub published: Option<NaiveDate>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub mentions: usize,
    pub relations: usize,
}

/// One page of a listing, in a stable order; pass `next_cursor` back for the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// `None` on the last page.
    pub next_cursor: Option<String>,
}

/// An entity with its counts over the stored documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEntity {
    pub entity: Entity,
    /// Mentions across all documents.
    pub mentions: u64,
    /// Documents that mention it.
    pub documents: u64,
}

/// Which entities [`crate::Store::entities`] lists, ordered by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityQuery {
    /// Entity type (`person`).
    pub kind: Option<String>,
    /// Case- and diacritic-insensitive prefix of the name, an alias, an acronym, the surname, or
    /// any word of them (`erdo` finds `Recep Tayyip Erdoğan`).
    pub prefix: Option<String>,
    pub cursor: Option<String>,
    /// Page size; 0 is taken as 1.
    pub limit: usize,
}

impl Default for EntityQuery {
    fn default() -> Self {
        Self {
            kind: None,
            prefix: None,
            cursor: None,
            limit: DEFAULT_LIMIT,
        }
    }
}

/// Which relations [`crate::Store::relations`] returns; every field set must hold.
///
/// Symmetric predicates (`met`, `spoke_with`, `co_occurs`) have no direction: `subject` and
/// `object` then match either end.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationQuery {
    pub subject: Option<String>,
    pub object: Option<String>,
    /// Either end.
    pub entity: Option<String>,
    pub predicate: Option<Predicate>,
    /// Only relations with some support in this modality.
    pub modality: Option<Modality>,
    /// `[first_date, last_date]` must overlap `[since, until]`; relations without a date are
    /// left out when a bound is set.
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub min_support: u64,
    pub limit: Option<usize>,
}

/// A name seen in documents that no gazetteer knows, for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// The most frequent spelling.
    pub text: String,
    /// The most frequent proposed type.
    pub kind: String,
    pub count: u64,
    /// At most five.
    pub contexts: Vec<CandidateContext>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateContext {
    pub document: String,
    pub sentence_text: String,
}

/// Sizes of the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub documents: u64,
    pub mentions: u64,
    pub entities: u64,
    /// Distinct `(subject, predicate, object)` relations.
    pub relations: u64,
    /// Pieces of evidence, summed over relations.
    pub evidence: u64,
    /// Relations per predicate name, every predicate listed.
    pub by_predicate: BTreeMap<String, u64>,
}

/// One tree's share of the store, from [`crate::Store::footprint`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TreeFootprint {
    pub tree: &'static str,
    pub entries: u64,
    pub key_bytes: u64,
    pub value_bytes: u64,
}

/// A broken invariant found by [`crate::Store::check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub what: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.what)
    }
}
