//! The values the trees hold and their encoding.
//!
//! The model types skip absent fields when serialised (for JSON), which a non-self-describing
//! format like bincode cannot read back; so the store keeps its own record types with every
//! field present. They also pin the on-disk format: a change to the model does not silently
//! change what is on disk (bump [`crate::store::FORMAT_VERSION`] when these change).

use std::borrow::Cow;
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
use crate::keys::{candidate_key, display_key, fold, Triple};
use crate::{Error, Result};

fn options() -> impl Options {
    bincode::DefaultOptions::new()
}

/// Documents are stored LZ4-compressed: their text, ids and names repeat a lot, and they
/// are most of what the store holds. The other trees' values are small.
fn compressed(tree: TreeId) -> bool {
    tree == TreeId::Documents
}

/// The largest record a stored length may claim, so that a corrupt one cannot make a read
/// allocate without bound.
const MAX_RECORD_BYTES: usize = 1 << 30;

pub(crate) fn encode<T: Serialize>(tree: TreeId, value: &T) -> Result<Vec<u8>> {
    let bytes = options().serialize(value).map_err(|source| Error::Encode {
        what: tree.name(),
        source,
    })?;
    Ok(if compressed(tree) {
        lz4_flex::compress_prepend_size(&bytes)
    } else {
        bytes
    })
}

/// A stored value as its record's bytes (decompressed for the trees that compress).
fn plain<'a>(tree: TreeId, key: &[u8], bytes: &'a [u8]) -> Result<Cow<'a, [u8]>> {
    if !compressed(tree) {
        return Ok(Cow::Borrowed(bytes));
    }
    let corrupt = |reason: String| Error::Corrupt {
        tree: tree.name(),
        key: display_key(key),
        reason,
    };
    let (len, body) = bytes
        .split_first_chunk::<4>()
        .ok_or_else(|| corrupt("shorter than its length".into()))?;
    let len = u32::from_le_bytes(*len) as usize;
    if len > MAX_RECORD_BYTES {
        return Err(corrupt(format!("claims {len} bytes")));
    }
    lz4_flex::block::decompress(body, len)
        .map(Cow::Owned)
        .map_err(|e| corrupt(e.to_string()))
}

/// Decodes the leading fields of a record into `T`, a struct of that record's first fields
/// (`DocEvidence` from a `DocRecord`), without decoding the rest.
pub(crate) fn decode_prefix<T: DeserializeOwned>(
    tree: TreeId,
    key: &[u8],
    bytes: &[u8],
) -> Result<T> {
    options()
        .allow_trailing_bytes()
        .deserialize(&plain(tree, key, bytes)?)
        .map_err(|e| Error::Corrupt {
            tree: tree.name(),
            key: display_key(key),
            reason: e.to_string(),
        })
}

pub(crate) fn decode<T: DeserializeOwned>(tree: TreeId, key: &[u8], bytes: &[u8]) -> Result<T> {
    options()
        .deserialize(&plain(tree, key, bytes)?)
        .map_err(|e| Error::Corrupt {
            tree: tree.name(),
            key: display_key(key),
            reason: e.to_string(),
        })
}

/// The first fields of a [`DocRecord`]: what tells whether its text changed.
#[derive(Debug, Deserialize)]
pub(crate) struct DocHash {
    #[allow(dead_code)]
    pub id: String,
    pub hash: String,
}

/// The first fields of a [`DocRecord`]: what a relation's evidence is read from.
#[derive(Debug, Deserialize)]
pub(crate) struct DocEvidence {
    #[allow(dead_code)]
    pub id: String,
    #[allow(dead_code)]
    pub hash: String,
    #[allow(dead_code)]
    pub title: String,
    pub text: String,
    pub published: Option<NaiveDate>,
    pub relations: Vec<RelationRecord>,
}

impl DocEvidence {
    /// The evidence of `triple` in this document, by sentence and offset.
    pub(crate) fn evidence_of(&self, doc: &str, triple: &Triple) -> Vec<EvidenceRecord> {
        let text = Chars::new(&self.text);
        let mut found: Vec<&RelationRecord> = self
            .relations
            .iter()
            .filter(|r| r.triple_is(triple))
            .collect();
        found.sort_by_key(|r| (r.sentence, r.evidence.start));
        found
            .into_iter()
            .map(|r| r.evidence_record(doc, self.published, &text))
            .collect()
    }
}

/// A document with its sentences and relations as the extraction gave them. Its first
/// fields are [`DocHash`]'s and [`DocEvidence`]'s, in that order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct DocRecord {
    pub id: String,
    pub hash: String,
    pub title: String,
    pub text: String,
    pub published: Option<NaiveDate>,
    /// Duplicates of one piece of evidence (same relation, sentence and start) dropped.
    pub relations: Vec<RelationRecord>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub sentences: Vec<Sentence>,
    /// In the extraction's order: a candidate's key holds its index here.
    pub mentions: Vec<MentionRecord>,
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
    pub evidence: Span,
    pub trigger: String,
    pub confidence: f32,
    pub date: Option<NaiveDate>,
    pub date_source: Option<DateSource>,
}

impl RelationRecord {
    pub(crate) fn new(r: &Relation, text: &Chars<'_>) -> Self {
        Self {
            subject: r.subject.clone(),
            predicate: r.predicate,
            object: r.object.clone(),
            modality: r.modality,
            role: r.role.clone(),
            sentence: r.sentence,
            evidence: Span::new(r.evidence.start, r.evidence.end, &r.evidence.text, text),
            trigger: r.trigger.clone(),
            confidence: r.confidence,
            date: r.date,
            date_source: r.date_source,
        }
    }

    /// Whether this is evidence of `triple` (either order for a symmetric predicate).
    pub(crate) fn triple_is(&self, triple: &Triple) -> bool {
        self.predicate == triple.predicate
            && ((self.subject == triple.subject && self.object == triple.object)
                || (self.predicate.is_symmetric()
                    && self.subject == triple.object
                    && self.object == triple.subject))
    }

    /// The relation's date, else its document's.
    pub(crate) fn date_or(&self, published: Option<NaiveDate>) -> Option<NaiveDate> {
        self.date.or(published)
    }

    pub(crate) fn evidence_record(
        &self,
        doc: &str,
        published: Option<NaiveDate>,
        text: &Chars<'_>,
    ) -> EvidenceRecord {
        EvidenceRecord {
            document: doc.to_owned(),
            sentence: self.sentence,
            start: self.evidence.start,
            end: self.evidence.end,
            text: self.evidence.text(text).into_owned(),
            modality: self.modality,
            trigger: self.trigger.clone(),
            confidence: self.confidence,
            role: self.role.clone(),
            date: self.date_or(published),
        }
    }

    pub(crate) fn relation(self, text: &Chars<'_>) -> Relation {
        Relation {
            subject: self.subject,
            predicate: self.predicate,
            object: self.object,
            modality: self.modality,
            role: self.role,
            sentence: self.sentence,
            evidence: Evidence {
                start: self.evidence.start,
                end: self.evidence.end,
                text: self.evidence.text(text).into_owned(),
            },
            trigger: self.trigger,
            confidence: self.confidence,
            date: self.date,
            date_source: self.date_source,
        }
    }
}

/// A span of a document's text in code points, with its text only when it is not the
/// document's text at that span (the extraction's evidence and mentions always are; a
/// caller's may not be). Saves storing every sentence once per relation it supports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    pub text: Option<String>,
}

impl Span {
    pub(crate) fn new(start: usize, end: usize, text: &str, doc: &Chars<'_>) -> Self {
        let text = (doc.slice(start, end) != Some(text)).then(|| text.to_owned());
        Self { start, end, text }
    }

    pub(crate) fn text<'a>(&'a self, doc: &Chars<'a>) -> Cow<'a, str> {
        match &self.text {
            Some(t) => Cow::Borrowed(t),
            None => Cow::Borrowed(doc.slice(self.start, self.end).unwrap_or_default()),
        }
    }
}

/// A text addressed by code point, as the extraction's offsets are.
pub(crate) struct Chars<'a> {
    text: &'a str,
    /// Byte offset of each code point and of the end; empty when the text is ASCII.
    bytes: Vec<usize>,
}

impl<'a> Chars<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let bytes = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        Self { text, bytes }
    }

    /// Code points `start..end` (an end past the text is the text's end), or `None` when
    /// the span starts past it.
    pub(crate) fn slice(&self, start: usize, end: usize) -> Option<&'a str> {
        if self.bytes.is_empty() {
            let end = end.min(self.text.len());
            return self.text.get(start..end.max(start));
        }
        let last = self.bytes.len() - 1;
        let (s, e) = (*self.bytes.get(start)?, self.bytes[end.clamp(start, last)]);
        self.text.get(s..e)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct MentionRecord {
    pub span: Span,
    pub entity: Option<String>,
    pub kind: String,
    pub how: MentionKind,
    pub sentence: usize,
    pub candidate: bool,
    pub candidates: Vec<String>,
    pub role: Option<String>,
}

impl MentionRecord {
    pub(crate) fn new(m: &Mention, text: &Chars<'_>) -> Self {
        Self {
            span: Span::new(m.start, m.end, &m.text, text),
            entity: m.entity.clone(),
            kind: m.kind.clone(),
            how: m.how,
            sentence: m.sentence,
            candidate: m.candidate,
            candidates: m.candidates.clone(),
            role: m.role.clone(),
        }
    }

    pub(crate) fn mention(self, text: &Chars<'_>) -> Mention {
        Mention {
            start: self.span.start,
            end: self.span.end,
            text: self.span.text(text).into_owned(),
            entity: self.entity,
            kind: self.kind,
            how: self.how,
            sentence: self.sentence,
            candidate: self.candidate,
            candidates: self.candidates,
            role: self.role,
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
    /// How many documents hold its evidence.
    pub documents: u64,
    /// Those documents in id order when there are at most [`INLINE_DOCS`] of them; else
    /// empty, and they are the `evidence` entries under the relation's key. Most relations
    /// are stated in one or two documents, so most need no `evidence` entry at all.
    pub docs: Vec<String>,
}

/// How many documents a relation lists in its own record before they move to `evidence`.
pub(crate) const INLINE_DOCS: usize = 4;

impl AggregateRecord {
    /// Whether its documents are listed in the record rather than in `evidence`.
    pub(crate) fn inline(&self) -> bool {
        self.documents <= INLINE_DOCS as u64
    }
}

/// The first fields of an [`AggregateRecord`]: the relation as listings show it, read
/// without its list of documents.
#[derive(Debug, Deserialize)]
pub(crate) struct AggregateHead {
    pub support: u64,
    pub modalities: BTreeMap<Modality, u64>,
    pub roles: BTreeMap<String, u64>,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
}

impl AggregateHead {
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

/// Widens a date range (`first..=last`, empty when both are `None`) to hold `date`.
pub(crate) fn widen(first: &mut Option<NaiveDate>, last: &mut Option<NaiveDate>, date: NaiveDate) {
    *first = Some(first.map_or(date, |d| d.min(date)));
    *last = Some(last.map_or(date, |d| d.max(date)));
}

/// One occurrence of a name no gazetteer knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CandidateRecord {
    pub text: String,
    pub kind: String,
    pub sentence_text: String,
}

impl DocRecord {
    /// The `candidates` keys this document wrote.
    pub(crate) fn candidate_keys(&self) -> Vec<Vec<u8>> {
        let text = Chars::new(&self.text);
        self.mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.candidate)
            .map(|(i, m)| candidate_key(&fold(&m.span.text(&text)), &self.id, m.span.start, i))
            .collect()
    }

    /// This document's relations, each with its pieces of evidence here.
    pub(crate) fn relation_groups(&self) -> BTreeMap<Triple, Vec<&RelationRecord>> {
        let mut groups: BTreeMap<Triple, Vec<&RelationRecord>> = BTreeMap::new();
        for r in &self.relations {
            groups
                .entry(Triple::new(&r.subject, r.predicate, &r.object))
                .or_default()
                .push(r);
        }
        groups
    }

    /// Each linked entity and how many of this document's mentions link to it.
    pub(crate) fn entity_counts(&self) -> BTreeMap<&str, u64> {
        let mut counts = BTreeMap::new();
        for id in self.mentions.iter().filter_map(|m| m.entity.as_deref()) {
            *counts.entry(id).or_insert(0) += 1;
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Evidence reads a document through [`DocEvidence`], which must stay a prefix of
    /// [`DocRecord`].
    #[test]
    fn doc_evidence_is_a_prefix_of_doc_record() {
        let text = "Biden met Xi. Ünïcode too.";
        let published = NaiveDate::from_ymd_opt(2022, 11, 14);
        let met = RelationRecord {
            subject: "xi-jinping".into(),
            predicate: newsgraph_model::Predicate::Met,
            object: "joe-biden".into(),
            modality: Modality::Asserted,
            role: None,
            sentence: 0,
            evidence: Span::new(0, 13, "Biden met Xi.", &Chars::new(text)),
            trigger: "met".into(),
            confidence: 0.9,
            date: None,
            date_source: None,
        };
        let record = DocRecord {
            id: "d".into(),
            hash: "h".into(),
            title: "T".into(),
            text: text.into(),
            published,
            relations: vec![met],
            source: Some("wire".into()),
            url: None,
            sentences: vec![Sentence { start: 0, end: 13 }],
            mentions: Vec::new(),
        };
        let bytes = encode(TreeId::Documents, &record).expect("encode");
        let head: DocHash = decode_prefix(TreeId::Documents, b"d", &bytes).expect("decode");
        assert_eq!((head.id.as_str(), head.hash.as_str()), ("d", "h"));
        let with: DocEvidence = decode_prefix(TreeId::Documents, b"d", &bytes).expect("decode");
        assert_eq!((with.text.as_str(), with.published), (text, published));
        assert_eq!(with.relations, record.relations);
        let triple = Triple::new("joe-biden", newsgraph_model::Predicate::Met, "xi-jinping");
        let found = with.evidence_of("d", &triple);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (
                found[0].text.as_str(),
                found[0].date,
                found[0].document.as_str()
            ),
            ("Biden met Xi.", published, "d")
        );
        let other = Triple::new(
            "joe-biden",
            newsgraph_model::Predicate::Criticized,
            "xi-jinping",
        );
        assert!(with.evidence_of("d", &other).is_empty());
    }

    /// Listings read a relation through [`AggregateHead`], which must stay a prefix of
    /// [`AggregateRecord`].
    #[test]
    fn aggregate_head_is_a_prefix_of_aggregate_record() {
        let record = AggregateRecord {
            support: 3,
            modalities: BTreeMap::from([(Modality::Asserted, 2), (Modality::Planned, 1)]),
            roles: BTreeMap::from([("host".to_owned(), 1)]),
            first_date: NaiveDate::from_ymd_opt(2021, 6, 13),
            last_date: NaiveDate::from_ymd_opt(2021, 6, 14),
            documents: 2,
            docs: vec!["a".into(), "b".into()],
        };
        let bytes = encode(TreeId::Relations, &record).expect("encode");
        let head: AggregateHead = decode_prefix(TreeId::Relations, b"k", &bytes).expect("decode");
        let triple = Triple::new("x", newsgraph_model::Predicate::Met, "y");
        let agg = head.into_aggregate(triple);
        assert_eq!(
            (
                agg.support,
                agg.modalities,
                agg.roles,
                agg.first_date,
                agg.last_date
            ),
            (
                record.support,
                record.modalities,
                record.roles,
                record.first_date,
                record.last_date
            )
        );
    }

    #[test]
    fn chars_slice_by_code_point() {
        for (text, start, end, expected) in [
            ("abc", 1, 2, Some("b")),
            ("abc", 1, 9, Some("bc")),
            ("abc", 4, 5, None),
            ("äbç", 1, 3, Some("bç")),
            ("äbç", 2, 9, Some("ç")),
            ("äbç", 3, 3, Some("")),
            ("äbç", 4, 4, None),
        ] {
            assert_eq!(
                Chars::new(text).slice(start, end),
                expected,
                "{text} {start}..{end}"
            );
        }
    }
}
