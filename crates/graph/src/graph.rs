use std::cmp::Ordering;
use std::collections::HashMap;

use newsgraph_model::{Entity, Predicate, RelationAggregate};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};

use crate::Direction;
use crate::{Error, Result};

/// The kind given to ids the node lookup does not know.
pub const UNKNOWN_KIND: &str = "unknown";

/// What the graph keeps about an entity: enough to label it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NodeInfo {
    pub id: String,
    pub name: String,
    /// The entity type (`person`, `country`, ..., or [`UNKNOWN_KIND`]).
    #[serde(rename = "type")]
    pub kind: String,
}

impl NodeInfo {
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
        }
    }

    /// A node for an id nothing else is known about: its name is the id.
    pub fn unknown(id: impl Into<String>) -> Self {
        let id = id.into();
        Self {
            name: id.clone(),
            id,
            kind: UNKNOWN_KIND.to_owned(),
        }
    }
}

impl From<&Entity> for NodeInfo {
    fn from(e: &Entity) -> Self {
        Self::new(e.id.clone(), e.name.clone(), e.kind.as_str())
    }
}

/// The relations of the store as an in-memory graph: one node per entity that takes part in a
/// relation, one edge per `(subject, predicate, object)` aggregate, pointing subject → object.
///
/// `co_occurs` aggregates are edges too, but every query leaves them out unless asked for by
/// name.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    pub(crate) graph: StableDiGraph<NodeInfo, RelationAggregate>,
    index: HashMap<String, NodeIndex>,
    /// Each node's edges in listing order, kept as edges come and go.
    pub(crate) incident: HashMap<NodeIndex, Incident>,
    /// Each edge by its key: a refresh finds the edge of a relation without walking the
    /// edges of its ends, which for two hubs are tens of thousands.
    edges: HashMap<(NodeIndex, Predicate, NodeIndex), EdgeIndex>,
}

/// The edges at one node (a self-loop once) in the order [`KnowledgeGraph::relations_of`]
/// lists them: most supported first, ties in `(subject, predicate, object)` order; and its
/// `met` edges in the order [`KnowledgeGraph::meetings_first`] lists them. A page of
/// relations or meetings is then a walk from the front, not a sort of the node's edges.
#[derive(Debug, Clone, Default)]
pub(crate) struct Incident {
    pub(crate) by_support: Vec<EdgeIndex>,
    /// The `met` edges in `(subject, object)` order, as meetings are listed.
    pub(crate) meetings: Vec<EdgeIndex>,
    /// How many of them have each predicate (indexed as [`Predicate::ALL`]).
    pub(crate) per_predicate: [usize; Predicate::ALL.len()],
}

/// The listing order of two aggregates: support descending, then `(subject, predicate,
/// object)`.
pub(crate) fn listing_order(a: &RelationAggregate, b: &RelationAggregate) -> Ordering {
    b.support.cmp(&a.support).then_with(|| {
        (&a.subject, a.predicate, &a.object).cmp(&(&b.subject, b.predicate, &b.object))
    })
}

/// The order meetings are listed in: `(subject, predicate, object)`.
pub(crate) fn key_order(a: &RelationAggregate, b: &RelationAggregate) -> Ordering {
    (&a.subject, a.predicate, &a.object).cmp(&(&b.subject, b.predicate, &b.object))
}

/// Where a predicate's count sits in [`Incident::per_predicate`].
pub(crate) fn predicate_slot(p: Predicate) -> usize {
    Predicate::ALL.iter().position(|&q| q == p).unwrap_or(0)
}

impl KnowledgeGraph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds the graph from aggregates. `node` looks up each id's name and type once; ids it
    /// does not know become [`NodeInfo::unknown`]. A key given twice keeps the last aggregate.
    pub fn from_relations(
        rels: impl IntoIterator<Item = RelationAggregate>,
        node: impl Fn(&str) -> Option<NodeInfo>,
    ) -> Self {
        let rels = rels.into_iter();
        // Room for every edge at once: grown by doubling, the edge list (hundreds of
        // megabytes for a large store) was copied again and again.
        let edges = rels.size_hint().0;
        let mut graph = Self {
            graph: StableDiGraph::with_capacity(0, edges),
            edges: HashMap::with_capacity(edges),
            ..Self::new()
        };
        for rel in rels {
            graph.insert(rel, &node, false);
        }
        // Edges were appended as they came; one sort per node is cheaper than keeping each
        // list in order all along.
        let Self {
            graph: g, incident, ..
        } = &mut graph;
        for list in incident.values_mut() {
            list.by_support
                .sort_unstable_by(|&a, &b| listing_order(&g[a], &g[b]).then(a.cmp(&b)));
            list.meetings
                .sort_unstable_by(|&a, &b| key_order(&g[a], &g[b]).then(a.cmp(&b)));
        }
        graph
    }

    /// Keeps the graph current after an ingest or a delete: replaces the edge for
    /// `(subject, predicate, object)` with `new`, or removes it when `new` is `None`. For a
    /// symmetric predicate the key matches either orientation.
    ///
    /// Nodes are added as needed, and the endpoints of `new` take whatever `node` now says
    /// about them (so a renamed entity is relabelled); nodes left without edges are dropped.
    /// `new` is expected to carry the same key.
    pub fn upsert(
        &mut self,
        key: (&str, Predicate, &str),
        new: Option<RelationAggregate>,
        node: impl Fn(&str) -> Option<NodeInfo>,
    ) {
        let (subject, predicate, object) = key;
        let mut touched = Vec::new();
        if let Some(e) = self.find_edge(subject, predicate, object) {
            if let Some((a, b)) = self.graph.edge_endpoints(e) {
                touched.extend([a, b]);
            }
            self.remove_edge(e);
        }
        if let Some(rel) = new {
            self.insert(rel, &node, true);
        }
        for n in touched {
            self.drop_if_orphan(n);
        }
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Edges of every predicate, `co_occurs` included.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// The node for an id, if any relation mentions it.
    pub fn node(&self, id: &str) -> Option<&NodeInfo> {
        self.index.get(id).map(|&n| &self.graph[n])
    }

    /// The aggregate for a key; a symmetric predicate matches either orientation.
    pub fn relation(
        &self,
        subject: &str,
        predicate: Predicate,
        object: &str,
    ) -> Option<&RelationAggregate> {
        self.find_edge(subject, predicate, object)
            .map(|e| &self.graph[e])
    }

    /// Every aggregate, in no particular order.
    pub fn relations(&self) -> impl Iterator<Item = &RelationAggregate> + '_ {
        self.graph.edge_weights()
    }

    pub(crate) fn index_of(&self, id: &str) -> Result<NodeIndex> {
        self.index
            .get(id)
            .copied()
            .ok_or_else(|| Error::NotFound { id: id.to_owned() })
    }

    /// Every edge at `n` once (self-loops too), with the other end and which way it points
    /// seen from `n`.
    pub(crate) fn incident(
        &self,
        n: NodeIndex,
    ) -> impl Iterator<Item = (EdgeIndex, NodeIndex, Direction)> + '_ {
        let out = self
            .graph
            .edges_directed(n, petgraph::Direction::Outgoing)
            .map(|e| (e.id(), e.target(), Direction::Out));
        let inc = self
            .graph
            .edges_directed(n, petgraph::Direction::Incoming)
            .filter(|e| e.source() != e.target())
            .map(|e| (e.id(), e.source(), Direction::In));
        out.chain(inc)
    }

    fn find_edge(&self, subject: &str, predicate: Predicate, object: &str) -> Option<EdgeIndex> {
        let s = *self.index.get(subject)?;
        let o = *self.index.get(object)?;
        let find = |a, b| self.edges.get(&(a, predicate, b)).copied();
        find(s, o).or_else(|| {
            if predicate.is_symmetric() {
                find(o, s)
            } else {
                None
            }
        })
    }

    fn insert(
        &mut self,
        rel: RelationAggregate,
        node: &impl Fn(&str) -> Option<NodeInfo>,
        refresh: bool,
    ) {
        // The endpoints of a replaced edge are the endpoints of `rel`, so none is orphaned.
        if let Some(e) = self.find_edge(&rel.subject, rel.predicate, &rel.object) {
            self.remove_edge(e);
        }
        let s = self.ensure_node(&rel.subject, node, refresh);
        let o = self.ensure_node(&rel.object, node, refresh);
        let predicate = rel.predicate;
        let slot = predicate_slot(predicate);
        let met = predicate == Predicate::Met;
        let e = self.graph.add_edge(s, o, rel);
        self.edges.insert((s, predicate, o), e);
        let ends: &[NodeIndex] = if s == o { &[s] } else { &[s, o] };
        for &n in ends {
            let list = self.incident.entry(n).or_default();
            list.per_predicate[slot] += 1;
            // Kept in order when refreshing; `from_relations` sorts once at the end.
            let g = &self.graph;
            place(&mut list.by_support, e, refresh, |a, b| {
                listing_order(&g[a], &g[b])
            });
            if met {
                place(&mut list.meetings, e, refresh, |a, b| {
                    key_order(&g[a], &g[b])
                });
            }
        }
    }

    /// Removes an edge and its place in its endpoints' lists.
    fn remove_edge(&mut self, e: EdgeIndex) {
        let Some((s, o)) = self.graph.edge_endpoints(e) else {
            return;
        };
        let slot = predicate_slot(self.graph[e].predicate);
        let ends: &[NodeIndex] = if s == o { &[s] } else { &[s, o] };
        for n in ends {
            if let Some(list) = self.incident.get_mut(n) {
                // A linear search: the lists may be unsorted while `from_relations` builds.
                if let Some(at) = list.by_support.iter().position(|&x| x == e) {
                    list.by_support.remove(at);
                    list.per_predicate[slot] -= 1;
                }
                if let Some(at) = list.meetings.iter().position(|&x| x == e) {
                    list.meetings.remove(at);
                }
            }
        }
        if let Some(rel) = self.graph.remove_edge(e) {
            self.edges.remove(&(s, rel.predicate, o));
        }
    }

    fn ensure_node(
        &mut self,
        id: &str,
        node: &impl Fn(&str) -> Option<NodeInfo>,
        refresh: bool,
    ) -> NodeIndex {
        let lookup = |id: &str| {
            node(id).map(|mut info| {
                id.clone_into(&mut info.id);
                info
            })
        };
        if let Some(&n) = self.index.get(id) {
            if refresh {
                if let Some(info) = lookup(id) {
                    self.graph[n] = info;
                }
            }
            return n;
        }
        let info = lookup(id).unwrap_or_else(|| NodeInfo::unknown(id));
        let n = self.graph.add_node(info);
        self.index.insert(id.to_owned(), n);
        n
    }

    /// Panics unless the key index holds exactly the graph's edges.
    #[cfg(test)]
    pub(crate) fn assert_edge_index(&self) {
        assert_eq!(self.edges.len(), self.graph.edge_count());
        for e in self.graph.edge_indices() {
            let (s, o) = self.graph.edge_endpoints(e).expect("an edge");
            assert_eq!(self.edges.get(&(s, self.graph[e].predicate, o)), Some(&e));
        }
    }

    fn drop_if_orphan(&mut self, n: NodeIndex) {
        if !self.graph.contains_node(n) || self.graph.neighbors_undirected(n).next().is_some() {
            return;
        }
        if let Some(info) = self.graph.remove_node(n) {
            self.index.remove(&info.id);
            self.incident.remove(&n);
        }
    }
}

/// Puts `e` into `list`: where `order` (then the index) sorts it when `sorted`, else at the end.
fn place(
    list: &mut Vec<EdgeIndex>,
    e: EdgeIndex,
    sorted: bool,
    order: impl Fn(EdgeIndex, EdgeIndex) -> Ordering,
) {
    let at = if sorted {
        list.partition_point(|&x| order(x, e).then(x.cmp(&e)) == Ordering::Less)
    } else {
        list.len()
    };
    list.insert(at, e);
}

#[cfg(test)]
mod tests {
    use newsgraph_model::Modality;

    use super::*;
    use crate::fixture::{leaders, lookup, rel};

    #[test]
    fn builds_from_relations() {
        let g = leaders();
        assert_eq!(g.node_count(), 9);
        assert_eq!(g.edge_count(), 11);
        assert!(g.contains("joe-biden"));
        assert!(!g.contains("nobody"));
        assert_eq!(
            g.node("joe-biden").map(|n| n.name.as_str()),
            Some("Joe Biden")
        );
    }

    #[test]
    fn unknown_ids_get_their_id_as_name() {
        let g =
            KnowledgeGraph::from_relations([rel("a-b", Predicate::Met, "joe-biden", 1)], lookup);
        assert_eq!(g.node("a-b"), Some(&NodeInfo::unknown("a-b")));
        assert_eq!(g.node("a-b").map(|n| n.kind.as_str()), Some(UNKNOWN_KIND));
    }

    #[test]
    fn lookup_cannot_change_the_id() {
        let g = KnowledgeGraph::from_relations([rel("x", Predicate::Met, "y", 1)], |_| {
            Some(NodeInfo::new("other", "Other", "person"))
        });
        assert!(g.contains("x") && g.contains("y"));
        assert_eq!(g.node("x").map(|n| n.id.as_str()), Some("x"));
    }

    #[test]
    fn duplicate_keys_keep_the_last() {
        let g = KnowledgeGraph::from_relations(
            [
                rel("a", Predicate::Met, "b", 1),
                rel("b", Predicate::Met, "a", 5),
                rel("a", Predicate::Criticized, "b", 1),
                rel("b", Predicate::Criticized, "a", 1),
            ],
            |_| None,
        );
        assert_eq!(g.edge_count(), 3);
        assert_eq!(
            g.relation("a", Predicate::Met, "b").map(|r| r.support),
            Some(5)
        );
    }

    #[test]
    fn upsert_keeps_counts_right() {
        struct Case {
            name: &'static str,
            key: (&'static str, Predicate, &'static str),
            new: Option<RelationAggregate>,
            nodes: usize,
            edges: usize,
            gone: &'static [&'static str],
            support: Option<u64>,
        }
        let cases = [
            Case {
                name: "add between known nodes",
                key: ("alexander-de-croo", Predicate::Met, "recep-tayyip-erdogan"),
                new: Some(rel(
                    "alexander-de-croo",
                    Predicate::Met,
                    "recep-tayyip-erdogan",
                    1,
                )),
                nodes: 9,
                edges: 12,
                gone: &[],
                support: Some(1),
            },
            Case {
                name: "add a new node",
                key: ("angela-merkel", Predicate::Met, "joe-biden"),
                new: Some(rel("angela-merkel", Predicate::Met, "joe-biden", 1)),
                nodes: 10,
                edges: 12,
                gone: &[],
                support: Some(1),
            },
            Case {
                name: "replace in place",
                key: ("joe-biden", Predicate::Met, "recep-tayyip-erdogan"),
                new: Some(rel("joe-biden", Predicate::Met, "recep-tayyip-erdogan", 7)),
                nodes: 9,
                edges: 11,
                gone: &[],
                support: Some(7),
            },
            Case {
                name: "symmetric key matches either orientation",
                key: ("recep-tayyip-erdogan", Predicate::Met, "joe-biden"),
                new: Some(rel("joe-biden", Predicate::Met, "recep-tayyip-erdogan", 4)),
                nodes: 9,
                edges: 11,
                gone: &[],
                support: Some(4),
            },
            Case {
                name: "remove keeps a node with other edges",
                key: ("joe-biden", Predicate::Met, "vladimir-putin"),
                new: None,
                nodes: 9,
                edges: 10,
                gone: &[],
                support: None,
            },
            Case {
                name: "remove drops the orphan",
                key: ("jens-stoltenberg", Predicate::CoOccurs, "belgium"),
                new: None,
                nodes: 8,
                edges: 10,
                gone: &["belgium"],
                support: None,
            },
            Case {
                name: "remove of a missing key changes nothing",
                key: ("joe-biden", Predicate::Criticized, "nato"),
                new: None,
                nodes: 9,
                edges: 11,
                gone: &[],
                support: None,
            },
            Case {
                name: "directed key does not match reversed",
                key: ("nato", Predicate::Criticized, "vladimir-putin"),
                new: None,
                nodes: 9,
                edges: 11,
                gone: &[],
                support: None,
            },
        ];
        for c in cases {
            let mut g = leaders();
            g.upsert(c.key, c.new, lookup);
            assert_eq!(g.node_count(), c.nodes, "{}: nodes", c.name);
            assert_eq!(g.edge_count(), c.edges, "{}: edges", c.name);
            for id in c.gone {
                assert!(!g.contains(id), "{}: {id} should be gone", c.name);
            }
            let (s, p, o) = c.key;
            assert_eq!(
                g.relation(s, p, o).map(|r| r.support),
                c.support,
                "{}: support",
                c.name
            );
        }
    }

    #[test]
    fn upsert_remove_then_re_add_round_trips() {
        let mut g = leaders();
        let key = ("jens-stoltenberg", Predicate::HoldsRole, "nato");
        let old = g.relation(key.0, key.1, key.2).cloned();
        g.upsert(key, None, lookup);
        // Stoltenberg still co-occurs with Belgium and Biden; NATO is still criticised.
        assert_eq!((g.node_count(), g.edge_count()), (9, 10));
        g.upsert(key, old.clone(), lookup);
        assert_eq!((g.node_count(), g.edge_count()), (9, 11));
        assert_eq!(g.relation(key.0, key.1, key.2), old.as_ref());
    }

    #[test]
    fn upsert_removing_every_edge_empties_the_graph() {
        let mut g = leaders();
        let keys: Vec<_> = g
            .relations()
            .map(|r| (r.subject.clone(), r.predicate, r.object.clone()))
            .collect();
        for (s, p, o) in &keys {
            g.upsert((s, *p, o), None, lookup);
        }
        assert_eq!((g.node_count(), g.edge_count()), (0, 0));
        assert!(!g.contains("joe-biden"));
    }

    #[test]
    fn upsert_relabels_known_nodes() {
        let mut g = leaders();
        let mut r = rel("joe-biden", Predicate::Met, "vladimir-putin", 2);
        r.modalities = [(Modality::Asserted, 2)].into();
        g.upsert(
            ("joe-biden", Predicate::Met, "vladimir-putin"),
            Some(r),
            |id| (id == "joe-biden").then(|| NodeInfo::new(id, "President Biden", "person")),
        );
        assert_eq!(
            g.node("joe-biden").map(|n| n.name.as_str()),
            Some("President Biden")
        );
        // The lookup knows nothing of Putin now: he keeps what the graph had.
        assert_eq!(
            g.node("vladimir-putin").map(|n| n.name.as_str()),
            Some("Vladimir Putin")
        );
    }
}
