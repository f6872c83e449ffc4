//! Ingest and deletion: a document's contributions (or a whole batch's) planned into a
//! [`Staging`] and committed in one transaction. Every key a document writes follows from its
//! stored record (its mentions and relations), so deletion derives them from it and removes
//! exactly what ingest added.

use std::collections::{BTreeMap, BTreeSet};

use newsgraph_model::{Document, Entity, Extraction};
use sha2::{Digest, Sha256};

use crate::backend::TreeId;
use crate::keys::{candidate_key, date_bytes, fold, join, prefix_of, validate_id, Triple};
use crate::records::{
    decode_prefix, AggregateRecord, CandidateRecord, Chars, DocEvidence, DocRecord, EntityFacts,
    EntityRecord, MentionRecord, RelationRecord,
};
use crate::staging::{Counter, Staging};
use crate::store::{put_entity_index, remove_entity_index};
use crate::types::IngestOutcome;
use crate::{Result, Store};

/// Hex SHA-256 of a document's text.
pub(crate) fn text_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Store {
    /// Stores a document and what was extracted from it, in one transaction, then flushes.
    ///
    /// An empty `doc.id` is replaced by `doc-` and the first 16 hex digits of the text's
    /// SHA-256; `doc.hash` is always recomputed. The same id with the same text, or the same
    /// text again without an id, is [`IngestOutcome::Unchanged`] (the extraction is not looked
    /// at: delete first to store a new extraction of the same text). The same id with another
    /// text replaces the old document and all its contributions in the same transaction.
    ///
    /// # Errors
    /// [`Error::InvalidId`](crate::Error::InvalidId) for an invalid document, entity or
    /// relation id (nothing is written); [`Error::Backend`](crate::Error::Backend) when the
    /// write fails.
    pub fn ingest(&self, doc: Document, extraction: &Extraction) -> Result<IngestOutcome> {
        let outcome = self.ingest_inner(doc, extraction, false)?;
        self.flush()?;
        Ok(outcome)
    }

    /// Ingests many documents in one transaction, then flushes once. Returns one outcome per
    /// input, in order; a later item with the id (or, without an id, the text) of an earlier
    /// one sees it as stored.
    ///
    /// # Errors
    /// Every item is validated first, so an invalid id fails the batch before anything is
    /// written; a storage failure writes none of the batch.
    pub fn ingest_batch(&self, items: Vec<(Document, Extraction)>) -> Result<Vec<IngestOutcome>> {
        for (doc, extraction) in &items {
            if !doc.id.is_empty() {
                validate_id("document id", &doc.id)?;
            }
            validate_extraction(extraction)?;
        }
        let _writer = self.lock_writer();
        let mut staging = Staging::new(self.kv());
        let mut outcomes = Vec::with_capacity(items.len());
        for (doc, extraction) in items {
            outcomes.push(plan_ingest(&mut staging, doc, &extraction, false)?);
        }
        staging.commit()?;
        self.flush()?;
        Ok(outcomes)
    }

    /// Stores a new extraction of a document already stored (same id): its old contributions
    /// are replaced in one transaction, even when the text is unchanged. Used to re-tag
    /// documents after the gazetteers or rules changed. Flushes before returning.
    ///
    /// # Errors
    /// As [`Store::ingest`].
    pub fn replace(&self, doc: Document, extraction: &Extraction) -> Result<IngestOutcome> {
        let outcome = self.ingest_inner(doc, extraction, true)?;
        self.flush()?;
        Ok(outcome)
    }

    fn ingest_inner(
        &self,
        doc: Document,
        extraction: &Extraction,
        force: bool,
    ) -> Result<IngestOutcome> {
        validate_extraction(extraction)?;
        let _writer = self.lock_writer();
        let mut staging = Staging::new(self.kv());
        let outcome = plan_ingest(&mut staging, doc, extraction, force)?;
        staging.commit()?;
        Ok(outcome)
    }

    /// Removes a document and exactly its contributions: counts go down, its evidence goes,
    /// relations left without evidence and entities left without mentions (unless added with
    /// [`Store::put_entity`]) disappear. Returns whether the document was there.
    ///
    /// # Errors
    /// [`Error::Backend`](crate::Error::Backend) when the write fails.
    pub fn delete(&self, doc_id: &str) -> Result<bool> {
        let _writer = self.lock_writer();
        let mut staging = Staging::new(self.kv());
        if !plan_remove(&mut staging, doc_id)? {
            return Ok(false);
        }
        staging.commit()?;
        self.flush()?;
        Ok(true)
    }
}

/// Plans one document's ingest (see [`Store::ingest`]); `force` replaces it even when its
/// text is unchanged.
fn plan_ingest(
    staging: &mut Staging<'_>,
    mut doc: Document,
    extraction: &Extraction,
    force: bool,
) -> Result<IngestOutcome> {
    doc.hash = text_hash(&doc.text);
    if doc.id.is_empty() {
        let prefix = prefix_of(doc.hash.as_bytes());
        if let Some((key, _)) = staging
            .scan_prefix(TreeId::ByHash, &prefix)?
            .into_iter()
            .next()
        {
            let id = String::from_utf8_lossy(&key[prefix.len()..]).into_owned();
            return Ok(IngestOutcome::Unchanged { id });
        }
        doc.id = format!("doc-{}", &doc.hash[..16]);
    }
    validate_id("document id", &doc.id)?;
    let old = staging.get_record::<DocRecord>(TreeId::Documents, doc.id.as_bytes())?;
    let replaced = match old {
        Some(old) if old.hash == doc.hash && !force => {
            return Ok(IngestOutcome::Unchanged { id: doc.id });
        }
        Some(_) => {
            plan_remove(staging, &doc.id)?;
            true
        }
        None => false,
    };
    let (mentions, relations) = plan_add(staging, &doc, extraction)?;
    let id = doc.id;
    Ok(if replaced {
        IngestOutcome::Replaced {
            id,
            mentions,
            relations,
        }
    } else {
        IngestOutcome::Added {
            id,
            mentions,
            relations,
        }
    })
}

fn validate_extraction(extraction: &Extraction) -> Result<()> {
    for e in &extraction.entities {
        validate_id("entity id", &e.id)?;
        validate_id("entity type", e.kind.as_str())?;
    }
    for m in &extraction.mentions {
        if let Some(id) = &m.entity {
            validate_id("mention entity", id)?;
            validate_id("mention type", &m.kind)?;
        }
    }
    for r in &extraction.relations {
        validate_id("relation subject", &r.subject)?;
        validate_id("relation object", &r.object)?;
    }
    Ok(())
}

/// The text of sentence `index`, or `fallback` when the offsets do not fit the text.
fn sentence_text(
    text: &Chars<'_>,
    extraction: &Extraction,
    index: usize,
    fallback: &str,
) -> String {
    extraction
        .sentences
        .get(index)
        .and_then(|s| text.slice(s.start, s.end))
        .filter(|taken| !taken.is_empty())
        .unwrap_or(fallback)
        .to_owned()
}

/// Plans a document's writes; returns how many mentions and distinct pieces of evidence.
fn plan_add(
    staging: &mut Staging<'_>,
    doc: &Document,
    extraction: &Extraction,
) -> Result<(usize, usize)> {
    let id = doc.id.as_str();
    let chars = Chars::new(&doc.text);
    let mut record = DocRecord {
        id: id.to_owned(),
        title: doc.title.clone(),
        text: doc.text.clone(),
        published: doc.published,
        relations: Vec::new(),
        source: doc.source.clone(),
        url: doc.url.clone(),
        hash: doc.hash.clone(),
        sentences: extraction.sentences.clone(),
        mentions: Vec::with_capacity(extraction.mentions.len()),
    };

    let mut first_mention: BTreeMap<&str, &newsgraph_model::Mention> = BTreeMap::new();
    for m in &extraction.mentions {
        record.mentions.push(MentionRecord::new(m, &chars));
        if let Some(entity) = &m.entity {
            first_mention.entry(entity).or_insert(m);
        }
        if m.candidate {
            let key = candidate_key(&fold(&m.text), id, m.start, record.mentions.len() - 1);
            let candidate = CandidateRecord {
                text: m.text.clone(),
                kind: m.kind.clone(),
                sentence_text: sentence_text(&chars, extraction, m.sentence, &m.text),
            };
            staging.put_record(TreeId::Candidates, key, &candidate)?;
        }
    }

    for (entity_id, count) in record.entity_counts() {
        let key = entity_id.as_bytes();
        let entity_record = match staging.get_record::<EntityRecord>(TreeId::Entities, key)? {
            Some(mut existing) => {
                existing.mentions += count;
                existing.documents += 1;
                existing
            }
            None => {
                let first = first_mention[entity_id];
                let entity = extraction
                    .entities
                    .iter()
                    .find(|e| e.id == entity_id)
                    .cloned()
                    .unwrap_or_else(|| Entity::new(entity_id, &first.kind, first.text.clone()));
                let facts = EntityFacts::from(&entity);
                put_entity_index(staging, &facts);
                staging.count(Counter::Entities, 1)?;
                EntityRecord {
                    facts,
                    mentions: count,
                    documents: 1,
                    user_added: false,
                }
            }
        };
        staging.put_record(TreeId::Entities, key.to_vec(), &entity_record)?;
    }

    let mut seen = BTreeSet::new();
    for r in &extraction.relations {
        let triple = Triple::new(&r.subject, r.predicate, &r.object);
        if seen.insert((triple, r.sentence, r.evidence.start)) {
            record.relations.push(RelationRecord::new(r, &chars));
        }
    }
    for (triple, pieces) in record.relation_groups() {
        add_to_aggregate(staging, &triple, id, doc.published, &pieces)?;
    }

    staging.put(
        TreeId::ByHash,
        join(&[doc.hash.as_bytes(), id.as_bytes()]),
        Vec::new(),
    );
    if let Some(date) = doc.published {
        staging.put(TreeId::ByDate, date_key(date, id), Vec::new());
    }
    let counts = (record.mentions.len(), record.relations.len());
    staging.put_record(TreeId::Documents, id.as_bytes().to_vec(), &record)?;
    staging.count(Counter::Documents, 1)?;
    staging.count(Counter::Mentions, counts.0 as i64)?;
    staging.count(Counter::Evidence, counts.1 as i64)?;
    Ok(counts)
}

pub(crate) fn date_key(date: chrono::NaiveDate, doc: &str) -> Vec<u8> {
    let mut key = date_bytes(date).to_vec();
    key.extend_from_slice(doc.as_bytes());
    key
}

/// Adds one document's pieces of evidence of a relation to its aggregate.
fn add_to_aggregate(
    staging: &mut Staging<'_>,
    triple: &Triple,
    doc: &str,
    published: Option<chrono::NaiveDate>,
    pieces: &[&RelationRecord],
) -> Result<()> {
    let key = triple.key();
    let mut agg = match staging.get_record::<AggregateRecord>(TreeId::Relations, &key)? {
        Some(agg) => agg,
        None => {
            staging.put(TreeId::ByObject, triple.by_object_key(), Vec::new());
            staging.count(Counter::Relations(triple.predicate), 1)?;
            AggregateRecord::default()
        }
    };
    for r in pieces {
        agg.support += 1;
        *agg.modalities.entry(r.modality).or_insert(0) += 1;
        if let Some(role) = &r.role {
            *agg.roles.entry(role.clone()).or_insert(0) += 1;
        }
        if let Some(date) = r.date_or(published) {
            agg.first_date = Some(agg.first_date.map_or(date, |d| d.min(date)));
            agg.last_date = Some(agg.last_date.map_or(date, |d| d.max(date)));
        }
    }
    agg.documents += 1;
    if agg.inline() {
        if let Err(at) = agg.docs.binary_search_by(|d| d.as_str().cmp(doc)) {
            agg.docs.insert(at, doc.to_owned());
        }
    } else {
        // Past the inline limit every document is an `evidence` entry.
        for d in std::mem::take(&mut agg.docs)
            .iter()
            .map(String::as_str)
            .chain([doc])
        {
            staging.put(TreeId::Evidence, triple.evidence_key(d), Vec::new());
        }
    }
    staging.put_record(TreeId::Relations, key, &agg)
}

/// Takes `doc` from a relation's documents. When they fall back to the inline limit, those
/// left move from `evidence` into the record, so the layout depends only on what is stored.
fn remove_doc(
    staging: &mut Staging<'_>,
    triple: &Triple,
    agg: &mut AggregateRecord,
    doc: &str,
) -> Result<()> {
    if agg.inline() {
        agg.docs.retain(|d| d != doc);
        agg.documents = agg.documents.saturating_sub(1);
        return Ok(());
    }
    staging.remove(TreeId::Evidence, triple.evidence_key(doc));
    agg.documents -= 1;
    if agg.inline() {
        agg.docs = relation_docs_in_tree(staging, triple)?;
        for d in &agg.docs {
            staging.remove(TreeId::Evidence, triple.evidence_key(d));
        }
    }
    Ok(())
}

/// The documents holding a relation's evidence, as its aggregate lists them.
fn relation_docs(
    staging: &Staging<'_>,
    triple: &Triple,
    agg: &AggregateRecord,
) -> Result<Vec<String>> {
    if agg.inline() {
        return Ok(agg.docs.clone());
    }
    relation_docs_in_tree(staging, triple)
}

/// The documents that `evidence` lists for a relation.
fn relation_docs_in_tree(staging: &Staging<'_>, triple: &Triple) -> Result<Vec<String>> {
    let prefix = triple.evidence_prefix();
    Ok(staging
        .scan_prefix(TreeId::Evidence, &prefix)?
        .into_iter()
        .map(|(k, _)| String::from_utf8_lossy(&k[prefix.len()..]).into_owned())
        .collect())
}

/// A relation's first and last date over the evidence in `docs`.
fn date_range(
    staging: &Staging<'_>,
    triple: &Triple,
    docs: &[String],
) -> Result<(Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)> {
    let (mut first, mut last) = (None, None);
    for doc in docs {
        let Some(bytes) = staging.get(TreeId::Documents, doc.as_bytes())? else {
            continue;
        };
        let record = decode_prefix::<DocEvidence>(TreeId::Documents, doc.as_bytes(), &bytes)?;
        for r in record.relations.iter().filter(|r| r.triple_is(triple)) {
            if let Some(date) = r.date_or(record.published) {
                first = Some(first.map_or(date, |d: chrono::NaiveDate| d.min(date)));
                last = Some(last.map_or(date, |d: chrono::NaiveDate| d.max(date)));
            }
        }
    }
    Ok((first, last))
}

fn decrement<K: Ord>(map: &mut BTreeMap<K, u64>, key: &K) {
    if let Some(n) = map.get_mut(key) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            map.remove(key);
        }
    }
}

/// Plans the removal of a document and its contributions; false when it is not stored.
fn plan_remove(staging: &mut Staging<'_>, id: &str) -> Result<bool> {
    let key = id.as_bytes();
    let Some(doc) = staging.get_record::<DocRecord>(TreeId::Documents, key)? else {
        return Ok(false);
    };

    // Relations whose first or last date may have come from this document: their dates are
    // recomputed from the remaining evidence once all of this document's evidence is gone.
    let mut redate = Vec::new();
    for (triple, pieces) in doc.relation_groups() {
        staging.count(Counter::Evidence, -(pieces.len() as i64))?;
        let rel_key = triple.key();
        let Some(mut agg) = staging.get_record::<AggregateRecord>(TreeId::Relations, &rel_key)?
        else {
            continue;
        };
        let mut dated = false;
        for r in &pieces {
            agg.support = agg.support.saturating_sub(1);
            decrement(&mut agg.modalities, &r.modality);
            if let Some(role) = &r.role {
                decrement(&mut agg.roles, role);
            }
            let date = r.date_or(doc.published);
            dated |= date.is_some() && (date == agg.first_date || date == agg.last_date);
        }
        remove_doc(staging, &triple, &mut agg, id)?;
        if agg.support == 0 {
            staging.remove(TreeId::Relations, rel_key);
            staging.remove(TreeId::ByObject, triple.by_object_key());
            staging.count(Counter::Relations(triple.predicate), -1)?;
            continue;
        }
        if dated {
            redate.push(triple.clone());
        }
        staging.put_record(TreeId::Relations, rel_key, &agg)?;
    }
    // The document is removed first, so that its evidence no longer counts.
    staging.remove(TreeId::Documents, key.to_vec());
    for triple in redate {
        let rel_key = triple.key();
        let Some(mut agg) = staging.get_record::<AggregateRecord>(TreeId::Relations, &rel_key)?
        else {
            continue;
        };
        let docs = relation_docs(staging, &triple, &agg)?;
        (agg.first_date, agg.last_date) = date_range(staging, &triple, &docs)?;
        staging.put_record(TreeId::Relations, rel_key, &agg)?;
    }

    for k in doc.candidate_keys() {
        staging.remove(TreeId::Candidates, k);
    }
    for (entity_id, count) in doc.entity_counts() {
        let ekey = entity_id.as_bytes();
        let Some(mut record) = staging.get_record::<EntityRecord>(TreeId::Entities, ekey)? else {
            continue;
        };
        record.mentions = record.mentions.saturating_sub(count);
        record.documents = record.documents.saturating_sub(1);
        if record.mentions == 0 && record.documents == 0 && !record.user_added {
            remove_entity_index(staging, &record.facts);
            staging.remove(TreeId::Entities, ekey.to_vec());
            staging.count(Counter::Entities, -1)?;
        } else {
            staging.put_record(TreeId::Entities, ekey.to_vec(), &record)?;
        }
    }

    staging.count(Counter::Documents, -1)?;
    staging.count(Counter::Mentions, -(doc.mentions.len() as i64))?;
    staging.remove(TreeId::ByHash, join(&[doc.hash.as_bytes(), key]));
    if let Some(date) = doc.published {
        staging.remove(TreeId::ByDate, date_key(date, id));
    }
    Ok(true)
}
