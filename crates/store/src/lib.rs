//! Persistent storage for newsgraph: documents, mentions, entities and relation aggregates
//! with their evidence, in ordered key-value trees (sled) with indices that answer the
//! queries by range scans.
//!
//! Each document is ingested in one transaction over every tree it touches, and ingest is
//! idempotent; deleting a document removes exactly what it contributed, so ingest and delete
//! are inverses. [`Store::check`] verifies the invariants this rests on.
//!
//! ```
//! use newsgraph_model::{Document, Evidence, Extraction, Modality, Predicate, Relation};
//! use newsgraph_store::{IngestOutcome, RelationQuery, Store};
//!
//! let store = Store::open_temporary()?;
//! let doc = Document {
//!     id: String::new(), // derived from the text's hash
//!     title: "Talks".into(),
//!     text: "Biden met Xi in Bali.".into(),
//!     published: None,
//!     source: None,
//!     url: None,
//!     hash: String::new(),
//! };
//! let extraction = Extraction {
//!     relations: vec![Relation {
//!         subject: "xi-jinping".into(),
//!         predicate: Predicate::Met,
//!         object: "joe-biden".into(),
//!         modality: Modality::Asserted,
//!         role: None,
//!         sentence: 0,
//!         evidence: Evidence { start: 0, end: 21, text: "Biden met Xi in Bali.".into() },
//!         trigger: "met".into(),
//!         confidence: 0.9,
//!         date: None,
//!         date_source: None,
//!     }],
//!     ..Extraction::default()
//! };
//! let outcome = store.ingest(doc.clone(), &extraction)?;
//! assert!(matches!(outcome, IngestOutcome::Added { relations: 1, .. }));
//! assert!(matches!(store.ingest(doc, &extraction)?, IngestOutcome::Unchanged { .. }));
//!
//! // `met` is symmetric: stored smaller id first, found from either end.
//! let query = RelationQuery { subject: Some("xi-jinping".into()), ..Default::default() };
//! let found = store.relations(&query)?;
//! assert_eq!((found[0].subject.as_str(), found[0].support), ("joe-biden", 1));
//!
//! store.delete(outcome.id())?;
//! assert!(store.all_relations()?.is_empty());
//! assert!(store.check()?.is_empty());
//! # Ok::<(), newsgraph_store::Error>(())
//! ```

mod backend;
mod check;
mod error;
mod ingest;
mod keys;
mod query;
mod records;
mod sled_backend;
mod staging;
mod store;
mod types;

#[cfg(test)]
mod tests;

pub use error::{Error, Result};
pub use ingest::{BulkIngest, Prepared, Submitted};
pub use store::Store;
pub use types::{
    Candidate, CandidateContext, DocumentQuery, DocumentSummary, EntityQuery, IngestOutcome, Page,
    Problem, RelationQuery, Stats, StoredDocument, StoredEntity, TreeFootprint, DEFAULT_LIMIT,
};
