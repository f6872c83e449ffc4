//! Listings and searches. Relation queries with an end given read that end's ranges of
//! `relations` (as subject) and `by_object` (as object), else scan the `relations` of the
//! predicate (its keys start with it), or all of them.

use std::collections::{BTreeMap, BTreeSet};

use newsgraph_model::{EvidenceRecord, Predicate, RelationAggregate};

use crate::backend::TreeId;
use crate::keys::{
    by_object_prefix, date_bytes, display_key, fold, last_part, prefix_of, split_candidate_key,
    successor, Triple,
};
use crate::records::{
    decode, decode_prefix, AggregateHead, AggregateRecord, CandidateRecord, DocEvidence, DocRecord,
    EntityRecord,
};
use crate::staging::{read_counter, Counter};
use crate::types::{
    Candidate, CandidateContext, DocumentQuery, DocumentSummary, EntityQuery, Page, RelationQuery,
    Stats, StoredEntity, TreeFootprint,
};
use crate::{Error, Result, Store};

const MAX_CONTEXTS: usize = 5;

fn encode_cursor(id: &str) -> String {
    id.bytes().map(|b| format!("{b:02x}")).collect()
}

fn decode_cursor(cursor: &str) -> Result<String> {
    let invalid = || Error::InvalidCursor {
        cursor: cursor.chars().take(80).collect(),
    };
    if !cursor.len().is_multiple_of(2) || !cursor.is_ascii() {
        return Err(invalid());
    }
    let bytes = (0..cursor.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&cursor[i..i + 2], 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| invalid())?;
    String::from_utf8(bytes).map_err(|_| invalid())
}

/// Takes up to `limit` items and a cursor when more follow.
fn paginate<T>(items: impl Iterator<Item = Result<(String, T)>>, limit: usize) -> Result<Page<T>> {
    let limit = limit.max(1);
    let mut out = Vec::new();
    let mut last_id = None;
    for item in items {
        let (id, value) = item?;
        if out.len() == limit {
            return Ok(Page {
                items: out,
                next_cursor: last_id.as_deref().map(encode_cursor),
            });
        }
        out.push(value);
        last_id = Some(id);
    }
    Ok(Page {
        items: out,
        next_cursor: None,
    })
}

fn summary(record: DocRecord) -> DocumentSummary {
    DocumentSummary {
        mentions: record.mentions.len(),
        relations: record.relations.len(),
        id: record.id,
        title: record.title,
        published: record.published,
        source: record.source,
        url: record.url,
    }
}

impl Store {
    /// Documents ordered by id, filtered by published date (through `by_date`) and source.
    ///
    /// # Errors
    /// [`Error::InvalidCursor`] for a cursor this store did not hand out;
    /// [`Error::Backend`] or [`Error::Corrupt`] when the store cannot be read.
    pub fn documents(&self, query: &DocumentQuery) -> Result<Page<DocumentSummary>> {
        let after = query.cursor.as_deref().map(decode_cursor).transpose()?;
        let source_ok = |r: &DocRecord| query.source.is_none() || r.source == query.source;
        if query.since.is_none() && query.until.is_none() {
            let from = after
                .as_deref()
                .map(|a| successor(a.as_bytes()))
                .unwrap_or_default();
            let rows = self
                .kv()
                .scan(TreeId::Documents, b"", &from)
                .map(|entry| {
                    let (k, v) = entry?;
                    let record = decode::<DocRecord>(TreeId::Documents, &k, &v)?;
                    Ok((record.id.clone(), record))
                })
                .filter(|r| r.as_ref().map_or(true, |(_, rec)| source_ok(rec)))
                .map(|r| r.map(|(id, rec)| (id, summary(rec))));
            return paginate(rows, query.limit);
        }
        let from = query
            .since
            .map(|d| date_bytes(d).to_vec())
            .unwrap_or_default();
        let until = query.until.map(date_bytes);
        let mut ids = BTreeSet::new();
        for entry in self.kv().scan(TreeId::ByDate, b"", &from) {
            let (k, _) = entry?;
            let (date, doc) = k.split_at(4.min(k.len()));
            if until.is_some_and(|u| date > u.as_slice()) {
                break;
            }
            let doc = String::from_utf8_lossy(doc).into_owned();
            if after.as_ref().is_none_or(|a| &doc > a) {
                ids.insert(doc);
            }
        }
        let rows = ids
            .into_iter()
            .map(|id| {
                let record = self.get_record::<DocRecord>(TreeId::Documents, id.as_bytes())?;
                Ok(record.map(|r| (id, r)))
            })
            .filter_map(|r| r.transpose())
            .filter(|r| r.as_ref().map_or(true, |(_, rec)| source_ok(rec)))
            .map(|r| r.map(|(id, rec)| (id, summary(rec))));
        paginate(rows, query.limit)
    }

    /// Entities ordered by id, by type (through `entity_kinds`) and name prefix (through
    /// `entity_names`).
    ///
    /// # Errors
    /// [`Error::InvalidCursor`] for a cursor this store did not hand out;
    /// [`Error::Backend`] or [`Error::Corrupt`] when the store cannot be read.
    pub fn entities(&self, query: &EntityQuery) -> Result<Page<StoredEntity>> {
        let after = query.cursor.as_deref().map(decode_cursor).transpose()?;
        let after_ok = |id: &str| after.as_deref().is_none_or(|a| id > a);
        let prefix = query
            .prefix
            .as_deref()
            .map(|p| fold(p.trim()))
            .filter(|p| !p.is_empty());
        let ids: Box<dyn Iterator<Item = Result<String>>> = if let Some(prefix) = prefix {
            let mut ids = BTreeSet::new();
            for entry in self
                .kv()
                .scan(TreeId::EntityNames, prefix.as_bytes(), prefix.as_bytes())
            {
                let (k, _) = entry?;
                if let Some(id) = last_part(&k).filter(|id| after_ok(id)) {
                    ids.insert(id.to_owned());
                }
            }
            Box::new(ids.into_iter().map(Ok))
        } else if let Some(kind) = &query.kind {
            let prefix = prefix_of(kind.as_bytes());
            let from = match &after {
                Some(a) => successor(&[prefix.as_slice(), a.as_bytes()].concat()),
                None => prefix.clone(),
            };
            Box::new(
                self.kv()
                    .scan(TreeId::EntityKinds, &prefix, &from)
                    .map(move |entry| {
                        let (k, _) = entry?;
                        Ok(String::from_utf8_lossy(&k[prefix.len()..]).into_owned())
                    }),
            )
        } else {
            let from = after
                .as_deref()
                .map(|a| successor(a.as_bytes()))
                .unwrap_or_default();
            Box::new(self.kv().scan(TreeId::Entities, b"", &from).map(|entry| {
                let (k, _) = entry?;
                Ok(String::from_utf8_lossy(&k).into_owned())
            }))
        };
        let rows = ids
            .map(|id| {
                let id = id?;
                let record = self.get_record::<EntityRecord>(TreeId::Entities, id.as_bytes())?;
                Ok(record.map(|r| (id, r)))
            })
            .filter_map(|r| r.transpose())
            .filter(|r| {
                r.as_ref().map_or(true, |(_, rec)| {
                    query.kind.as_ref().is_none_or(|k| &rec.facts.kind == k)
                })
            })
            .map(|r| r.map(|(id, rec)| (id, rec.into_stored())));
        paginate(rows, query.limit)
    }

    /// One relation by its ends and predicate (either order for a symmetric predicate): a
    /// point read, whatever the degree of its ends.
    ///
    /// # Errors
    /// [`Error::Backend`] or [`Error::Corrupt`] when the store cannot be read.
    pub fn relation(
        &self,
        subject: &str,
        predicate: Predicate,
        object: &str,
    ) -> Result<Option<RelationAggregate>> {
        let triple = Triple::new(subject, predicate, object);
        Ok(self
            .get_prefix::<AggregateHead>(TreeId::Relations, &triple.key())?
            .map(|agg| agg.into_aggregate(triple)))
    }

    /// Triples with `entity` as their subject (a range of `relations` per predicate).
    fn triples_from_subject(
        &self,
        entity: &str,
        predicate: Option<Predicate>,
        out: &mut BTreeSet<Triple>,
    ) -> Result<()> {
        let predicates = match predicate {
            Some(p) => vec![p],
            None => Predicate::ALL.to_vec(),
        };
        for p in predicates {
            let prefix = Triple::subject_prefix(p, entity);
            for entry in self.kv().scan(TreeId::Relations, &prefix, &prefix) {
                let (k, _) = entry?;
                out.extend(Triple::from_key(&k));
            }
        }
        Ok(())
    }

    /// Triples with `entity` as their object (its `by_object` entries).
    fn triples_to_object(
        &self,
        entity: &str,
        predicate: Option<Predicate>,
        out: &mut BTreeSet<Triple>,
    ) -> Result<()> {
        let prefix = by_object_prefix(entity, predicate);
        for entry in self.kv().scan(TreeId::ByObject, &prefix, &prefix) {
            let (k, _) = entry?;
            out.extend(Triple::from_by_object_key(&k));
        }
        Ok(())
    }

    /// Relations matching every field of the query, most supported first (ties in
    /// `(subject, predicate, object)` order).
    ///
    /// # Errors
    /// [`Error::Backend`] or [`Error::Corrupt`] when the store cannot be read.
    pub fn relations(&self, query: &RelationQuery) -> Result<Vec<RelationAggregate>> {
        let mut triples = BTreeSet::new();
        let symmetric_ok = query.predicate.is_none_or(Predicate::is_symmetric);
        let mut out = Vec::new();
        // A symmetric relation is stored once, smaller id first, so look from both sides.
        let (from_subject, to_object) = match (&query.subject, &query.object, &query.entity) {
            (Some(s), _, _) => (Some(s), symmetric_ok.then_some(s)),
            (None, Some(o), _) => (symmetric_ok.then_some(o), Some(o)),
            (None, None, Some(e)) => (Some(e), Some(e)),
            (None, None, None) => (None, None),
        };
        if from_subject.is_some() || to_object.is_some() {
            if let Some(end) = from_subject {
                self.triples_from_subject(end, query.predicate, &mut triples)?;
            }
            if let Some(end) = to_object {
                self.triples_to_object(end, query.predicate, &mut triples)?;
            }
        } else {
            let prefix = query
                .predicate
                .map(|p| prefix_of(p.as_str().as_bytes()))
                .unwrap_or_default();
            for entry in self.kv().scan(TreeId::Relations, &prefix, &prefix) {
                let (k, v) = entry?;
                let Some(triple) = Triple::from_key(&k) else {
                    continue;
                };
                let agg = decode_prefix::<AggregateHead>(TreeId::Relations, &k, &v)?
                    .into_aggregate(triple);
                if matches(query, &agg) {
                    out.push(agg);
                }
            }
        }
        for triple in triples {
            let key = triple.key();
            if let Some(agg) = self.get_prefix::<AggregateHead>(TreeId::Relations, &key)? {
                let agg = agg.into_aggregate(triple);
                if matches(query, &agg) {
                    out.push(agg);
                }
            }
        }
        out.sort_by(|a, b| {
            (
                std::cmp::Reverse(a.support),
                &a.subject,
                a.predicate,
                &a.object,
            )
                .cmp(&(
                    std::cmp::Reverse(b.support),
                    &b.subject,
                    b.predicate,
                    &b.object,
                ))
        });
        if let Some(limit) = query.limit {
            out.truncate(limit);
        }
        Ok(out)
    }

    /// The evidence of one relation, by document, sentence and offset. For a symmetric
    /// predicate the order of the two ids does not matter.
    ///
    /// # Errors
    /// [`Error::Backend`] or [`Error::Corrupt`] when the store cannot be read.
    pub fn evidence(
        &self,
        subject: &str,
        predicate: Predicate,
        object: &str,
    ) -> Result<Vec<EvidenceRecord>> {
        self.evidence_first(subject, predicate, object, usize::MAX)
    }

    /// The first `limit` pieces of [`Store::evidence`].
    ///
    /// # Errors
    /// [`Error::Backend`] or [`Error::Corrupt`] when the store cannot be read.
    pub fn evidence_first(
        &self,
        subject: &str,
        predicate: Predicate,
        object: &str,
        limit: usize,
    ) -> Result<Vec<EvidenceRecord>> {
        let triple = Triple::new(subject, predicate, object);
        let Some(agg) = self.get_record::<AggregateRecord>(TreeId::Relations, &triple.key())?
        else {
            return Ok(Vec::new());
        };
        let prefix = triple.evidence_prefix();
        let docs: Box<dyn Iterator<Item = Result<String>>> = if agg.inline() {
            Box::new(agg.docs.into_iter().map(Ok))
        } else {
            Box::new(
                self.kv()
                    .scan(TreeId::Evidence, &prefix, &prefix)
                    .map(|entry| {
                        let (k, _) = entry?;
                        Ok(String::from_utf8_lossy(&k[prefix.len()..]).into_owned())
                    }),
            )
        };
        let mut out = Vec::new();
        for doc in docs {
            if out.len() >= limit {
                break;
            }
            let doc = doc?;
            let Some(bytes) = self.kv().get(TreeId::Documents, doc.as_bytes())? else {
                return Err(Error::Corrupt {
                    tree: TreeId::Relations.name(),
                    key: display_key(&triple.key()),
                    reason: format!("evidence in missing document {doc:?}"),
                });
            };
            let record = decode_prefix::<DocEvidence>(TreeId::Documents, doc.as_bytes(), &bytes)?;
            let room = limit - out.len();
            out.extend(record.evidence_of(&doc, &triple).into_iter().take(room));
        }
        Ok(out)
    }

    /// Every relation, in `(subject, predicate, object)` order.
    ///
    /// # Errors
    /// [`Error::Backend`] or [`Error::Corrupt`] when the store cannot be read.
    pub fn all_relations(&self) -> Result<Vec<RelationAggregate>> {
        let mut out = Vec::new();
        for entry in self.kv().scan(TreeId::Relations, b"", b"") {
            let (k, v) = entry?;
            let triple = Triple::from_key(&k).ok_or_else(|| Error::Corrupt {
                tree: TreeId::Relations.name(),
                key: crate::keys::display_key(&k),
                reason: "not a (subject, predicate, object) key".into(),
            })?;
            out.push(
                decode_prefix::<AggregateHead>(TreeId::Relations, &k, &v)?.into_aggregate(triple),
            );
        }
        // Keys are predicate first.
        out.sort_by(|a, b| {
            (&a.subject, a.predicate, &a.object).cmp(&(&b.subject, b.predicate, &b.object))
        });
        Ok(out)
    }

    /// Names no gazetteer knows, grouped by folded text, most frequent first.
    ///
    /// # Errors
    /// [`Error::Backend`] or [`Error::Corrupt`] when the store cannot be read.
    pub fn candidates(&self, limit: usize) -> Result<Vec<Candidate>> {
        struct Group {
            texts: BTreeMap<String, u64>,
            kinds: BTreeMap<String, u64>,
            count: u64,
            contexts: Vec<CandidateContext>,
        }
        let mut groups: BTreeMap<String, Group> = BTreeMap::new();
        for entry in self.kv().scan(TreeId::Candidates, b"", b"") {
            let (k, v) = entry?;
            let Some((folded, doc)) = split_candidate_key(&k) else {
                continue;
            };
            let record = decode::<CandidateRecord>(TreeId::Candidates, &k, &v)?;
            let group = groups.entry(folded.to_owned()).or_insert_with(|| Group {
                texts: BTreeMap::new(),
                kinds: BTreeMap::new(),
                count: 0,
                contexts: Vec::new(),
            });
            group.count += 1;
            *group.texts.entry(record.text).or_insert(0) += 1;
            *group.kinds.entry(record.kind).or_insert(0) += 1;
            let context = CandidateContext {
                document: doc.to_owned(),
                sentence_text: record.sentence_text,
            };
            if group.contexts.len() < MAX_CONTEXTS && !group.contexts.contains(&context) {
                group.contexts.push(context);
            }
        }
        // Most frequent value; ties go to the first in order.
        let top = |m: BTreeMap<String, u64>| {
            m.into_iter()
                .rev()
                .max_by_key(|(_, n)| *n)
                .map(|(s, _)| s)
                .unwrap_or_default()
        };
        let mut out: Vec<Candidate> = groups
            .into_values()
            .map(|g| Candidate {
                text: top(g.texts),
                kind: top(g.kinds),
                count: g.count,
                contexts: g.contexts,
            })
            .collect();
        out.sort_by_key(|c| std::cmp::Reverse(c.count));
        out.truncate(limit);
        Ok(out)
    }

    /// Counts of what the store holds, from the counters that ingest and delete keep in the
    /// same transactions (read, not counted: as cheap at a million documents as at one).
    ///
    /// # Errors
    /// [`Error::Backend`] when the store cannot be read.
    pub fn stats(&self) -> Result<Stats> {
        let read = |c: Counter| -> Result<u64> {
            Ok(read_counter(
                self.kv().get(TreeId::Meta, &c.key())?.as_deref(),
            ))
        };
        let mut by_predicate = BTreeMap::new();
        for p in Predicate::ALL {
            by_predicate.insert(p.as_str().to_owned(), read(Counter::Relations(p))?);
        }
        Ok(Stats {
            documents: read(Counter::Documents)?,
            mentions: read(Counter::Mentions)?,
            entities: read(Counter::Entities)?,
            relations: by_predicate.values().sum(),
            evidence: read(Counter::Evidence)?,
            by_predicate,
        })
    }
}

/// Whether an aggregate satisfies every field of a query.
fn matches(q: &RelationQuery, a: &RelationAggregate) -> bool {
    let sym = a.predicate.is_symmetric();
    let (s, o) = (a.subject.as_str(), a.object.as_str());
    let ends = match (q.subject.as_deref(), q.object.as_deref()) {
        (Some(qs), Some(qo)) => (s == qs && o == qo) || (sym && s == qo && o == qs),
        (Some(qs), None) => s == qs || (sym && o == qs),
        (None, Some(qo)) => o == qo || (sym && s == qo),
        (None, None) => true,
    };
    let entity = q.entity.as_deref().is_none_or(|e| s == e || o == e);
    let predicate = q.predicate.is_none_or(|p| p == a.predicate);
    let modality = q
        .modality
        .is_none_or(|m| a.modalities.get(&m).copied().unwrap_or(0) > 0);
    let dates = if q.since.is_none() && q.until.is_none() {
        true
    } else {
        match (a.first_date, a.last_date) {
            (Some(first), Some(last)) => {
                q.since.is_none_or(|since| last >= since)
                    && q.until.is_none_or(|until| first <= until)
            }
            _ => false,
        }
    };
    ends && entity && predicate && modality && dates && a.support >= q.min_support.max(1)
}

impl Store {
    /// What each tree holds: entries and the bytes of their keys and values, before the
    /// engine's own overhead (compare with the size of the data directory on disk).
    ///
    /// # Errors
    /// [`Error::Backend`] when the store cannot be read.
    pub fn footprint(&self) -> Result<Vec<TreeFootprint>> {
        let mut out = Vec::new();
        for tree in TreeId::ALL {
            let mut f = TreeFootprint {
                tree: tree.name(),
                entries: 0,
                key_bytes: 0,
                value_bytes: 0,
            };
            for entry in self.kv().scan(tree, b"", b"") {
                let (key, value) = entry?;
                f.entries += 1;
                f.key_bytes += key.len() as u64;
                f.value_bytes += value.len() as u64;
            }
            out.push(f);
        }
        Ok(out)
    }
}
