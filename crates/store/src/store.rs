//! The [`Store`] handle: opening, the format version, single-record reads and curation.

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use newsgraph_model::{Entity, EntityType};

use crate::backend::{KvStore, TreeId, WriteBatch};
use crate::keys::{self, fold, join, validate_id};
use crate::records::{decode, Chars, DocRecord, EntityFacts, EntityRecord};
use crate::sled_backend::SledBackend;
use crate::staging::{Counter, Staging};
use crate::types::{StoredDocument, StoredEntity};
use crate::{Error, Result};

/// The on-disk format this build reads and writes. Bump it when a key layout or a record in
/// `records.rs` changes.
pub(crate) const FORMAT_VERSION: u32 = 5;
pub(crate) const META_FORMAT_VERSION: &[u8] = b"format_version";

/// A newsgraph store. Cheap to clone; clones share one database. Reads never wait for writes;
/// writes (ingest, delete, curation) are serialised, each committed in one transaction.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    kv: Box<dyn KvStore>,
    /// Held while a write is planned and committed: planning reads, then writes, and must not
    /// interleave with another writer. It holds the batch a [`Store::submit`] left being
    /// written, which the next submission plans over and every other writer waits for.
    writer: Mutex<Writing>,
}

/// The batch being written after [`Store::submit`], if any.
#[derive(Default)]
pub(crate) struct Writing(pub(crate) Option<InFlight>);

/// A batch planned and being written by its submitter, and whether that is done.
pub(crate) struct InFlight {
    pub(crate) writes: Arc<WriteBatch>,
    pub(crate) done: Arc<Done>,
}

/// Whether a batch written on another thread is committed and flushed yet, or failed.
#[derive(Default)]
pub(crate) struct Done {
    result: Mutex<Option<std::result::Result<(), String>>>,
    changed: Condvar,
}

impl Done {
    pub(crate) fn set(&self, result: std::result::Result<(), String>) {
        let mut slot = self.result.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_none() {
            *slot = Some(result);
        }
        self.changed.notify_all();
    }

    /// Waits for the outcome.
    pub(crate) fn wait(&self) -> Result<()> {
        let mut slot = self.result.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            match &*slot {
                Some(Ok(())) => return Ok(()),
                Some(Err(reason)) => {
                    return Err(Error::Backend {
                        operation: "write the batch before this one",
                        source: reason.clone().into(),
                    })
                }
                None => slot = self.changed.wait(slot).unwrap_or_else(|e| e.into_inner()),
            }
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the store in `dir`, creating it if missing.
    ///
    /// # Errors
    /// [`Error::FormatVersion`] when the directory holds another on-disk format;
    /// [`Error::Backend`] when the database cannot be opened (for example, another process
    /// holds it).
    pub fn open(dir: &Path) -> Result<Store> {
        let kv = SledBackend::open(dir)?;
        Self::with_backend(Box::new(kv), dir)
    }

    /// A store in a temporary location, removed when the last clone is dropped.
    ///
    /// # Errors
    /// [`Error::Backend`] when the database cannot be created.
    pub fn open_temporary() -> Result<Store> {
        let kv = SledBackend::temporary()?;
        Self::with_backend(Box::new(kv), Path::new("(temporary)"))
    }

    pub(crate) fn with_backend(kv: Box<dyn KvStore>, dir: &Path) -> Result<Store> {
        match kv.get(TreeId::Meta, META_FORMAT_VERSION)? {
            Some(bytes) => {
                let found = <[u8; 4]>::try_from(bytes.as_slice())
                    .map(u32::from_be_bytes)
                    .map_err(|_| Error::Corrupt {
                        tree: TreeId::Meta.name(),
                        key: keys::display_key(META_FORMAT_VERSION),
                        reason: format!("expected 4 bytes, found {}", bytes.len()),
                    })?;
                if found != FORMAT_VERSION {
                    return Err(Error::FormatVersion {
                        path: dir.to_path_buf(),
                        found,
                        supported: FORMAT_VERSION,
                    });
                }
            }
            None => {
                let mut batch = WriteBatch::new();
                batch.insert(
                    (TreeId::Meta, META_FORMAT_VERSION.to_vec()),
                    Some(FORMAT_VERSION.to_be_bytes().to_vec()),
                );
                kv.apply(&batch)?;
                kv.flush()?;
            }
        }
        Ok(Store {
            inner: Arc::new(Inner {
                kv,
                writer: Mutex::new(Writing::default()),
            }),
        })
    }

    pub(crate) fn kv(&self) -> &dyn KvStore {
        self.inner.kv.as_ref()
    }

    /// The writer lock, once the batch a [`Store::submit`] left being written, if any, is
    /// written: what is read under it is committed.
    pub(crate) fn lock_writer(&self) -> MutexGuard<'_, Writing> {
        let mut writing = self.lock_submitting();
        if let Some(batch) = writing.0.take() {
            // Its submitter reports how it went.
            let _ = batch.done.wait();
        }
        writing
    }

    /// The writer lock as it is: a batch may still be being written.
    pub(crate) fn lock_submitting(&self) -> MutexGuard<'_, Writing> {
        // A panic while planning leaves nothing committed, so a poisoned lock is still sound.
        self.inner
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits until no submitted batch is being written, so that reads see every write
    /// submitted so far (or its failure).
    pub fn settle(&self) {
        drop(self.lock_writer());
    }

    /// Makes every committed write durable.
    ///
    /// # Errors
    /// [`Error::Backend`] when the engine cannot write to disk.
    pub fn flush(&self) -> Result<()> {
        self.kv().flush()
    }

    pub(crate) fn get_record<T: serde::de::DeserializeOwned>(
        &self,
        tree: TreeId,
        key: &[u8],
    ) -> Result<Option<T>> {
        self.get_decoded(tree, key, decode)
    }

    /// The leading fields of a record (see [`crate::records::decode_prefix`]).
    pub(crate) fn get_prefix<T: serde::de::DeserializeOwned>(
        &self,
        tree: TreeId,
        key: &[u8],
    ) -> Result<Option<T>> {
        self.get_decoded(tree, key, crate::records::decode_prefix)
    }

    fn get_decoded<T>(
        &self,
        tree: TreeId,
        key: &[u8],
        decoder: fn(TreeId, &[u8], &[u8]) -> Result<T>,
    ) -> Result<Option<T>> {
        self.kv()
            .get(tree, key)?
            .map(|bytes| decoder(tree, key, &bytes))
            .transpose()
    }

    /// A document with its mentions, relations and sentences.
    ///
    /// # Errors
    /// [`Error::Backend`] or [`Error::Corrupt`] when the store cannot be read.
    pub fn document(&self, id: &str) -> Result<Option<StoredDocument>> {
        let Some(record) = self.get_record::<DocRecord>(TreeId::Documents, id.as_bytes())? else {
            return Ok(None);
        };
        let document = record.document();
        let text = Chars::new(&document.text);
        let mut mentions: Vec<_> = record
            .mentions
            .into_iter()
            .map(|m| m.mention(&text))
            .collect();
        mentions.sort_by_key(|m| m.start);
        let relations = record
            .relations
            .into_iter()
            .map(|r| r.relation(&text))
            .collect();
        Ok(Some(StoredDocument {
            mentions,
            relations,
            sentences: record.sentences,
            document,
        }))
    }

    /// Every document id, in order.
    ///
    /// # Errors
    /// [`Error::Backend`] when the store cannot be read.
    pub fn document_ids(&self) -> Result<Vec<String>> {
        let mut ids = Vec::new();
        for entry in self.kv().scan(TreeId::Documents, b"", b"") {
            let (k, _) = entry?;
            ids.push(String::from_utf8_lossy(&k).into_owned());
        }
        Ok(ids)
    }

    /// An entity with its counts.
    ///
    /// # Errors
    /// [`Error::Backend`] or [`Error::Corrupt`] when the store cannot be read.
    pub fn entity(&self, id: &str) -> Result<Option<StoredEntity>> {
        Ok(self
            .get_record::<EntityRecord>(TreeId::Entities, id.as_bytes())?
            .map(EntityRecord::into_stored))
    }

    /// Adds an entity or replaces a stored entity's facts (its counts stay). Entities put here
    /// are kept when no document mentions them.
    ///
    /// # Errors
    /// [`Error::InvalidId`] for an invalid id or type name; [`Error::Backend`] when the write
    /// fails.
    pub fn put_entity(&self, entity: Entity) -> Result<()> {
        validate_id("entity id", &entity.id)?;
        if !EntityType::is_valid(entity.kind.as_str()) {
            return Err(Error::InvalidId {
                field: "entity type",
                id: entity.kind.0.chars().take(80).collect(),
                reason: "must be one lowercase ASCII word",
            });
        }
        let _writer = self.lock_writer();
        let mut staging = Staging::new(self.kv());
        let key = entity.id.as_bytes().to_vec();
        let facts = EntityFacts::from(&entity);
        let record = match staging.get_record::<EntityRecord>(TreeId::Entities, &key)? {
            Some(old) => {
                remove_entity_index(&mut staging, &old.facts);
                EntityRecord {
                    facts,
                    user_added: true,
                    ..old
                }
            }
            None => {
                staging.count(Counter::Entities, 1)?;
                EntityRecord {
                    facts,
                    mentions: 0,
                    documents: 0,
                    user_added: true,
                }
            }
        };
        put_entity_index(&mut staging, &record.facts);
        staging.put_record(TreeId::Entities, key, &record)?;
        staging.commit()?;
        self.flush()
    }
}

impl EntityRecord {
    pub(crate) fn into_stored(self) -> StoredEntity {
        StoredEntity {
            entity: self.facts.into(),
            mentions: self.mentions,
            documents: self.documents,
        }
    }
}

/// The `entity_names` and `entity_kinds` keys of an entity: each searchable name folded,
/// from its start and from the start of each of its words.
pub(crate) fn entity_index_keys(facts: &EntityFacts) -> Vec<(TreeId, Vec<u8>)> {
    let mut names = std::collections::BTreeSet::new();
    for name in facts.search_names() {
        let folded = fold(name);
        let mut word_start = true;
        for (i, c) in folded.char_indices() {
            let is_word = c.is_alphanumeric();
            if is_word && word_start {
                names.insert(folded[i..].to_owned());
            }
            word_start = !is_word;
        }
    }
    let id = facts.id.as_bytes();
    let mut out: Vec<_> = names
        .iter()
        .map(|n| (TreeId::EntityNames, join(&[n.as_bytes(), id])))
        .collect();
    out.push((TreeId::EntityKinds, join(&[facts.kind.as_bytes(), id])));
    out
}

pub(crate) fn put_entity_index(staging: &mut Staging<'_>, facts: &EntityFacts) {
    for (tree, key) in entity_index_keys(facts) {
        staging.put(tree, key, Vec::new());
    }
}

pub(crate) fn remove_entity_index(staging: &mut Staging<'_>, facts: &EntityFacts) {
    for (tree, key) in entity_index_keys(facts) {
        staging.remove(tree, key);
    }
}
