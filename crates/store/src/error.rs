use std::path::PathBuf;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An id given by a caller cannot be stored (the server answers 422).
    #[error("invalid {field} {id:?}: {reason}")]
    InvalidId {
        /// What the id names: `document id`, `entity id`, `relation subject`, ...
        field: &'static str,
        id: String,
        reason: &'static str,
    },
    /// A page cursor that this store did not hand out.
    #[error("invalid cursor {cursor:?}")]
    InvalidCursor { cursor: String },
    /// The directory holds a store written in another on-disk format.
    #[error(
        "store at {} has format version {found}, but this build reads only version {supported}",
        path.display()
    )]
    FormatVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    /// The storage engine failed.
    #[error("storage engine failed to {operation}")]
    Backend {
        operation: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A stored value or key could not be decoded.
    #[error("corrupt record in tree `{tree}` at key {key}: {reason}")]
    Corrupt {
        tree: &'static str,
        key: String,
        reason: String,
    },
    /// A value could not be encoded.
    #[error("cannot encode {what}")]
    Encode {
        what: &'static str,
        #[source]
        source: bincode::Error,
    },
}

/// The store's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
