//! Writes planned for one transaction, read back through an overlay on the committed data so
//! that planning sees its own earlier writes (two relations of one document on one aggregate;
//! a replacement's removal before its addition).

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::backend::{KvStore, TreeId, WriteBatch};
use crate::records::{decode, encode};
use crate::Result;

pub(crate) struct Staging<'a> {
    kv: &'a dyn KvStore,
    writes: WriteBatch,
}

impl<'a> Staging<'a> {
    pub(crate) fn new(kv: &'a dyn KvStore) -> Self {
        Self {
            kv,
            writes: WriteBatch::new(),
        }
    }

    pub(crate) fn get(&self, tree: TreeId, key: &[u8]) -> Result<Option<Vec<u8>>> {
        match self.writes.get(&(tree, key.to_vec())) {
            Some(staged) => Ok(staged.clone()),
            None => self.kv.get(tree, key),
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
        let bytes = encode(tree.name(), value)?;
        self.put(tree, key, bytes);
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
        let staged = self
            .writes
            .range((tree, prefix.to_vec())..)
            .take_while(|((t, k), _)| *t == tree && k.starts_with(prefix));
        for ((_, k), v) in staged {
            match v {
                Some(v) => merged.insert(k.clone(), v.clone()),
                None => merged.remove(k),
            };
        }
        Ok(merged.into_iter().collect())
    }

    pub(crate) fn commit(self) -> Result<()> {
        self.kv.apply(&self.writes)
    }
}
