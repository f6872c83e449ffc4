//! newsgraph's document pipeline in one place: a document is tagged (entities and relations),
//! stored in one transaction, and the in-memory graph is brought up to date, for the command
//! line and the HTTP server alike.
//!
//! ```
//! use newsgraph_engine::{Engine, Knowledge};
//! use newsgraph_model::Document;
//! let dir = tempfile::tempdir().unwrap();
//! let gaz = dir.path().join("people.gaz");
//! std::fs::write(&gaz, concat!(
//!     r#"{"id": "joe-biden", "type": "person", "name": "Joe Biden"}"#, "\n",
//!     r#"{"id": "vladimir-putin", "type": "person", "name": "Vladimir Putin"}"#, "\n",
//! )).unwrap();
//! let knowledge = Knowledge { gazetteers: vec![gaz], no_default_gazetteers: true, rules: vec![] };
//! let engine = Engine::open(&dir.path().join("data"), knowledge).unwrap();
//! let doc = Document { id: "d1".into(), title: String::new(), text: "Joe Biden met Vladimir Putin.".into(),
//!     published: None, source: None, url: None, hash: String::new() };
//! engine.ingest(doc).unwrap();
//! let graph = engine.graph();
//! let met = graph.meetings(Some("joe-biden"), None, None).unwrap();
//! assert_eq!(met.len(), 1);
//! ```

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard};

use newsgraph_extract::{Extractor, Rules};
use newsgraph_gazetteer::{normalize::fold_str, GazetteerBuilder};
use newsgraph_graph::{KnowledgeGraph, NodeInfo};
use newsgraph_model::{Document, Entity, Extraction, Predicate};
use newsgraph_store::{BulkIngest, IngestOutcome, Prepared, Store};
use rayon::prelude::*;

/// What can go wrong in the pipeline.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error(transparent)]
    Gazetteer(#[from] newsgraph_gazetteer::Error),
    #[error(transparent)]
    Store(#[from] newsgraph_store::Error),
    #[error(transparent)]
    Graph(#[from] newsgraph_graph::Error),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("entity {0:?} already exists")]
    EntityExists(String),
    #[error("document text is empty")]
    EmptyText,
    /// The extractor failed on a document (a bug in a rule, caught so that it costs only
    /// this document).
    #[error("tagging failed on {0}; please report it with the text")]
    ExtractionFailed(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where names and rules come from.
#[derive(Debug, Clone, Default)]
pub struct Knowledge {
    /// Gazetteer files or directories added to the defaults.
    pub gazetteers: Vec<PathBuf>,
    pub no_default_gazetteers: bool,
    /// Rule files or directories added to the defaults.
    pub rules: Vec<PathBuf>,
}

impl Knowledge {
    /// Loads the gazetteers and rules (plus `extra` gazetteer files) and compiles the extractor.
    ///
    /// # Errors
    /// The first bad gazetteer or rule line, with its file and line.
    pub fn extractor(&self, extra: &[PathBuf]) -> Result<Extractor> {
        let mut builder = GazetteerBuilder::new().defaults(!self.no_default_gazetteers);
        for p in self.gazetteers.iter().chain(extra) {
            builder = builder.path(p)?;
        }
        let gaz = builder.build()?;
        let paths: Vec<&Path> = self.rules.iter().map(PathBuf::as_path).collect();
        let rules = Rules::load(&paths)?;
        Ok(Extractor::new(gaz, rules))
    }
}

/// What `reindex` did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ReindexReport {
    pub documents: usize,
    pub changed: usize,
}

/// The store, the extractor and the graph, kept consistent.
pub struct Engine {
    store: Store,
    knowledge: Knowledge,
    user_gazetteer: PathBuf,
    /// Built on first use (queries never need it), replaced when a user entity is added.
    extractor: RwLock<Option<Arc<Extractor>>>,
    graph: RwLock<KnowledgeGraph>,
    /// Whether `graph` holds the store's relations yet: built at open for the server, on
    /// first use for commands that may never need it.
    graph_built: AtomicBool,
    /// Serialises writers: each plans its write after the one before, so what it replaces
    /// reads as stored (a submitted batch is written after the lock is let go).
    writer: Mutex<()>,
    /// Held while the graph re-reads relations from the store and takes them in, so that of
    /// two refreshes the later one leaves the newer aggregates.
    refreshing: Mutex<()>,
}

impl Engine {
    /// Opens (or creates) the data directory and builds the graph from the stored relations.
    /// Entities added through [`Engine::add_entity`] live in `DIR/gazetteer/user.gaz`.
    ///
    /// # Errors
    /// A bad gazetteer or rule file, or a store that cannot be opened.
    pub fn open(dir: &Path, knowledge: Knowledge) -> Result<Engine> {
        let engine = Self::open_lazily(dir, knowledge)?;
        engine.extractor()?;
        engine.rebuild_graph()?;
        Ok(engine)
    }

    /// Like [`Engine::open`], but the gazetteers and rules are loaded only when a document is
    /// first tagged, and the graph only when it is first read: for commands that may need
    /// neither.
    ///
    /// # Errors
    /// A store that cannot be opened.
    pub fn open_lazily(dir: &Path, knowledge: Knowledge) -> Result<Engine> {
        let store = Store::open(&dir.join("store"))?;
        Self::with_store_lazily(store, dir, knowledge)
    }

    /// An engine over a given store; `dir` holds the user gazetteer.
    ///
    /// # Errors
    /// As [`Engine::open`].
    pub fn with_store(store: Store, dir: &Path, knowledge: Knowledge) -> Result<Engine> {
        let engine = Self::with_store_lazily(store, dir, knowledge)?;
        engine.extractor()?;
        engine.rebuild_graph()?;
        Ok(engine)
    }

    fn with_store_lazily(store: Store, dir: &Path, knowledge: Knowledge) -> Result<Engine> {
        let engine = Engine {
            graph: RwLock::new(KnowledgeGraph::new()),
            graph_built: AtomicBool::new(false),
            store,
            knowledge,
            user_gazetteer: dir.join("gazetteer").join("user.gaz"),
            extractor: RwLock::new(None),
            writer: Mutex::new(()),
            refreshing: Mutex::new(()),
        };
        Ok(engine)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The current extractor, built on first use (replaced when a user entity is added).
    ///
    /// # Errors
    /// A bad gazetteer or rule file, with its file and line.
    pub fn extractor(&self) -> Result<Arc<Extractor>> {
        if let Some(x) = self
            .extractor
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            return Ok(x.clone());
        }
        let mut slot = self.extractor.write().unwrap_or_else(|e| e.into_inner());
        if let Some(x) = slot.as_ref() {
            return Ok(x.clone());
        }
        let extra: Vec<PathBuf> = self
            .user_gazetteer
            .exists()
            .then(|| self.user_gazetteer.clone())
            .into_iter()
            .collect();
        let x = Arc::new(self.knowledge.extractor(&extra)?);
        *slot = Some(x.clone());
        Ok(x)
    }

    /// A read view of the graph; it never shows half a document. Built from the store on
    /// first use when the engine was opened lazily (should the store fail to read then, the
    /// view is empty and the next call tries again).
    pub fn graph(&self) -> RwLockReadGuard<'_, KnowledgeGraph> {
        if !self.graph_built.load(Ordering::Acquire) {
            let _w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
            if !self.graph_built.load(Ordering::Acquire) {
                let _ = self.rebuild_graph();
            }
        }
        self.graph.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The writer lock, once a batch [`Engine::store_batch`] left being written is written:
    /// what the store says of a document is then what the write replaces or deletes.
    fn lock_writer(&self) -> MutexGuard<'_, ()> {
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        self.store.settle();
        writer
    }

    fn node(&self, id: &str) -> Option<NodeInfo> {
        if let Ok(Some(e)) = self.store.entity(id) {
            return Some(NodeInfo::from(&e.entity));
        }
        let x = self
            .extractor
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()?;
        x.gazetteer().get(id).map(NodeInfo::from)
    }

    /// Rebuilds the whole graph from the store.
    ///
    /// # Errors
    /// A store read failure.
    pub fn rebuild_graph(&self) -> Result<()> {
        // A batch still being written is read whole.
        self.store.settle();
        let rels = self.store.all_relations()?;
        let g = KnowledgeGraph::from_relations(rels, |id| self.node(id));
        *self.graph.write().unwrap_or_else(|e| e.into_inner()) = g;
        self.graph_built.store(true, Ordering::Release);
        Ok(())
    }

    /// Tags a text without storing anything.
    ///
    /// # Errors
    /// A bad gazetteer or rule file, when this is the first use of the extractor.
    pub fn tag(&self, text: &str, published: Option<chrono::NaiveDate>) -> Result<Extraction> {
        extract_guarded(&*self.extractor()?, text, published, || "this text".into())
    }

    /// Tags, stores and links one document; flushed when this returns.
    ///
    /// # Errors
    /// Empty text, an invalid id, or a storage failure.
    pub fn ingest(&self, doc: Document) -> Result<IngestOutcome> {
        if doc.text.trim().is_empty() {
            return Err(Error::EmptyText);
        }
        let x = self.extract(&doc)?;
        let _w = self.lock_writer();
        let old = self.keys_of(&doc.id)?;
        let outcome = self.store.ingest(doc, &x)?;
        if !matches!(outcome, IngestOutcome::Unchanged { .. }) {
            self.refresh(old.into_iter().chain(keys(&x)))?;
        }
        Ok(outcome)
    }

    /// Tags many documents on all cores, stores them in one transaction and updates the
    /// graph once: [`Engine::extract_batch`] then [`Engine::store_batch`].
    ///
    /// # Errors
    /// An empty text or an invalid id in the batch (nothing is written), a document the
    /// extractor fails on, or a storage failure.
    pub fn ingest_batch(&self, docs: Vec<Document>) -> Result<Vec<IngestOutcome>> {
        let batch = self.extract_batch(docs)?;
        self.store_batch(batch)
    }

    /// Tags many documents on all cores and prepares them for the store (hashes, records:
    /// [`newsgraph_store::Prepared`]) without storing them, so that a caller can tag the next
    /// batch while this one is stored.
    ///
    /// # Errors
    /// An empty text, an invalid id, a document the extractor fails on, or a bad gazetteer or
    /// rule file when this is the first use of the extractor.
    pub fn extract_batch(&self, docs: Vec<Document>) -> Result<Extracted> {
        if docs.iter().any(|d| d.text.trim().is_empty()) {
            return Err(Error::EmptyText);
        }
        let extractor = self.extractor()?;
        let items = docs
            .into_par_iter()
            .map(|d| {
                let x = extract_guarded(&extractor, &d.text, d.published, || {
                    format!("document {:?}", d.id)
                })?;
                Ok(Prepared::new(d, &x)?)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Extracted(items))
    }

    /// Stores tagged documents in one transaction (one flush) and updates the graph once.
    /// Batches stored from several threads at once are pipelined ([`Store::submit`]): one is
    /// planned while the one before is written.
    ///
    /// # Errors
    /// A storage failure (nothing is written), or the failure of the batch written before
    /// this one (this one was planned over it, so it is not written either).
    pub fn store_batch(&self, batch: Extracted) -> Result<Vec<IngestOutcome>> {
        let items = batch.0;
        let ids: Vec<String> = items.iter().map(|p| p.id().to_owned()).collect();
        let mut touched: BTreeSet<(String, Predicate, String)> = BTreeSet::new();
        let submitted = {
            let _w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
            // Under the lock: a graph built meanwhile would not hold this batch.
            let graph_built = self.graph_built.load(Ordering::Acquire);
            if graph_built {
                stated_keys(&items, &mut touched);
            }
            let submitted = self.store.submit(items)?;
            // The batch before is written and this one is not yet: the documents this one
            // replaces read as stored, and no other writer comes in before the lock is let go.
            if graph_built {
                for id in &ids {
                    touched.extend(self.keys_of(id)?);
                }
            }
            submitted
        };
        let outcomes = submitted.write()?;
        self.refresh(touched)?;
        Ok(outcomes)
    }

    /// Starts storing tagged batches in a pipeline, for bulk loads: each batch is planned
    /// while the one before it is written (see [`newsgraph_store::BulkIngest`]). Holds the
    /// writer lock until finished; the graph, if built, is updated at the end.
    pub fn bulk_store(&self) -> BulkStore<'_> {
        let writer = self.lock_writer();
        BulkStore {
            engine: self,
            bulk: self.store.bulk_ingest(),
            touched: BTreeSet::new(),
            _writer: writer,
        }
    }

    fn extract(&self, doc: &Document) -> Result<Extraction> {
        extract_guarded(&*self.extractor()?, &doc.text, doc.published, || {
            format!("document {:?}", doc.id)
        })
    }

    /// Deletes a document and its contributions. Returns whether it was there.
    ///
    /// # Errors
    /// A storage failure.
    pub fn delete(&self, id: &str) -> Result<bool> {
        let _w = self.lock_writer();
        let old = self.keys_of(id)?;
        let gone = self.store.delete(id)?;
        if gone {
            self.store.flush()?;
            self.refresh(old)?;
        }
        Ok(gone)
    }

    /// Re-tags every stored document with the current gazetteers and rules; each document's
    /// new extraction replaces its old one atomically.
    ///
    /// # Errors
    /// A storage failure.
    pub fn reindex(&self) -> Result<ReindexReport> {
        let ids = self.store.document_ids()?;
        self.reindex_ids(&ids)
    }

    fn reindex_ids(&self, ids: &[String]) -> Result<ReindexReport> {
        let mut report = ReindexReport::default();
        for id in ids {
            let Some(stored) = self.store.document(id)? else {
                continue;
            };
            report.documents += 1;
            let x = self.extract(&stored.document)?;
            if x.mentions == stored.mentions && x.relations == stored.relations {
                continue;
            }
            let _w = self.lock_writer();
            // A write since it was read (a new text, a delete) stored what is current: the
            // old text's extraction must not replace it.
            let now = self.store.document(id)?;
            if now.is_none_or(|now| now.document.hash != stored.document.hash) {
                continue;
            }
            let old = keys_of_relations(&stored.relations);
            self.store.replace(stored.document, &x)?;
            self.refresh(old.into_iter().chain(keys(&x)))?;
            report.changed += 1;
        }
        Ok(report)
    }

    /// Adds an entity to the user gazetteer in the data directory, recompiles the extractor
    /// and re-tags the stored documents whose text names it. Returns how many changed.
    ///
    /// # Errors
    /// An invalid entry (with its line in the user gazetteer), an id that exists already, or
    /// a write failure.
    pub fn add_entity(&self, entity: Entity) -> Result<ReindexReport> {
        if self.extractor()?.gazetteer().get(&entity.id).is_some() {
            return Err(Error::EntityExists(entity.id));
        }
        let line = serde_json::to_string(&entity).unwrap_or_default();
        let io = |source| Error::Io {
            path: self.user_gazetteer.clone(),
            source,
        };
        let mut text = std::fs::read_to_string(&self.user_gazetteer).unwrap_or_default();
        text.push_str(&line);
        text.push('\n');
        // Validate the whole user file with the new line before writing it.
        let tmp = self.user_gazetteer.with_file_name("user.new.gaz");
        if let Some(parent) = tmp.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&tmp, &text).map_err(io)?;
        let extractor = match self.knowledge.extractor(std::slice::from_ref(&tmp)) {
            Ok(x) => x,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        };
        std::fs::rename(&tmp, &self.user_gazetteer).map_err(io)?;
        *self.extractor.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(extractor));
        // Re-tag only the documents whose text holds one of its names.
        let names: Vec<String> = std::iter::once(&entity.name)
            .chain(&entity.aliases)
            .chain(&entity.acronyms)
            .chain(&entity.demonyms)
            .map(|n| fold_str(n, true))
            .filter(|n| !n.is_empty())
            .collect();
        let mut ids = Vec::new();
        for id in self.store.document_ids()? {
            if let Some(d) = self.store.document(&id)? {
                let folded = fold_str(&d.document.text, true);
                if names.iter().any(|n| folded.contains(n.as_str())) {
                    ids.push(id);
                }
            }
        }
        self.reindex_ids(&ids)
    }

    /// Adds the relation keys a batch may change (those its documents had, those they state)
    /// to `touched`, when there is a graph to update.
    fn touched_by(
        &self,
        items: &[Prepared],
        touched: &mut BTreeSet<(String, Predicate, String)>,
    ) -> Result<()> {
        if !self.graph_built.load(Ordering::Acquire) {
            return Ok(());
        }
        for p in items {
            touched.extend(self.keys_of(p.id())?);
        }
        stated_keys(items, touched);
        Ok(())
    }

    /// The relation keys a stored document contributed.
    fn keys_of(&self, id: &str) -> Result<Vec<(String, Predicate, String)>> {
        if id.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .store
            .document(id)?
            .map(|d| keys_of_relations(&d.relations))
            .unwrap_or_default())
    }

    /// Re-reads the aggregates of these keys from the store into the graph, under one write
    /// lock so readers see all of them change at once.
    fn refresh(&self, keys: impl IntoIterator<Item = (String, Predicate, String)>) -> Result<()> {
        if !self.graph_built.load(Ordering::Acquire) {
            // No graph yet: it will be built from the store, these keys included.
            return Ok(());
        }
        let keys: BTreeSet<_> = keys.into_iter().collect();
        let _refreshing = self.refreshing.lock().unwrap_or_else(|e| e.into_inner());
        let mut fresh = Vec::with_capacity(keys.len());
        for (s, p, o) in &keys {
            let agg = self.store.relation(s, *p, o)?;
            fresh.push(((s.clone(), *p, o.clone()), agg));
        }
        let mut g = self.graph.write().unwrap_or_else(|e| e.into_inner());
        for ((s, p, o), agg) in fresh {
            g.upsert((&s, p, &o), agg, |id| self.node(id));
        }
        Ok(())
    }
}

/// Tagged batches stored in a pipeline: see [`Engine::bulk_store`].
pub struct BulkStore<'a> {
    engine: &'a Engine,
    bulk: BulkIngest<'a>,
    touched: BTreeSet<(String, Predicate, String)>,
    _writer: MutexGuard<'a, ()>,
}

impl BulkStore<'_> {
    /// Plans a tagged batch over the ones before it and starts writing it. The outcomes are
    /// durable once a later `store` or [`BulkStore::finish`] returns `Ok`.
    ///
    /// # Errors
    /// The failure of the batch before (this one is then not written) or a read failing.
    pub fn store(&mut self, batch: Extracted) -> Result<Vec<IngestOutcome>> {
        // A document replaced twice within this load: its keys of the first time were taken
        // when that batch was stored.
        self.engine.touched_by(&batch.0, &mut self.touched)?;
        Ok(self.bulk.submit(batch.0)?)
    }

    /// Waits for the last batch to be written and updates the graph.
    ///
    /// # Errors
    /// The failure of the last batch, or of reading what the graph needs.
    pub fn finish(self) -> Result<()> {
        let written = self.bulk.finish();
        // Whatever was written, the graph follows the store.
        self.engine.refresh(self.touched)?;
        Ok(written?)
    }
}

/// Documents tagged by [`Engine::extract_batch`], ready for [`Engine::store_batch`].
#[derive(Debug)]
pub struct Extracted(Vec<Prepared>);

/// Extracts one text; a panic in the extractor becomes this text's error (`what` names it)
/// instead of ending the process, and the batch, it runs in.
fn extract_guarded(
    extractor: &Extractor,
    text: &str,
    published: Option<chrono::NaiveDate>,
    what: impl FnOnce() -> String,
) -> Result<Extraction> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extractor.extract(text, published)
    }))
    .map_err(|_| Error::ExtractionFailed(what()))
}

/// The relation keys the documents of a batch state.
fn stated_keys(items: &[Prepared], touched: &mut BTreeSet<(String, Predicate, String)>) {
    touched.extend(items.iter().flat_map(|p| {
        p.relation_keys()
            .map(|(s, pred, o)| (s.to_owned(), pred, o.to_owned()))
    }));
}

fn keys_of_relations(rels: &[newsgraph_model::Relation]) -> Vec<(String, Predicate, String)> {
    rels.iter()
        .map(|r| canonical(&r.subject, r.predicate, &r.object))
        .collect()
}

fn keys(x: &Extraction) -> Vec<(String, Predicate, String)> {
    keys_of_relations(&x.relations)
}

/// Symmetric relations are keyed with the smaller id first, as the store keeps them.
fn canonical(s: &str, p: Predicate, o: &str) -> (String, Predicate, String) {
    if p.is_symmetric() && o < s {
        (o.to_string(), p, s.to_string())
    } else {
        (s.to_string(), p, o.to_string())
    }
}
