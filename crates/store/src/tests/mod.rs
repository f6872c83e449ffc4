//! Store tests: fixtures here, scenarios in the submodules.

mod lifecycle;
mod properties;
mod queries;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use newsgraph_model::{
    Document, Entity, Evidence, Extraction, Mention, MentionKind, Modality, Predicate, Relation,
    Sentence,
};

use crate::backend::TreeId;
use crate::Store;

pub(super) fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

pub(super) fn doc(id: &str, text: &str, published: Option<&str>) -> Document {
    Document {
        id: id.into(),
        title: format!("title of {id}"),
        text: text.into(),
        published: published.map(day),
        source: None,
        url: None,
        hash: String::new(),
    }
}

pub(super) fn entity(id: &str, kind: &str, name: &str) -> Entity {
    Entity::new(id, kind, name)
}

pub(super) fn mention(start: usize, text: &str, entity: Option<&str>, kind: &str) -> Mention {
    Mention {
        start,
        end: start + text.chars().count(),
        text: text.into(),
        entity: entity.map(Into::into),
        kind: kind.into(),
        how: if entity.is_some() {
            MentionKind::Name
        } else {
            MentionKind::Candidate
        },
        sentence: 0,
        candidate: entity.is_none(),
        candidates: Vec::new(),
        role: None,
    }
}

pub(super) fn relation(
    subject: &str,
    predicate: Predicate,
    object: &str,
    modality: Modality,
    start: usize,
    date: Option<&str>,
) -> Relation {
    Relation {
        subject: subject.into(),
        predicate,
        object: object.into(),
        modality,
        role: None,
        sentence: 0,
        evidence: Evidence {
            start,
            end: start + 5,
            text: format!("evidence at {start}"),
        },
        trigger: predicate.as_str().into(),
        confidence: 0.8,
        date: date.map(day),
        date_source: None,
    }
}

/// An extraction whose mentions link to the given entities, plus the relations.
pub(super) fn extraction(entities: &[Entity], relations: Vec<Relation>) -> Extraction {
    Extraction {
        mentions: entities
            .iter()
            .enumerate()
            .map(|(i, e)| mention(i * 10, &e.name, Some(&e.id), e.kind.as_str()))
            .collect(),
        entities: entities.to_vec(),
        sentences: vec![Sentence {
            start: 0,
            end: 1000,
        }],
        relations,
    }
}

/// Every tree's contents, for comparing two stores byte for byte.
pub(super) type Dump = BTreeMap<&'static str, Vec<(Vec<u8>, Vec<u8>)>>;

pub(super) fn dump(store: &Store) -> Dump {
    TreeId::ALL
        .iter()
        .map(|t| {
            let entries = store
                .kv()
                .scan(*t, b"", b"")
                .collect::<crate::Result<Vec<_>>>()
                .expect("scan");
            (t.name(), entries)
        })
        .collect()
}

#[track_caller]
pub(super) fn assert_clean(store: &Store) {
    let problems = store.check().expect("check runs");
    assert!(problems.is_empty(), "check found: {problems:#?}");
}
