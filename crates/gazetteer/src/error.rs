use std::path::PathBuf;

/// Where a line came from: a file (or embedded default) and a 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// What can go wrong loading gazetteers and rule files. Every variant says where.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{at}: {message}")]
    Malformed { at: Origin, message: String },
    #[error("{at}: unknown type {kind:?}: a type is one lowercase word such as person, country, organization")]
    UnknownType { at: Origin, kind: String },
    #[error("{at}: duplicate id {id:?}, first defined at {first}")]
    DuplicateId {
        at: Origin,
        id: String,
        first: Origin,
    },
    #[error("{at}: alias {alias:?} can never match: {reason}")]
    BadAlias {
        at: Origin,
        alias: String,
        reason: String,
    },
    #[error("{path}: unknown file kind: use .gaz (newsgraph gazetteer), .jsonl (spaCy patterns) or .rules")]
    UnknownFormat { path: PathBuf },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
