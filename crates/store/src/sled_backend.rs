//! [`KvStore`] on sled: one sled tree per [`TreeId`].

use std::path::Path;

use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};

use crate::backend::{KvIter, KvStore, TreeId, WriteBatch};
use crate::{Error, Result};

pub(crate) struct SledBackend {
    db: sled::Db,
    trees: Vec<sled::Tree>,
}

fn backend_error(operation: &'static str) -> impl FnOnce(sled::Error) -> Error {
    move |e| Error::Backend {
        operation,
        source: Box::new(e),
    }
}

impl SledBackend {
    pub(crate) fn open(dir: &Path) -> Result<Self> {
        let db = sled::Config::new()
            .path(dir)
            .open()
            .map_err(backend_error("open the database"))?;
        Self::with_db(db)
    }

    pub(crate) fn temporary() -> Result<Self> {
        let db = sled::Config::new()
            .temporary(true)
            .open()
            .map_err(backend_error("open a temporary database"))?;
        Self::with_db(db)
    }

    fn with_db(db: sled::Db) -> Result<Self> {
        let trees = TreeId::ALL
            .iter()
            .map(|t| db.open_tree(t.name()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(backend_error("open a tree"))?;
        Ok(Self { db, trees })
    }

    fn tree(&self, tree: TreeId) -> &sled::Tree {
        &self.trees[tree as usize]
    }
}

impl KvStore for SledBackend {
    fn get(&self, tree: TreeId, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self
            .tree(tree)
            .get(key)
            .map_err(backend_error("read a key"))?
            .map(|v| v.to_vec()))
    }

    fn scan(&self, tree: TreeId, prefix: &[u8], from: &[u8]) -> KvIter<'_> {
        let prefix = prefix.to_vec();
        let start = if from > prefix.as_slice() {
            from.to_vec()
        } else {
            prefix.clone()
        };
        Box::new(
            self.tree(tree)
                .range(start..)
                .take_while(move |r| match r {
                    Ok((k, _)) => k.starts_with(&prefix),
                    Err(_) => true,
                })
                .map(|r| {
                    r.map(|(k, v)| (k.to_vec(), v.to_vec()))
                        .map_err(backend_error("scan a tree"))
                }),
        )
    }

    fn apply(&self, batch: &WriteBatch) -> Result<()> {
        let mut touched: Vec<TreeId> = batch.keys().map(|(t, _)| *t).collect();
        touched.dedup();
        if touched.is_empty() {
            return Ok(());
        }
        let trees: Vec<&sled::Tree> = touched.iter().map(|t| self.tree(*t)).collect();
        let result = trees.as_slice().transaction(|views| {
            for ((tree, key), value) in batch {
                // `touched` is sorted like the batch's keys, so the search always finds it.
                let Ok(i) = touched.binary_search(tree) else {
                    return Err(ConflictableTransactionError::Abort(()));
                };
                match value {
                    Some(v) => views[i].insert(key.as_slice(), v.as_slice())?,
                    None => views[i].remove(key.as_slice())?,
                };
            }
            Ok(())
        });
        match result {
            Ok(()) => Ok(()),
            Err(TransactionError::Storage(e)) => Err(backend_error("commit a transaction")(e)),
            Err(TransactionError::Abort(())) => Err(Error::Backend {
                operation: "commit a transaction",
                source: "a write named a tree outside the transaction".into(),
            }),
        }
    }

    fn flush(&self) -> Result<()> {
        self.db.flush().map_err(backend_error("flush"))?;
        Ok(())
    }
}
