use std::collections::{BTreeMap, HashMap, HashSet};

use newsgraph_model::Predicate;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use serde::{Deserialize, Serialize};

use crate::filter::allows;
use crate::KnowledgeGraph;

/// How PageRank spreads rank along edges rather than jumping at random.
pub const DAMPING: f64 = 0.85;
/// PageRank stops when an iteration moves the ranks by less than this in total (L1).
pub const TOLERANCE: f64 = 1e-9;
/// PageRank stops after this many iterations whatever the change.
pub const MAX_ITERATIONS: usize = 100;

/// An entity with a score, for rankings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub score: f64,
}

impl KnowledgeGraph {
    /// Entities by how many edges of `predicates` they have (none given means all but
    /// `co_occurs`), most first, ties by id; at most `limit` (0 means all). Entities without
    /// such an edge are left out.
    pub fn degree(&self, predicates: &[Predicate], limit: usize) -> Vec<Ranked> {
        let mut score: HashMap<NodeIndex, f64> = HashMap::new();
        for e in self.allowed_edges(predicates) {
            *score.entry(e.source()).or_default() += 1.0;
            *score.entry(e.target()).or_default() += 1.0;
        }
        self.ranked(score, limit)
    }

    /// PageRank over the edges of `predicates` (none given means all but `co_occurs`), with
    /// damping [`DAMPING`], each edge weighted by its support; symmetric predicates count both
    /// ways, the others from subject to object. Rank of entities with no outgoing weight is
    /// spread evenly, so the scores sum to 1. Most first, ties by id; at most `limit` (0 means
    /// all). Entities without such an edge are left out.
    pub fn pagerank(&self, predicates: &[Predicate], limit: usize) -> Vec<Ranked> {
        // Positions in id order, so the floating-point sums run in the same order every time.
        let ids: BTreeMap<&str, NodeIndex> = self
            .allowed_edges(predicates)
            .flat_map(|e| [e.source(), e.target()])
            .map(|n| (self.graph[n].id.as_str(), n))
            .collect();
        let pos: HashMap<NodeIndex, usize> =
            ids.values().enumerate().map(|(i, &n)| (n, i)).collect();
        let n = pos.len();
        if n == 0 {
            return Vec::new();
        }
        let mut links: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for e in self.allowed_edges(predicates) {
            let w = e.weight().support as f64;
            let (s, t) = (pos[&e.source()], pos[&e.target()]);
            links[s].push((t, w));
            if e.weight().predicate.is_symmetric() && s != t {
                links[t].push((s, w));
            }
        }
        for l in &mut links {
            l.sort_by_key(|&(t, _)| t);
        }
        let out_weight: Vec<f64> = links
            .iter()
            .map(|l| l.iter().map(|&(_, w)| w).sum())
            .collect();
        let size = n as f64;
        let mut rank = vec![1.0 / size; n];
        for _ in 0..MAX_ITERATIONS {
            let dangling: f64 = (0..n)
                .filter(|&i| out_weight[i] <= 0.0)
                .map(|i| rank[i])
                .sum();
            let base = (1.0 - DAMPING) / size + DAMPING * dangling / size;
            let mut next = vec![base; n];
            for (i, l) in links.iter().enumerate() {
                if out_weight[i] > 0.0 {
                    let share = DAMPING * rank[i] / out_weight[i];
                    for &(t, w) in l {
                        next[t] += share * w;
                    }
                }
            }
            let change: f64 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
            rank = next;
            if change < TOLERANCE {
                break;
            }
        }
        let score = ids.values().zip(rank).map(|(&n, r)| (n, r)).collect();
        self.ranked(score, limit)
    }

    /// The connected components over edges of `predicates` taken either way (none given means
    /// all but `co_occurs`): largest first, then by first id; ids sorted within each. Entities
    /// without such an edge are left out.
    pub fn components(&self, predicates: &[Predicate]) -> Vec<Vec<String>> {
        let mut adjacent: HashMap<NodeIndex, Vec<NodeIndex>> = HashMap::new();
        for e in self.allowed_edges(predicates) {
            adjacent.entry(e.source()).or_default().push(e.target());
            adjacent.entry(e.target()).or_default().push(e.source());
        }
        let mut seen: HashSet<NodeIndex> = HashSet::new();
        let mut out: Vec<Vec<String>> = Vec::new();
        for &start in adjacent.keys() {
            if !seen.insert(start) {
                continue;
            }
            let mut stack = vec![start];
            let mut component = Vec::new();
            while let Some(n) = stack.pop() {
                component.push(self.graph[n].id.clone());
                for &m in adjacent.get(&n).into_iter().flatten() {
                    if seen.insert(m) {
                        stack.push(m);
                    }
                }
            }
            component.sort();
            out.push(component);
        }
        out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        out
    }

    fn allowed_edges<'a>(
        &'a self,
        predicates: &'a [Predicate],
    ) -> impl Iterator<
        Item = petgraph::stable_graph::EdgeReference<'a, newsgraph_model::RelationAggregate>,
    > + 'a {
        self.graph
            .edge_references()
            .filter(move |e| allows(predicates, e.weight().predicate))
    }

    fn ranked(&self, score: HashMap<NodeIndex, f64>, limit: usize) -> Vec<Ranked> {
        let mut out: Vec<Ranked> = score
            .into_iter()
            .map(|(n, score)| {
                let info = &self.graph[n];
                Ranked {
                    id: info.id.clone(),
                    name: info.name.clone(),
                    kind: info.kind.clone(),
                    score,
                }
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        if limit > 0 {
            out.truncate(limit);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{leaders, rel};

    fn scores(r: &[Ranked]) -> Vec<(&str, f64)> {
        r.iter().map(|r| (r.id.as_str(), r.score)).collect()
    }

    #[test]
    fn degree() {
        use Predicate::*;
        let g = leaders();
        // (name, predicates, limit, ranking)
        type Case = (
            &'static str,
            Vec<Predicate>,
            usize,
            Vec<(&'static str, f64)>,
        );
        let cases: Vec<Case> = vec![
            (
                "typed predicates, ties by id",
                vec![],
                0,
                vec![
                    ("joe-biden", 4.0),
                    ("nato-summit-2021", 3.0),
                    ("vladimir-putin", 3.0),
                    ("alexander-de-croo", 2.0),
                    ("nato", 2.0),
                    ("recep-tayyip-erdogan", 2.0),
                    ("brussels", 1.0),
                    ("jens-stoltenberg", 1.0),
                ],
            ),
            (
                "met",
                vec![Met],
                0,
                vec![
                    ("joe-biden", 3.0),
                    ("alexander-de-croo", 1.0),
                    ("recep-tayyip-erdogan", 1.0),
                    ("vladimir-putin", 1.0),
                ],
            ),
            (
                "co_occurs",
                vec![CoOccurs],
                0,
                vec![
                    ("jens-stoltenberg", 2.0),
                    ("belgium", 1.0),
                    ("joe-biden", 1.0),
                ],
            ),
            (
                "limit",
                vec![],
                2,
                vec![("joe-biden", 4.0), ("nato-summit-2021", 3.0)],
            ),
            ("nothing", vec![TraveledTo], 0, vec![]),
        ];
        for (name, preds, limit, want) in cases {
            assert_eq!(scores(&g.degree(&preds, limit)), want, "{name}");
        }
    }

    #[test]
    fn pagerank() {
        use Predicate::*;
        let star = KnowledgeGraph::from_relations(
            ["a", "b", "c", "d"].map(|leaf| rel("hub", Met, leaf, 1)),
            |_| None,
        );
        let chain = KnowledgeGraph::from_relations(
            [rel("a", Criticized, "b", 1), rel("b", Criticized, "c", 1)],
            |_| None,
        );
        let weighted = KnowledgeGraph::from_relations(
            [rel("x", Met, "heavy", 10), rel("x", Met, "light", 1)],
            |_| None,
        );
        let g = leaders();
        let cases: Vec<(&str, &KnowledgeGraph, Vec<Predicate>, usize, &str)> = vec![
            ("star", &star, vec![], 5, "hub"),
            ("leaders over met", &g, vec![Met], 4, "joe-biden"),
            ("leaders, typed", &g, vec![], 8, "joe-biden"),
            ("co_occurs", &g, vec![CoOccurs], 3, "jens-stoltenberg"),
            (
                "directed chain: rank flows to the end",
                &chain,
                vec![],
                3,
                "c",
            ),
            ("weighted by support", &weighted, vec![], 3, "x"),
        ];
        for (name, graph, preds, len, first) in cases {
            let r = graph.pagerank(&preds, 0);
            assert_eq!(r.len(), len, "{name}: {:?}", scores(&r));
            assert_eq!(r[0].id, first, "{name}: {:?}", scores(&r));
            let sum: f64 = r.iter().map(|r| r.score).sum();
            assert!((sum - 1.0).abs() < 1e-6, "{name}: sums to {sum}");
            for w in r.windows(2) {
                assert!(w[0].score >= w[1].score, "{name}: not sorted");
            }
        }
        let w = weighted.pagerank(&[], 0);
        let score = |id: &str| w.iter().find(|r| r.id == id).map_or(0.0, |r| r.score);
        assert!(score("heavy") > score("light"), "{:?}", scores(&w));
        let leaves: Vec<f64> = star.pagerank(&[], 0)[1..].iter().map(|r| r.score).collect();
        assert!(
            leaves.iter().all(|s| (s - leaves[0]).abs() < 1e-12),
            "{leaves:?}"
        );
        assert_eq!(g.pagerank(&[], 2).len(), 2);
        assert!(KnowledgeGraph::new().pagerank(&[], 0).is_empty());
    }

    #[test]
    fn pagerank_is_deterministic() {
        let a = leaders().pagerank(&[], 0);
        let b = leaders().pagerank(&[], 0);
        assert_eq!(a, b);
    }

    #[test]
    fn components() {
        use Predicate::*;
        let g = leaders();
        // (name, predicates, components)
        type Case = (&'static str, Vec<Predicate>, Vec<Vec<&'static str>>);
        let cases: Vec<Case> = vec![
            (
                "typed: one component",
                vec![],
                vec![vec![
                    "alexander-de-croo",
                    "brussels",
                    "jens-stoltenberg",
                    "joe-biden",
                    "nato",
                    "nato-summit-2021",
                    "recep-tayyip-erdogan",
                    "vladimir-putin",
                ]],
            ),
            (
                "met",
                vec![Met],
                vec![vec![
                    "alexander-de-croo",
                    "joe-biden",
                    "recep-tayyip-erdogan",
                    "vladimir-putin",
                ]],
            ),
            (
                "co_occurs",
                vec![CoOccurs],
                vec![vec!["belgium", "jens-stoltenberg", "joe-biden"]],
            ),
            (
                "equal sizes by first id",
                vec![HoldsRole, LocatedIn],
                vec![
                    vec!["brussels", "nato-summit-2021"],
                    vec!["jens-stoltenberg", "nato"],
                ],
            ),
            ("nothing", vec![TraveledTo], vec![]),
        ];
        for (name, preds, want) in cases {
            assert_eq!(g.components(&preds), want, "{name}");
        }
        let two = KnowledgeGraph::from_relations(
            [
                rel("a", Met, "b", 1),
                rel("x", Met, "y", 1),
                rel("y", Met, "z", 1),
            ],
            |_| None,
        );
        assert_eq!(
            two.components(&[]),
            [vec!["x", "y", "z"], vec!["a", "b"]],
            "largest first"
        );
    }
}
