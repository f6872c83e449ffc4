//! Ingest and deletion: a document's contributions (or a whole batch's) planned into a
//! [`Staging`] and committed in one transaction. Every key a document writes follows from its
//! stored record (its mentions and relations), so deletion derives them from it and removes
//! exactly what ingest added; a relation's documents move between its record and `evidence`
//! with their number, so the layout depends only on what is stored. What needs no store is
//! done first, anywhere ([`Prepared`]); [`Store::submit`] plans a batch while the one before
//! is written.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;
use newsgraph_model::{Document, Entity, Extraction, Predicate};
use sha2::{Digest, Sha256};

use crate::backend::{TreeId, WriteBatch};
use crate::keys::{candidate_key, date_bytes, fold, join, prefix_of, validate_id, Triple};
use crate::records::{
    decode_prefix, encode, widen, AggregateRecord, CandidateRecord, Chars, DocEvidence, DocHash,
    DocRecord, EntityFacts, EntityRecord, MentionRecord, RelationRecord,
};
use crate::staging::{Counter, Staging};
use crate::store::{put_entity_index, remove_entity_index, Done, InFlight};
use crate::types::IngestOutcome;
use crate::{Error, Result, Store};

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
        let outcome = self.ingest_inner(Prepared::new(doc, extraction)?, false)?;
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
        let prepared = items
            .into_iter()
            .map(|(doc, extraction)| Prepared::new(doc, &extraction))
            .collect::<Result<Vec<_>>>()?;
        self.ingest_prepared(prepared)
    }

    /// [`Store::ingest_batch`] of documents already [`Prepared`] (on other threads, say):
    /// what is left is reading and updating what the store holds, in one transaction.
    ///
    /// # Errors
    /// A storage failure writes none of the batch.
    pub fn ingest_prepared(&self, items: Vec<Prepared>) -> Result<Vec<IngestOutcome>> {
        let _writer = self.lock_writer();
        let mut staging = Staging::new(self.kv());
        let outcomes = plan_batch(&mut staging, items)?;
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
        let outcome = self.ingest_inner(Prepared::new(doc, extraction)?, true)?;
        self.flush()?;
        Ok(outcome)
    }

    fn ingest_inner(&self, item: Prepared, force: bool) -> Result<IngestOutcome> {
        let _writer = self.lock_writer();
        let mut staging = Staging::new(self.kv());
        let outcome = plan_ingest(&mut staging, item, force)?;
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

impl Store {
    /// Plans a batch of [`Prepared`] documents for writing while the batch submitted before
    /// it, if any, is still being written: as [`Store::ingest_prepared`] would store it after
    /// that one. Returns once that one is written and this one is next, so that threads each
    /// storing their own batches (the server's bulk requests) plan one batch while another is
    /// written, and the store's two halves of the work run on two cores. The batch is
    /// written, in one transaction, by [`Submitted::write`]; the next submission plans over
    /// it meanwhile, and every other write waits for it.
    ///
    /// # Errors
    /// A read of the store failing, or the batch before this one failing to be written (this
    /// one was planned over it, so it is not written either).
    pub fn submit(&self, items: Vec<Prepared>) -> Result<Submitted> {
        let mut writing = self.lock_submitting();
        let base = writing.0.as_ref().map(|b| Arc::clone(&b.writes));
        let mut staging = Staging::over(self.kv(), base);
        let planned = plan_batch(&mut staging, items);
        // The batch before is awaited in any case (and left in its place until then, should
        // planning panic): the next writer reads what it left.
        if let Some(before) = writing.0.take() {
            before.done.wait()?;
        }
        let outcomes = planned?;
        let writes = Arc::new(staging.into_writes());
        let done = Arc::new(Done::default());
        writing.0 = Some(InFlight {
            writes: Arc::clone(&writes),
            done: Arc::clone(&done),
        });
        Ok(Submitted {
            store: self.clone(),
            writes,
            done,
            outcomes,
        })
    }
}

/// A batch planned by [`Store::submit`], to be written by [`Submitted::write`]. Dropped
/// unwritten, it counts as failed, and so does the batch submitted after it.
pub struct Submitted {
    store: Store,
    writes: Arc<WriteBatch>,
    done: Arc<Done>,
    outcomes: Vec<IngestOutcome>,
}

impl std::fmt::Debug for Submitted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Submitted")
            .field("outcomes", &self.outcomes)
            .finish_non_exhaustive()
    }
}

impl Submitted {
    /// Commits the batch in one transaction and flushes: the outcomes are durable once this
    /// returns them.
    ///
    /// # Errors
    /// A storage failure: nothing of the batch is written.
    pub fn write(mut self) -> Result<Vec<IngestOutcome>> {
        let written = self
            .store
            .kv()
            .apply(&self.writes)
            .and_then(|()| self.store.flush());
        self.done
            .set(written.as_ref().map(|_| ()).map_err(ToString::to_string));
        written?;
        Ok(std::mem::take(&mut self.outcomes))
    }
}

impl Drop for Submitted {
    fn drop(&mut self) {
        // After `write` this changes nothing; otherwise (a panic, say) the batch is not written.
        self.done
            .set(Err("the batch was given up before it was written".into()));
    }
}

/// Ingests batches in a pipeline, for bulk loads: each batch is [submitted](Store::submit),
/// so planned over the one before while that one is written on a thread of its own.
///
/// The outcomes [`BulkIngest::submit`] returns are planned, not yet durable: a batch is
/// durable once a later `submit` or [`BulkIngest::finish`] returns `Ok`, and a failed write is
/// reported by the next of them (that batch and every later one are then not written).
pub struct BulkIngest<'a> {
    store: &'a Store,
    /// The thread writing the last batch.
    writing: Option<std::thread::JoinHandle<Result<Vec<IngestOutcome>>>>,
    /// A batch failed: later ones were planned over it, so none is written.
    failed: bool,
}

impl Store {
    /// Starts a [`BulkIngest`].
    pub fn bulk_ingest(&self) -> BulkIngest<'_> {
        BulkIngest {
            store: self,
            writing: None,
            failed: false,
        }
    }
}

impl BulkIngest<'_> {
    /// Plans a batch (as [`Store::ingest_prepared`] would store it after every batch
    /// submitted before), waits for the batch before it to be written, and starts writing
    /// this one.
    ///
    /// # Errors
    /// The failure of the batch before this one (this one is then not written), or a read
    /// of the store failing.
    pub fn submit(&mut self, items: Vec<Prepared>) -> Result<Vec<IngestOutcome>> {
        self.not_failed()?;
        let submitted = self.store.submit(items);
        // `submit` waited for the batch before; its thread has ended or is ending.
        let before = self.wait();
        let mut submitted = submitted.inspect_err(|_| self.failed = true)?;
        before?;
        let outcomes = std::mem::take(&mut submitted.outcomes);
        let handle = std::thread::Builder::new()
            .name("newsgraph-store-writer".into())
            .spawn(move || submitted.write())
            .map_err(|e| Error::Backend {
                operation: "start a writer thread",
                source: Box::new(e),
            })?;
        self.writing = Some(handle);
        Ok(outcomes)
    }

    /// Waits for the last batch to be written and flushed.
    ///
    /// # Errors
    /// The failure of the last batch, or of an earlier one.
    pub fn finish(mut self) -> Result<()> {
        self.wait()?;
        self.not_failed()
    }

    fn not_failed(&self) -> Result<()> {
        if self.failed {
            return Err(Error::Backend {
                operation: "write a batch",
                source: "an earlier batch of this bulk ingest failed".into(),
            });
        }
        Ok(())
    }

    fn wait(&mut self) -> Result<()> {
        let Some(handle) = self.writing.take() else {
            return Ok(());
        };
        let written = handle.join().unwrap_or_else(|_| {
            Err(Error::Backend {
                operation: "write a batch",
                source: "the writer thread panicked".into(),
            })
        });
        self.failed |= written.is_err();
        written.map(drop)
    }
}

impl Drop for BulkIngest<'_> {
    fn drop(&mut self) {
        let _ = self.wait();
    }
}

/// One piece of a relation's evidence, as its aggregate counts it.
struct Piece {
    modality: newsgraph_model::Modality,
    role: Option<String>,
    /// The relation's date, else the document's.
    date: Option<NaiveDate>,
}

/// A document made ready to store: validated, hashed, its record built and encoded, and
/// what it adds to relations and entities worked out. This needs nothing from the store, so
/// callers can prepare many documents on many threads and store them with
/// [`Store::ingest_prepared`], where only the reads and updates of stored data are left.
pub struct Prepared {
    /// The caller's id, or one made from the hash when there was none.
    id: String,
    id_given: bool,
    hash: String,
    published: Option<NaiveDate>,
    record: Vec<u8>,
    mentions: usize,
    relations: Vec<(Triple, Vec<Piece>)>,
    pieces: usize,
    /// Each linked entity, how many mentions link to it, and its facts should it be new.
    entities: Vec<(String, u64, EntityFacts)>,
    candidates: Vec<(Vec<u8>, Vec<u8>)>,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("id", &self.id)
            .field("mentions", &self.mentions)
            .field("relations", &self.pieces)
            .finish_non_exhaustive()
    }
}

impl Prepared {
    /// Prepares a document and its extraction for [`Store::ingest_prepared`].
    ///
    /// An empty `doc.id` becomes `doc-` and the first 16 hex digits of the text's SHA-256
    /// (unless the store holds the same text under another id, see [`Store::ingest`]).
    ///
    /// # Errors
    /// [`Error::InvalidId`](crate::Error::InvalidId) for an invalid document, entity or
    /// relation id; [`Error::Encode`](crate::Error::Encode) if the record cannot be encoded.
    pub fn new(mut doc: Document, extraction: &Extraction) -> Result<Self> {
        let id_given = !doc.id.is_empty();
        if id_given {
            validate_id("document id", &doc.id)?;
        }
        validate_extraction(extraction)?;
        doc.hash = text_hash(&doc.text);
        if !id_given {
            doc.id = format!("doc-{}", &doc.hash[..16]);
        }
        let (record, entities, candidates) = build_record(&doc, extraction);
        let relations = record
            .relation_groups()
            .into_iter()
            .map(|(triple, pieces)| {
                let pieces = pieces
                    .into_iter()
                    .map(|r| Piece {
                        modality: r.modality,
                        role: r.role.clone(),
                        date: r.date_or(doc.published),
                    })
                    .collect();
                (triple, pieces)
            })
            .collect();
        let candidates = candidates
            .into_iter()
            .map(|(key, value)| Ok((key, encode(TreeId::Candidates, &value)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            id_given,
            hash: doc.hash,
            published: doc.published,
            mentions: record.mentions.len(),
            pieces: record.relations.len(),
            relations,
            record: encode(TreeId::Documents, &record)?,
            id: doc.id,
            entities,
            candidates,
        })
    }

    /// The document's id (made from its text when it was given none).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The relations the document states, as `(subject, predicate, object)` with a symmetric
    /// predicate's smaller id first.
    pub fn relation_keys(&self) -> impl Iterator<Item = (&str, Predicate, &str)> {
        self.relations
            .iter()
            .map(|(t, _)| (t.subject.as_str(), t.predicate, t.object.as_str()))
    }
}

/// Plans a batch's ingest, each document seeing the ones before it.
fn plan_batch(staging: &mut Staging<'_>, items: Vec<Prepared>) -> Result<Vec<IngestOutcome>> {
    items
        .into_iter()
        .map(|item| plan_ingest(staging, item, false))
        .collect()
}

/// Plans one prepared document's ingest (see [`Store::ingest`]); `force` replaces it even
/// when its text is unchanged.
fn plan_ingest(staging: &mut Staging<'_>, item: Prepared, force: bool) -> Result<IngestOutcome> {
    if !item.id_given {
        let prefix = prefix_of(item.hash.as_bytes());
        if let Some((key, _)) = staging
            .scan_prefix(TreeId::ByHash, &prefix)?
            .into_iter()
            .next()
        {
            let id = String::from_utf8_lossy(&key[prefix.len()..]).into_owned();
            return Ok(IngestOutcome::Unchanged { id });
        }
    }
    let old = staging.get(TreeId::Documents, item.id.as_bytes())?;
    let replaced = match old {
        Some(bytes) => {
            let old = decode_prefix::<DocHash>(TreeId::Documents, item.id.as_bytes(), &bytes)?;
            if old.hash == item.hash && !force {
                return Ok(IngestOutcome::Unchanged { id: item.id });
            }
            plan_remove(staging, &item.id)?;
            true
        }
        None => false,
    };
    let (id, mentions, relations) = (item.id.clone(), item.mentions, item.pieces);
    plan_add(staging, item)?;
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

/// A document's record, with each linked entity (its mention count and facts) and its
/// candidate entries.
#[allow(clippy::type_complexity)]
fn build_record(
    doc: &Document,
    extraction: &Extraction,
) -> (
    DocRecord,
    Vec<(String, u64, EntityFacts)>,
    Vec<(Vec<u8>, CandidateRecord)>,
) {
    let id = doc.id.as_str();
    let chars = Chars::new(&doc.text);
    let mut record = DocRecord {
        id: id.to_owned(),
        hash: doc.hash.clone(),
        title: doc.title.clone(),
        text: doc.text.clone(),
        published: doc.published,
        relations: Vec::new(),
        source: doc.source.clone(),
        url: doc.url.clone(),
        sentences: extraction.sentences.clone(),
        mentions: Vec::with_capacity(extraction.mentions.len()),
    };

    let mut candidates = Vec::new();
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
            candidates.push((key, candidate));
        }
    }
    let entities = record
        .entity_counts()
        .into_iter()
        .map(|(entity_id, count)| {
            let first = first_mention[entity_id];
            let entity = extraction
                .entities
                .iter()
                .find(|e| e.id == entity_id)
                .cloned()
                .unwrap_or_else(|| Entity::new(entity_id, &first.kind, first.text.clone()));
            (entity_id.to_owned(), count, EntityFacts::from(&entity))
        })
        .collect();

    let mut seen = BTreeSet::new();
    for r in &extraction.relations {
        let triple = Triple::new(&r.subject, r.predicate, &r.object);
        if seen.insert((triple, r.sentence, r.evidence.start)) {
            record.relations.push(RelationRecord::new(r, &chars));
        }
    }
    (record, entities, candidates)
}

/// Plans a prepared document's writes.
fn plan_add(staging: &mut Staging<'_>, item: Prepared) -> Result<()> {
    let id = item.id.as_str();
    for (key, value) in item.candidates {
        staging.put(TreeId::Candidates, key, value);
    }
    for (entity_id, count, facts) in item.entities {
        let key = entity_id.into_bytes();
        let entity_record = match staging.get_record::<EntityRecord>(TreeId::Entities, &key)? {
            Some(mut existing) => {
                existing.mentions += count;
                existing.documents += 1;
                existing
            }
            None => {
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
        staging.put_record(TreeId::Entities, key, &entity_record)?;
    }
    for (triple, pieces) in &item.relations {
        add_to_aggregate(staging, triple, id, pieces)?;
    }
    staging.put(
        TreeId::ByHash,
        join(&[item.hash.as_bytes(), id.as_bytes()]),
        Vec::new(),
    );
    if let Some(date) = item.published {
        staging.put(TreeId::ByDate, date_key(date, id), Vec::new());
    }
    staging.put(TreeId::Documents, id.as_bytes().to_vec(), item.record);
    staging.count(Counter::Documents, 1)?;
    staging.count(Counter::Mentions, item.mentions as i64)?;
    staging.count(Counter::Evidence, item.pieces as i64)?;
    Ok(())
}

pub(crate) fn date_key(date: NaiveDate, doc: &str) -> Vec<u8> {
    let mut key = date_bytes(date).to_vec();
    key.extend_from_slice(doc.as_bytes());
    key
}

/// Adds one document's pieces of evidence of a relation to its aggregate.
fn add_to_aggregate(
    staging: &mut Staging<'_>,
    triple: &Triple,
    doc: &str,
    pieces: &[Piece],
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
    for p in pieces {
        agg.support += 1;
        *agg.modalities.entry(p.modality).or_insert(0) += 1;
        if let Some(role) = &p.role {
            *agg.roles.entry(role.clone()).or_insert(0) += 1;
        }
        if let Some(date) = p.date {
            widen(&mut agg.first_date, &mut agg.last_date, date);
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
) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    let (mut first, mut last) = (None, None);
    for doc in docs {
        let Some(bytes) = staging.get(TreeId::Documents, doc.as_bytes())? else {
            continue;
        };
        let record = decode_prefix::<DocEvidence>(TreeId::Documents, doc.as_bytes(), &bytes)?;
        for r in record.relations.iter().filter(|r| r.triple_is(triple)) {
            if let Some(date) = r.date_or(record.published) {
                widen(&mut first, &mut last, date);
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
