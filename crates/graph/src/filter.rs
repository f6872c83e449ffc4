//! What queries and exports select: predicates, modalities, direction, dates, support, types.

use chrono::NaiveDate;
use newsgraph_model::{Modality, Predicate, RelationAggregate};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Which way an edge points, seen from the entity asked about.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The entity is the subject.
    Out,
    /// The entity is the object.
    In,
    /// Either; in results, an edge of a symmetric predicate, which has no direction.
    #[default]
    Both,
}

impl Direction {
    /// Whether a filter for `self` lets through an edge pointing `edge`.
    pub(crate) fn admits(self, edge: Direction) -> bool {
        self == Direction::Both || edge == Direction::Both || self == edge
    }
}

/// Whether `p` is among `predicates`, where none given means every typed predicate: all but
/// `co_occurs`.
pub(crate) fn allows(predicates: &[Predicate], p: Predicate) -> bool {
    if predicates.is_empty() {
        p.is_typed()
    } else {
        predicates.contains(&p)
    }
}

/// Whether the aggregate's `[first_date, last_date]` overlaps `[since, until]`. An aggregate
/// without dates passes only when no bound is given; one with a single date is that day.
pub(crate) fn in_window(
    rel: &RelationAggregate,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> bool {
    if since.is_none() && until.is_none() {
        return true;
    }
    let (first, last) = match (rel.first_date, rel.last_date) {
        (Some(f), Some(l)) => (f, l),
        (Some(d), None) | (None, Some(d)) => (d, d),
        (None, None) => return false,
    };
    let after_since = match since {
        Some(s) => last >= s,
        None => true,
    };
    let before_until = match until {
        Some(u) => first <= u,
        None => true,
    };
    after_since && before_until
}

/// A date window's bounds in order, or [`Error::EmptyDateRange`].
///
/// # Errors
/// `since` after `until`.
pub fn check_window(since: Option<NaiveDate>, until: Option<NaiveDate>) -> Result<()> {
    match (since, until) {
        (Some(since), Some(until)) if since > until => Err(Error::EmptyDateRange { since, until }),
        _ => Ok(()),
    }
}

/// When `f` looks at nothing but an edge's predicate, which predicates it lets through: then
/// how many edges pass is a sum of per-predicate counts.
pub(crate) fn predicates_only(f: &EdgeFilter) -> Option<impl Fn(Predicate) -> bool + '_> {
    let only = f.modalities.is_empty()
        && f.direction == Direction::Both
        && f.since.is_none()
        && f.until.is_none()
        && f.min_support == 0
        && f.types.is_empty();
    only.then_some(move |p| allows(&f.predicates, p))
}

/// Which edges a query follows. The default follows every typed predicate both ways.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EdgeFilter {
    /// Predicates to follow; empty means all but `co_occurs`.
    pub predicates: Vec<Predicate>,
    /// An edge passes when it has support in one of these; empty means any.
    pub modalities: Vec<Modality>,
    /// Edges of symmetric predicates pass any direction.
    pub direction: Direction,
    /// An edge passes when its `[first_date, last_date]` overlaps `[since, until]`; with
    /// either bound set, undated edges do not pass.
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub min_support: u64,
    /// Entity types allowed at the other end; empty means any.
    pub types: Vec<String>,
}

impl EdgeFilter {
    /// A filter for just these predicates, otherwise the default.
    pub fn predicates(predicates: impl IntoIterator<Item = Predicate>) -> Self {
        Self {
            predicates: predicates.into_iter().collect(),
            ..Self::default()
        }
    }

    /// Everything about an edge but its direction and the other end's type.
    pub(crate) fn passes(&self, rel: &RelationAggregate) -> bool {
        allows(&self.predicates, rel.predicate)
            && rel.support >= self.min_support
            && (self.modalities.is_empty()
                || self
                    .modalities
                    .iter()
                    .any(|m| rel.modalities.get(m).is_some_and(|&n| n > 0)))
            && in_window(rel, self.since, self.until)
    }

    pub(crate) fn admits_type(&self, kind: &str) -> bool {
        self.types.is_empty() || self.types.iter().any(|t| t == kind)
    }
}

/// What an export takes: the whole graph, or the neighbourhood of `center` to `depth` hops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportFilter {
    pub center: Option<String>,
    /// Hops from `center`; ignored without one.
    pub depth: usize,
    /// Empty means all but `co_occurs`.
    pub predicates: Vec<Predicate>,
    /// Entity types kept (the center is always kept); empty means any.
    pub types: Vec<String>,
    pub min_support: u64,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// At most this many nodes; 0 means no limit.
    pub max_nodes: usize,
}

impl Default for ExportFilter {
    fn default() -> Self {
        Self {
            center: None,
            depth: 1,
            predicates: Vec::new(),
            types: Vec::new(),
            min_support: 0,
            since: None,
            until: None,
            max_nodes: 0,
        }
    }
}

impl ExportFilter {
    pub(crate) fn edge_filter(&self) -> EdgeFilter {
        EdgeFilter {
            predicates: self.predicates.clone(),
            modalities: Vec::new(),
            direction: Direction::Both,
            since: self.since,
            until: self.until,
            min_support: self.min_support,
            types: self.types.clone(),
        }
    }
}
