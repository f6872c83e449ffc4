use std::collections::{HashMap, HashSet, VecDeque};

use chrono::NaiveDate;
use newsgraph_model::{Predicate, RelationAggregate};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use serde::{Deserialize, Serialize};

use crate::filter::{allows, check_window, in_window, predicates_only};
use crate::graph::{key_order, predicate_slot};
use crate::{Direction, EdgeFilter, ExportFilter, KnowledgeGraph, NodeInfo, Result};

pub(crate) fn edge_key(r: &RelationAggregate) -> (&str, Predicate, &str) {
    (&r.subject, r.predicate, &r.object)
}

/// An entity next to the one asked about, and the edge between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Neighbour {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub relation: RelationAggregate,
    /// `out` when the entity asked about is the subject, `in` when it is the object, `both`
    /// for symmetric predicates.
    pub direction: Direction,
}

/// A part of the graph: what the exports take. Nodes sorted by id, edges by
/// `(subject, predicate, object)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Subgraph {
    pub nodes: Vec<NodeInfo>,
    pub edges: Vec<RelationAggregate>,
    /// Whether nodes were left out to keep within `max_nodes`.
    pub truncated: bool,
}

impl Subgraph {
    /// The nodes sorted by id, without duplicates and with any edge endpoint missing from
    /// `nodes` added as unknown; the edges sorted by `(subject, predicate, object)`. Exports
    /// write this, so they do not depend on the order they were given.
    pub(crate) fn canonical(&self) -> (Vec<NodeInfo>, Vec<&RelationAggregate>) {
        let mut nodes = self.nodes.clone();
        let known: HashSet<&str> = self.nodes.iter().map(|n| n.id.as_str()).collect();
        for r in &self.edges {
            for id in [&r.subject, &r.object] {
                if !known.contains(id.as_str()) {
                    nodes.push(NodeInfo::unknown(id.as_str()));
                }
            }
        }
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        nodes.dedup_by(|a, b| a.id == b.id);
        let mut edges: Vec<&RelationAggregate> = self.edges.iter().collect();
        edges.sort_by(|a, b| edge_key(a).cmp(&edge_key(b)));
        (nodes, edges)
    }
}

/// A path between two entities: `nodes[i]` and `nodes[i + 1]` are joined by `edges[i]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Path {
    pub nodes: Vec<NodeInfo>,
    pub edges: Vec<RelationAggregate>,
}

impl Path {
    /// Number of edges.
    pub fn hops(&self) -> usize {
        self.edges.len()
    }
}

impl KnowledgeGraph {
    /// The entities joined to `id` by an edge that passes `f`, sorted by (id, predicate,
    /// subject).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an id not in the graph, [`Error::EmptyDateRange`](crate::Error::EmptyDateRange) for
    /// `since > until`.
    pub fn neighbours(&self, id: &str, f: &EdgeFilter) -> Result<Vec<Neighbour>> {
        check_window(f.since, f.until)?;
        let n = self.index_of(id)?;
        let mut out: Vec<Neighbour> = self
            .passing(n, f)
            .map(|(e, other, direction)| {
                let info = &self.graph[other];
                Neighbour {
                    id: info.id.clone(),
                    name: info.name.clone(),
                    kind: info.kind.clone(),
                    relation: self.graph[e].clone(),
                    direction,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            (&a.id, a.relation.predicate, &a.relation.subject).cmp(&(
                &b.id,
                b.relation.predicate,
                &b.relation.subject,
            ))
        });
        Ok(out)
    }

    /// The first `first` relations of `id` that pass `f`, most supported first (ties in
    /// `(subject, predicate, object)` order), borrowed, and how many pass in all. Each node
    /// keeps its edges in this order, so a page is a walk from the front of the list; the
    /// count is the kept per-predicate count unless the filter looks at more than predicates.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an id not in the graph,
    /// [`Error::EmptyDateRange`](crate::Error::EmptyDateRange) for `since > until`.
    pub fn relations_of(
        &self,
        id: &str,
        f: &EdgeFilter,
        first: usize,
    ) -> Result<(Vec<&RelationAggregate>, usize)> {
        check_window(f.since, f.until)?;
        let n = self.index_of(id)?;
        let Some(list) = self.incident.get(&n) else {
            return Ok((Vec::new(), 0));
        };
        let mut passing = list
            .by_support
            .iter()
            .filter(|&&e| self.passes_at(n, e, f))
            .map(|&e| &self.graph[e]);
        let out: Vec<&RelationAggregate> = passing.by_ref().take(first).collect();
        let total = match predicates_only(f) {
            Some(allowed) => Predicate::ALL
                .iter()
                .filter(|&&p| allowed(p))
                .map(|&p| list.per_predicate[predicate_slot(p)])
                .sum(),
            None => out.len() + passing.count(),
        };
        Ok((out, total))
    }

    /// The first `first` `met` relations of `id` (of the whole graph when `None`) whose dates
    /// overlap `[since, until]`, in (subject, object) order, borrowed, and how many there are
    /// in all: [`KnowledgeGraph::meetings`] for one page. Each entity keeps its meetings in
    /// this order, so an entity's page is a walk from the front.
    ///
    /// # Errors
    /// As [`KnowledgeGraph::meetings`].
    pub fn meetings_first(
        &self,
        id: Option<&str>,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
        first: usize,
    ) -> Result<(Vec<&RelationAggregate>, usize)> {
        check_window(since, until)?;
        let keep =
            |r: &RelationAggregate| r.predicate == Predicate::Met && in_window(r, since, until);
        let Some(id) = id else {
            let mut out: Vec<&RelationAggregate> = self.relations().filter(|r| keep(r)).collect();
            let total = out.len();
            let order = |a: &&RelationAggregate, b: &&RelationAggregate| key_order(a, b);
            if first < total {
                out.select_nth_unstable_by(first, order);
                out.truncate(first);
            }
            out.sort_unstable_by(order);
            return Ok((out, total));
        };
        // An entity's meetings are kept in this order: the page is a walk from the front.
        let n = self.index_of(id)?;
        let met = self
            .incident
            .get(&n)
            .map(|list| list.meetings.as_slice())
            .unwrap_or_default();
        let mut passing = met.iter().map(|&e| &self.graph[e]).filter(|r| keep(r));
        let out: Vec<&RelationAggregate> = passing.by_ref().take(first).collect();
        let total = if since.is_none() && until.is_none() {
            met.len()
        } else {
            out.len() + passing.count()
        };
        Ok((out, total))
    }

    /// Every `met` edge of `id` (of the whole graph when `None`) whose dates overlap
    /// `[since, until]`, sorted by (subject, object).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an id not in the graph, [`Error::EmptyDateRange`](crate::Error::EmptyDateRange) for
    /// `since > until`.
    pub fn meetings(
        &self,
        id: Option<&str>,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Vec<RelationAggregate>> {
        let (met, _) = self.meetings_first(id, since, until, usize::MAX)?;
        Ok(met.into_iter().cloned().collect())
    }

    /// The entities within `depth` hops of `id` along edges that pass `f`, found breadth first
    /// (nearer first, then by id), at most `max_nodes` of them (0 means no limit; `id` itself is
    /// always in). The edges are every edge between those entities that passes `f` leaving
    /// aside its direction, which only steers the search.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for an id not in the graph, [`Error::EmptyDateRange`](crate::Error::EmptyDateRange) for
    /// `since > until`.
    pub fn ego(
        &self,
        id: &str,
        depth: usize,
        f: &EdgeFilter,
        max_nodes: usize,
    ) -> Result<Subgraph> {
        check_window(f.since, f.until)?;
        let start = self.index_of(id)?;
        let limit = if max_nodes == 0 {
            usize::MAX
        } else {
            max_nodes
        };
        let mut kept: HashSet<NodeIndex> = HashSet::from([start]);
        let mut frontier = vec![start];
        let mut truncated = false;
        'search: for _ in 0..depth {
            let mut next = Vec::new();
            for &n in &frontier {
                let mut found: Vec<NodeIndex> = self
                    .passing(n, f)
                    .map(|(_, other, _)| other)
                    .filter(|o| !kept.contains(o))
                    .collect();
                found.sort_by(|a, b| self.graph[*a].id.cmp(&self.graph[*b].id));
                found.dedup();
                for other in found {
                    if kept.len() >= limit {
                        truncated = true;
                        break 'search;
                    }
                    kept.insert(other);
                    next.push(other);
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        Ok(self.induced(&kept, |r| f.passes(r), truncated))
    }

    /// The fewest hops from `from` to `to`, taking edges of `predicates` either way (none
    /// given means all but `co_occurs`), or `None` if there is no such path within `max_hops`.
    /// Ties go to the neighbour with the smaller id, so the answer is stable.
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) when either id is not in the graph.
    pub fn shortest_path(
        &self,
        from: &str,
        to: &str,
        predicates: &[Predicate],
        max_hops: Option<usize>,
    ) -> Result<Option<Path>> {
        let start = self.index_of(from)?;
        let goal = self.index_of(to)?;
        let mut came_from: HashMap<NodeIndex, (NodeIndex, EdgeIndex)> = HashMap::new();
        let mut queue = VecDeque::from([(start, 0usize)]);
        let mut reached = start == goal;
        while let Some((n, hops)) = queue.pop_front() {
            if reached || max_hops.is_some_and(|m| hops >= m) {
                break;
            }
            let mut steps: Vec<(EdgeIndex, NodeIndex)> = self
                .incident(n)
                .filter(|&(e, _, _)| allows(predicates, self.graph[e].predicate))
                .map(|(e, other, _)| (e, other))
                .collect();
            steps.sort_by(|a, b| {
                (&self.graph[a.1].id, self.graph[a.0].predicate)
                    .cmp(&(&self.graph[b.1].id, self.graph[b.0].predicate))
            });
            for (e, other) in steps {
                if other == start || came_from.contains_key(&other) {
                    continue;
                }
                came_from.insert(other, (n, e));
                if other == goal {
                    reached = true;
                    break;
                }
                queue.push_back((other, hops + 1));
            }
        }
        if !reached {
            return Ok(None);
        }
        let mut nodes = vec![self.graph[goal].clone()];
        let mut edges = Vec::new();
        let mut at = goal;
        while let Some(&(prev, e)) = came_from.get(&at) {
            edges.push(self.graph[e].clone());
            nodes.push(self.graph[prev].clone());
            at = prev;
        }
        nodes.reverse();
        edges.reverse();
        Ok(Some(Path { nodes, edges }))
    }

    /// The part of the graph an export shows. With a center, its neighbourhood as
    /// [`KnowledgeGraph::ego`] finds it; without, every edge that passes and whose both ends
    /// are of the allowed types, cut down to the `max_nodes` entities with most such edges
    /// (ties by id).
    ///
    /// # Errors
    /// [`Error::NotFound`](crate::Error::NotFound) for a center not in the graph, [`Error::EmptyDateRange`](crate::Error::EmptyDateRange) for
    /// `since > until`.
    pub fn subgraph(&self, f: &ExportFilter) -> Result<Subgraph> {
        let ef = f.edge_filter();
        if let Some(center) = &f.center {
            return self.ego(center, f.depth, &ef, f.max_nodes);
        }
        check_window(f.since, f.until)?;
        let passes = |r: &RelationAggregate| {
            ef.passes(r)
                && self
                    .node(&r.subject)
                    .is_some_and(|n| ef.admits_type(&n.kind))
                && self
                    .node(&r.object)
                    .is_some_and(|n| ef.admits_type(&n.kind))
        };
        let mut degree: HashMap<NodeIndex, usize> = HashMap::new();
        for e in self.graph.edge_references().filter(|e| passes(e.weight())) {
            *degree.entry(e.source()).or_default() += 1;
            *degree.entry(e.target()).or_default() += 1;
        }
        let mut ranked: Vec<(NodeIndex, usize)> = degree.into_iter().collect();
        let truncated = f.max_nodes > 0 && ranked.len() > f.max_nodes;
        if truncated {
            ranked.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| self.graph[a.0].id.cmp(&self.graph[b.0].id))
            });
            ranked.truncate(f.max_nodes);
        }
        let kept: HashSet<NodeIndex> = ranked.into_iter().map(|(n, _)| n).collect();
        Ok(self.induced(&kept, passes, truncated))
    }

    /// Whether edge `e` at `n` passes `f`, as [`KnowledgeGraph::passing`] decides.
    fn passes_at(&self, n: NodeIndex, e: EdgeIndex, f: &EdgeFilter) -> bool {
        let Some((source, target)) = self.graph.edge_endpoints(e) else {
            return false;
        };
        let rel = &self.graph[e];
        let (other, dir) = if source == n {
            (target, Direction::Out)
        } else {
            (source, Direction::In)
        };
        let dir = if rel.predicate.is_symmetric() {
            Direction::Both
        } else {
            dir
        };
        f.passes(rel) && f.direction.admits(dir) && f.admits_type(&self.graph[other].kind)
    }

    /// Edges at `n` that pass `f`, its direction and the type of the other end included.
    fn passing<'a>(
        &'a self,
        n: NodeIndex,
        f: &'a EdgeFilter,
    ) -> impl Iterator<Item = (EdgeIndex, NodeIndex, Direction)> + 'a {
        self.incident(n).filter_map(move |(e, other, dir)| {
            let rel = &self.graph[e];
            let dir = if rel.predicate.is_symmetric() {
                Direction::Both
            } else {
                dir
            };
            (f.passes(rel) && f.direction.admits(dir) && f.admits_type(&self.graph[other].kind))
                .then_some((e, other, dir))
        })
    }

    /// `kept` with every edge between two of them that `keep_edge` accepts, sorted.
    fn induced(
        &self,
        kept: &HashSet<NodeIndex>,
        keep_edge: impl Fn(&RelationAggregate) -> bool,
        truncated: bool,
    ) -> Subgraph {
        let mut nodes: Vec<NodeInfo> = kept.iter().map(|&n| self.graph[n].clone()).collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        let mut edges: Vec<RelationAggregate> = self
            .graph
            .edge_references()
            .filter(|e| {
                kept.contains(&e.source()) && kept.contains(&e.target()) && keep_edge(e.weight())
            })
            .map(|e| e.weight().clone())
            .collect();
        edges.sort_by(|a, b| edge_key(a).cmp(&edge_key(b)));
        Subgraph {
            nodes,
            edges,
            truncated,
        }
    }
}

#[cfg(test)]
mod tests;
