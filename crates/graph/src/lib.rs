//! The knowledge graph in memory: entities as nodes, relation aggregates as edges, with the
//! queries the server answers (neighbours, meetings, ego networks, shortest paths, centrality,
//! components) and the exports it offers (Graphviz DOT, GraphML, node-link JSON).
//!
//! The graph is a projection of the store's `relations`: build it once with
//! [`KnowledgeGraph::from_relations`], then keep it current with [`KnowledgeGraph::upsert`]
//! after each ingest or delete. `co_occurs` edges are kept, but a query follows them only when
//! asked for by name; an empty predicate list means every typed predicate.
//!
//! Every result is sorted (by id, then predicate), so the same graph always answers the same
//! way and exports the same bytes.
//!
//! ```
//! use newsgraph_graph::{to_dot, EdgeFilter, KnowledgeGraph, NodeInfo};
//! use newsgraph_model::{Modality, Predicate, RelationAggregate};
//!
//! let met = RelationAggregate {
//!     subject: "joe-biden".into(),
//!     predicate: Predicate::Met,
//!     object: "recep-tayyip-erdogan".into(),
//!     support: 2,
//!     modalities: [(Modality::Planned, 2)].into(),
//!     roles: Default::default(),
//!     first_date: None,
//!     last_date: None,
//! };
//! let graph = KnowledgeGraph::from_relations([met], |id| {
//!     (id == "joe-biden").then(|| NodeInfo::new(id, "Joe Biden", "person"))
//! });
//!
//! let near = graph.neighbours("joe-biden", &EdgeFilter::default())?;
//! assert_eq!(near[0].id, "recep-tayyip-erdogan");
//! assert_eq!(near[0].kind, "unknown"); // the lookup did not know him
//!
//! let dot = to_dot(&graph.ego("joe-biden", 1, &EdgeFilter::default(), 50)?);
//! assert!(dot.contains(r#"label="met ×2", dir=none, style=dashed"#));
//! # Ok::<(), newsgraph_graph::Error>(())
//! ```

mod centrality;
mod dot;
mod error;
mod filter;
mod graph;
mod graphml;
mod json;
mod query;

#[cfg(test)]
mod fixture;

pub use centrality::{Ranked, DAMPING, MAX_ITERATIONS, TOLERANCE};
pub use dot::{graphviz, to_dot};
pub use error::{Error, Result};
pub use filter::{check_window, Direction, EdgeFilter, ExportFilter};
pub use graph::{KnowledgeGraph, NodeInfo, UNKNOWN_KIND};
pub use graphml::to_graphml;
pub use json::to_json;
pub use query::{Neighbour, Path, Subgraph};
