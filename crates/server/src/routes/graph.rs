//! Graph queries: `/v1/paths`, `/v1/central`, `/v1/graph` (DOT, GraphML, JSON) and
//! `/v1/stats`.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use newsgraph_graph::{to_dot, to_graphml, to_json, ExportFilter, NodeInfo, Ranked};
use newsgraph_model::RelationAggregate;
use newsgraph_store::Stats;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::entities::lookup;
use super::{blocking, list, predicates, window, Route, Verb};
use crate::error::{ApiError, Problem};
use crate::AppState;

pub const ROUTES: &[Route] = &[
    Route::new(Verb::Get, "/v1/paths", |r| r.to(paths)).cached(),
    Route::new(Verb::Get, "/v1/central", |r| r.to(central)).cached(),
    Route::new(Verb::Get, "/v1/graph", |r| r.to(export)).cached(),
    Route::new(Verb::Get, "/v1/stats", |r| r.to(stats)),
];

/// Hops a path search goes when `max_hops` is not given.
const DEFAULT_MAX_HOPS: usize = 6;
/// Nodes an export holds when `max_nodes` is not given.
const DEFAULT_MAX_NODES: usize = 1000;

/// Registers this resource's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    super::register(cfg, ROUTES);
}

/// Between which entities to look for a path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PathQuery {
    /// Entity id where the path starts.
    pub from: String,
    /// Entity id where it ends.
    pub to: String,
    /// Predicates to follow, comma-separated; all but `co_occurs` when absent.
    #[param(
        pattern = "^(met|spoke_with|attended|holds_role|member_of|traveled_to|criticized|called_on|located_in|co_occurs)?(,(met|spoke_with|attended|holds_role|member_of|traveled_to|criticized|called_on|located_in|co_occurs)?)*$"
    )]
    pub predicate: Option<String>,
    /// Longest path searched (6 when absent).
    pub max_hops: Option<usize>,
}

/// The shortest path, if any: `nodes[i]` and `nodes[i + 1]` are joined by `edges[i]`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PathView {
    pub found: bool,
    pub hops: usize,
    #[schema(value_type = Vec<Object>)]
    pub nodes: Vec<NodeInfo>,
    #[schema(value_type = Vec<Object>)]
    pub edges: Vec<RelationAggregate>,
}

/// The fewest hops between two entities, edges taken either way.
#[utoipa::path(get, path = "/v1/paths", tag = "graph", params(PathQuery),
    responses((status = 200, body = PathView), (status = 400, body = Problem),
        (status = 404, body = Problem)))]
pub async fn paths(
    state: web::Data<AppState>,
    query: web::Query<PathQuery>,
) -> Result<web::Json<PathView>, ApiError> {
    let q = query.into_inner();
    let preds = predicates(q.predicate.as_deref())?;
    let max_hops = q.max_hops.unwrap_or(DEFAULT_MAX_HOPS);
    let view = blocking(&state, move |engine| {
        let graph = engine.graph();
        let missing: Vec<&str> = [q.from.as_str(), q.to.as_str()]
            .into_iter()
            .filter(|id| !graph.contains(id))
            .collect();
        let path = if missing.is_empty() {
            graph.shortest_path(&q.from, &q.to, &preds, Some(max_hops))?
        } else {
            drop(graph);
            // An entity without relations has no path; one nobody knows is a 404.
            for id in missing {
                lookup(engine, id)?;
            }
            None
        };
        Ok(match path {
            Some(p) => PathView {
                found: true,
                hops: p.hops(),
                nodes: p.nodes,
                edges: p.edges,
            },
            None => PathView {
                found: false,
                hops: 0,
                nodes: Vec::new(),
                edges: Vec::new(),
            },
        })
    })
    .await?;
    Ok(web::Json(view))
}

/// How to rank entities.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CentralQuery {
    /// Predicates counted, comma-separated; all but `co_occurs` when absent.
    #[param(
        pattern = "^(met|spoke_with|attended|holds_role|member_of|traveled_to|criticized|called_on|located_in|co_occurs)?(,(met|spoke_with|attended|holds_role|member_of|traveled_to|criticized|called_on|located_in|co_occurs)?)*$"
    )]
    pub predicate: Option<String>,
    /// `degree` (the default) or `pagerank`.
    #[param(pattern = "^(degree|pagerank)?$")]
    pub by: Option<String>,
    /// How many (50 when absent, at most 1000).
    pub limit: Option<usize>,
}

/// Entities ranked by a centrality measure.
#[derive(Debug, Serialize, ToSchema)]
pub struct CentralView {
    pub by: String,
    /// Highest first: `id`, `name`, `type`, `score`.
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<Ranked>,
}

/// The most central entities, by degree or PageRank.
#[utoipa::path(get, path = "/v1/central", tag = "graph", params(CentralQuery),
    responses((status = 200, body = CentralView), (status = 400, body = Problem)))]
pub async fn central(
    state: web::Data<AppState>,
    query: web::Query<CentralQuery>,
) -> Result<web::Json<CentralView>, ApiError> {
    let preds = predicates(query.predicate.as_deref())?;
    let by = query.by.as_deref().map(str::trim).unwrap_or("degree");
    let pagerank = match by {
        "" | "degree" => false,
        "pagerank" => true,
        other => {
            return Err(ApiError::BadRequest(format!(
                "unknown measure {other:?}; one of degree, pagerank"
            )))
        }
    };
    let max = state.max_results();
    let limit = query.limit.unwrap_or(super::DEFAULT_LIMIT).clamp(1, max);
    let items = blocking(&state, move |engine| {
        let graph = engine.graph();
        Ok(if pagerank {
            graph.pagerank(&preds, limit)
        } else {
            graph.degree(&preds, limit)
        })
    })
    .await?;
    Ok(web::Json(CentralView {
        by: if pagerank { "pagerank" } else { "degree" }.to_owned(),
        items,
    }))
}

/// What part of the graph to export, and how.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GraphQuery {
    /// `json` (the default, node-link), `dot` (Graphviz) or `graphml`.
    #[param(pattern = "^(json|dot|graphml)?$")]
    pub format: Option<String>,
    /// Export only this entity's neighbourhood.
    pub center: Option<String>,
    /// Hops from `center` (1 when absent).
    pub depth: Option<usize>,
    /// Predicates kept, comma-separated; all but `co_occurs` when absent.
    #[param(
        pattern = "^(met|spoke_with|attended|holds_role|member_of|traveled_to|criticized|called_on|located_in|co_occurs)?(,(met|spoke_with|attended|holds_role|member_of|traveled_to|criticized|called_on|located_in|co_occurs)?)*$"
    )]
    pub predicate: Option<String>,
    /// Entity types kept, comma-separated.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: Option<String>,
    /// Least support of an edge.
    pub min_support: Option<u64>,
    /// `YYYY-MM-DD`
    pub since: Option<String>,
    /// `YYYY-MM-DD`
    pub until: Option<String>,
    /// Most nodes (1000 when absent; 0 means as many as the server allows, `max_graph_nodes`).
    pub max_nodes: Option<usize>,
}

enum Format {
    Json,
    Dot,
    GraphMl,
}

/// The graph, or part of it, as DOT (`text/vnd.graphviz`), GraphML (`application/graphml+xml`)
/// or node-link JSON.
#[utoipa::path(get, path = "/v1/graph", tag = "graph", params(GraphQuery),
    responses(
        (status = 200, description = "The subgraph", content(
            (Object = "application/json"),
            (String = "text/vnd.graphviz"),
            (String = "application/graphml+xml"))),
        (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn export(
    state: web::Data<AppState>,
    query: web::Query<GraphQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let format = match q.format.as_deref().map(str::trim) {
        None | Some("" | "json") => Format::Json,
        Some("dot") => Format::Dot,
        Some("graphml") => Format::GraphMl,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "unknown format {other:?}; one of json, dot, graphml"
            )))
        }
    };
    let (since, until) = window(q.since.as_deref(), q.until.as_deref())?;
    let filter = ExportFilter {
        center: q.center.filter(|c| !c.trim().is_empty()),
        depth: q.depth.unwrap_or(1),
        predicates: predicates(q.predicate.as_deref())?,
        types: list(q.kind.as_deref()).map(str::to_owned).collect(),
        min_support: q.min_support.unwrap_or(0),
        since,
        until,
        // 0 or more than the server allows both mean the server's most.
        max_nodes: match q.max_nodes.unwrap_or(DEFAULT_MAX_NODES) {
            0 => state.max_graph_nodes(),
            n => n.min(state.max_graph_nodes()),
        },
    };
    let sub = blocking(&state, move |engine| {
        Ok(engine.graph().subgraph(&filter)?)
    })
    .await?;
    let (content_type, body) = match format {
        Format::Json => ("application/json", to_json(&sub).to_string()),
        Format::Dot => ("text/vnd.graphviz; charset=utf-8", to_dot(&sub)),
        Format::GraphMl => ("application/graphml+xml; charset=utf-8", to_graphml(&sub)),
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .body(body))
}

/// The in-memory graph's size.
#[derive(Debug, Serialize, ToSchema)]
pub struct GraphSize {
    pub nodes: usize,
    pub edges: usize,
}

/// Counts of what the store and the graph hold.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatsView {
    /// `documents`, `mentions`, `entities`, `relations`, `evidence`, `by_predicate`.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub store: Stats,
    pub graph: GraphSize,
}

/// Sizes of the store and the graph.
#[utoipa::path(get, path = "/v1/stats", tag = "graph",
    responses((status = 200, body = StatsView)))]
pub async fn stats(state: web::Data<AppState>) -> Result<web::Json<StatsView>, ApiError> {
    let view = blocking(&state, |engine| {
        let store = engine.store().stats()?;
        let graph = engine.graph();
        Ok(StatsView {
            store,
            graph: GraphSize {
                nodes: graph.node_count(),
                edges: graph.edge_count(),
            },
        })
    })
    .await?;
    Ok(web::Json(view))
}
