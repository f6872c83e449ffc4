//! The data types every newsgraph crate speaks: entities, mentions, relations, documents.
//!
//! No I/O lives here. Offsets in [`Mention`], [`Sentence`] and [`Evidence`] are Unicode code
//! points with the end exclusive, the form the JSON output and the scorer use.
//!
//! ```
//! use newsgraph_model::{slug, Modality};
//! assert_eq!(slug("Recep Tayyip Erdoğan"), "recep-tayyip-erdogan");
//! assert_eq!(serde_json::to_string(&Modality::Planned).unwrap(), "\"planned\"");
//! ```

mod aggregate;
mod date;
mod entity;
mod relation;

pub use aggregate::{EvidenceRecord, RelationAggregate};
pub use date::{parse_partial_date, DateBound, Period};
pub use entity::{slug, Entity, EntityType, Membership, Office};
pub use relation::{
    DateSource, Document, Evidence, Extraction, Mention, MentionKind, Modality, Predicate,
    Relation, Sentence,
};

/// An entity's stable id: the lowercase ASCII slug of its common English name (`joe-biden`).
pub type EntityId = String;
