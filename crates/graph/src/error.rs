use chrono::NaiveDate;

/// What a graph query can fail with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The id names no node of the graph (no relation mentions it).
    #[error("no entity `{id}` in the graph")]
    NotFound { id: String },
    /// A date window whose start lies after its end.
    #[error("date range is empty: since {since} is after until {until}")]
    EmptyDateRange { since: NaiveDate, until: NaiveDate },
}

/// The result of a graph query.
pub type Result<T> = std::result::Result<T, Error>;
