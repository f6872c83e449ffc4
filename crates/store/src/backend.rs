//! The key-value interface the store is written against, so that another engine can replace
//! sled without touching [`crate::Store`]'s callers.

use std::collections::BTreeMap;

use crate::Result;

/// The named trees (keyspaces) the store keeps. Keys and values are bytes; see `keys.rs` for
/// the layout of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum TreeId {
    Meta,
    Documents,
    Entities,
    EntityNames,
    EntityKinds,
    Candidates,
    Relations,
    Evidence,
    ByObject,
    ByDate,
    ByHash,
}

impl TreeId {
    pub(crate) const ALL: [TreeId; 11] = [
        TreeId::Meta,
        TreeId::Documents,
        TreeId::Entities,
        TreeId::EntityNames,
        TreeId::EntityKinds,
        TreeId::Candidates,
        TreeId::Relations,
        TreeId::Evidence,
        TreeId::ByObject,
        TreeId::ByDate,
        TreeId::ByHash,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            TreeId::Meta => "meta",
            TreeId::Documents => "documents",
            TreeId::Entities => "entities",
            TreeId::EntityNames => "entity_names",
            TreeId::EntityKinds => "entity_kinds",
            TreeId::Candidates => "candidates",
            TreeId::Relations => "relations",
            TreeId::Evidence => "evidence",
            TreeId::ByObject => "by_object",
            TreeId::ByDate => "by_date",
            TreeId::ByHash => "by_hash",
        }
    }
}

/// A set of writes applied atomically: `None` removes the key.
pub(crate) type WriteBatch = BTreeMap<(TreeId, Vec<u8>), Option<Vec<u8>>>;

/// Entries of one scan, in key order.
pub(crate) type KvIter<'a> = Box<dyn Iterator<Item = Result<(Vec<u8>, Vec<u8>)>> + 'a>;

/// What the store needs from an ordered key-value engine.
pub(crate) trait KvStore: Send + Sync {
    fn get(&self, tree: TreeId, key: &[u8]) -> Result<Option<Vec<u8>>>;

    /// Entries whose key starts with `prefix`, in key order, starting at the first key that is
    /// `>= from` (`from` may be shorter than `prefix`).
    fn scan(&self, tree: TreeId, prefix: &[u8], from: &[u8]) -> KvIter<'_>;

    /// Applies every write or none, in one transaction over the trees the batch touches.
    fn apply(&self, batch: &WriteBatch) -> Result<()>;

    /// Makes everything applied so far durable.
    fn flush(&self) -> Result<()>;
}
