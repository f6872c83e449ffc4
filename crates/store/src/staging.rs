//! Writes planned for one transaction, read back through an overlay on the committed data so
//! that planning sees its own earlier writes (two relations of one document on one aggregate;
//! a replacement's removal before its addition).

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;

use newsgraph_model::Predicate;

use crate::backend::{KvStore, TreeId, WriteBatch};
use crate::records::{decode, encode};
use crate::Result;

/// What the store counts as it writes, so that its sizes are read rather than counted by a
/// scan: documents, mentions, entities, pieces of evidence, and relations per predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counter {
    Documents,
    Mentions,
    Entities,
    Evidence,
    Relations(Predicate),
}

impl Counter {
    /// `count ‖ 0 ‖ name` in the `meta` tree.
    pub(crate) fn key(self) -> Vec<u8> {
        let name = match self {
            Counter::Documents => "documents",
            Counter::Mentions => "mentions",
            Counter::Entities => "entities",
            Counter::Evidence => "evidence",
            Counter::Relations(p) => p.as_str(),
        };
        let mut key = b"count\0".to_vec();
        if matches!(self, Counter::Relations(_)) {
            key.extend_from_slice(b"relations\0");
        }
        key.extend_from_slice(name.as_bytes());
        key
    }
}

/// A counter's stored value (absent is 0).
pub(crate) fn read_counter(bytes: Option<&[u8]>) -> u64 {
    bytes
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map_or(0, u64::from_be_bytes)
}

pub(crate) struct Staging<'a> {
    kv: &'a dyn KvStore,
    /// Writes not yet in `kv` that this staging builds on (a batch still being written).
    base: Option<Arc<WriteBatch>>,
    writes: WriteBatch,
}

impl<'a> Staging<'a> {
    pub(crate) fn new(kv: &'a dyn KvStore) -> Self {
        Self::over(kv, None)
    }

    /// A staging that sees `base` applied over `kv`.
    pub(crate) fn over(kv: &'a dyn KvStore, base: Option<Arc<WriteBatch>>) -> Self {
        Self {
            kv,
            base,
            writes: WriteBatch::new(),
        }
    }

    pub(crate) fn get(&self, tree: TreeId, key: &[u8]) -> Result<Option<Vec<u8>>> {
        let key = (tree, key.to_vec());
        let staged = self
            .writes
            .get(&key)
            .or_else(|| self.base.as_ref().and_then(|b| b.get(&key)));
        match staged {
            Some(staged) => Ok(staged.clone()),
            None => self.kv.get(tree, &key.1),
        }
    }

    pub(crate) fn get_record<T: DeserializeOwned>(
        &self,
        tree: TreeId,
        key: &[u8],
    ) -> Result<Option<T>> {
        self.get(tree, key)?
            .map(|bytes| decode(tree, key, &bytes))
            .transpose()
    }

    pub(crate) fn put(&mut self, tree: TreeId, key: Vec<u8>, value: Vec<u8>) {
        self.writes.insert((tree, key), Some(value));
    }

    pub(crate) fn put_record<T: Serialize>(
        &mut self,
        tree: TreeId,
        key: Vec<u8>,
        value: &T,
    ) -> Result<()> {
        let bytes = encode(tree, value)?;
        self.put(tree, key, bytes);
        Ok(())
    }

    /// Adds `delta` to one of the store's counters (see [`Counter`]), kept in the same
    /// transaction as the writes it counts.
    pub(crate) fn count(&mut self, counter: Counter, delta: i64) -> Result<()> {
        if delta == 0 {
            return Ok(());
        }
        let key = counter.key();
        let now = read_counter(self.get(TreeId::Meta, &key)?.as_deref());
        // Zero is no entry, so that deleting what was ingested leaves the store as it was.
        match now.saturating_add_signed(delta) {
            0 => self.remove(TreeId::Meta, key),
            next => self.put(TreeId::Meta, key, next.to_be_bytes().to_vec()),
        }
        Ok(())
    }

    pub(crate) fn remove(&mut self, tree: TreeId, key: Vec<u8>) {
        self.writes.insert((tree, key), None);
    }

    /// Committed entries under `prefix` with the staged writes applied, in key order.
    pub(crate) fn scan_prefix(
        &self,
        tree: TreeId,
        prefix: &[u8],
    ) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        let mut merged = std::collections::BTreeMap::new();
        for entry in self.kv.scan(tree, prefix, prefix) {
            let (k, v) = entry?;
            merged.insert(k, v);
        }
        for layer in self.base.as_deref().into_iter().chain([&self.writes]) {
            let staged = layer
                .range((tree, prefix.to_vec())..)
                .take_while(|((t, k), _)| *t == tree && k.starts_with(prefix));
            for ((_, k), v) in staged {
                match v {
                    Some(v) => merged.insert(k.clone(), v.clone()),
                    None => merged.remove(k),
                };
            }
        }
        Ok(merged.into_iter().collect())
    }

    /// The writes, to apply once `base` is applied.
    pub(crate) fn into_writes(self) -> WriteBatch {
        self.writes
    }

    pub(crate) fn commit(self) -> Result<()> {
        debug_assert!(
            self.base.is_none(),
            "a staging over a base is applied after it"
        );
        self.kv.apply(&self.writes)
    }
}
