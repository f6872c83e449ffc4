use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{EntityId, Modality, Predicate};

/// One relation `(subject, predicate, object)` as the graph keeps it: summed over every
/// sentence of every document that states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationAggregate {
    pub subject: EntityId,
    pub predicate: Predicate,
    pub object: EntityId,
    /// How many pieces of evidence state it; always the length of its evidence list.
    pub support: u64,
    /// Support by modality.
    pub modalities: BTreeMap<Modality, u64>,
    /// Role words seen (for `holds_role`), with their support.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub roles: BTreeMap<String, u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_date: Option<NaiveDate>,
}

impl RelationAggregate {
    /// The modality with the most support (ties: asserted, planned, negated, hypothetical).
    pub fn main_modality(&self) -> Modality {
        Modality::ALL
            .into_iter()
            .max_by_key(|m| {
                (
                    self.modalities.get(m).copied().unwrap_or(0),
                    std::cmp::Reverse(*m as u8),
                )
            })
            .unwrap_or(Modality::Asserted)
    }
}

/// One sentence of one document that states a relation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRecord {
    pub document: String,
    pub sentence: usize,
    /// Code points, end exclusive, in the document's text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub modality: Modality,
    pub trigger: String,
    pub confidence: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}
