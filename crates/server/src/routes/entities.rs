//! `/v1/entities`: search, one entity with its top relations, and an entity's relations.

use actix_web::web;
use newsgraph_engine::Engine;
use newsgraph_graph::{Direction, EdgeFilter};
use newsgraph_model::Entity;
use newsgraph_store::EntityQuery;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::relations::{with_evidence, EvidenceLimit, RelationView, DEFAULT_EVIDENCE};
use super::{blocking, paginate_first, window, Page, Pagination, Route, Verb};
use crate::error::{ApiError, Problem};
use crate::AppState;

pub const ROUTES: &[Route] = &[
    Route::new(Verb::Get, "/v1/entities", |r| r.to(list)).cached(),
    Route::new(Verb::Get, "/v1/entities/{id}", |r| r.to(get)).cached(),
    Route::new(Verb::Get, "/v1/entities/{id}/relations", |r| {
        r.to(relations)
    })
    .cached(),
];

/// How many relations an entity page shows.
const TOP_RELATIONS: usize = 10;

/// Registers this resource's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    super::register(cfg, ROUTES);
}

/// An entity with its counts over the stored documents.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntityView {
    /// Id, type, name, aliases, offices, ...
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub entity: Entity,
    /// Mentions across the stored documents.
    pub mentions: u64,
    /// Stored documents that mention it.
    pub documents: u64,
}

/// Search parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntitySearch {
    /// Prefix of a name, alias or acronym, any case, with or without diacritics.
    pub q: Option<String>,
    /// Entity type (`person`, `country`, ...).
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: Option<String>,
}

/// A page of entities.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntityPage {
    pub items: Vec<EntityView>,
    pub next_cursor: Option<String>,
}

/// Entities seen in documents or added by users, ordered by id.
#[utoipa::path(get, path = "/v1/entities", tag = "entities", params(EntitySearch, Pagination),
    responses((status = 200, body = EntityPage), (status = 400, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    search: web::Query<EntitySearch>,
    page: web::Query<Pagination>,
) -> Result<web::Json<EntityPage>, ApiError> {
    let query = EntityQuery {
        kind: search.kind.clone().filter(|k| !k.is_empty()),
        prefix: search.q.clone().filter(|q| !q.trim().is_empty()),
        cursor: page.cursor.clone(),
        limit: page.limit(state.max_results()),
    };
    let found = blocking(&state, move |engine| Ok(engine.store().entities(&query)?)).await?;
    Ok(web::Json(EntityPage {
        items: found
            .items
            .into_iter()
            .map(|e| EntityView {
                entity: e.entity,
                mentions: e.mentions,
                documents: e.documents,
            })
            .collect(),
        next_cursor: found.next_cursor,
    }))
}

/// An entity as the store knows it, else as a gazetteer does (with no mentions).
///
/// # Errors
/// [`ApiError::NotFound`] when neither knows it; a storage failure.
pub(crate) fn lookup(engine: &Engine, id: &str) -> Result<EntityView, ApiError> {
    if let Some(stored) = engine.store().entity(id)? {
        return Ok(EntityView {
            entity: stored.entity,
            mentions: stored.mentions,
            documents: stored.documents,
        });
    }
    engine
        .extractor()?
        .gazetteer()
        .get(id)
        .map(|e| EntityView {
            entity: e.clone(),
            mentions: 0,
            documents: 0,
        })
        .ok_or_else(|| ApiError::NotFound(format!("no entity {id:?}")))
}

/// One entity and its best supported relations.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntityDetail {
    #[serde(flatten)]
    pub entity: EntityView,
    /// Most supported first, `co_occurs` left out.
    pub top_relations: Vec<RelationView>,
}

/// An entity: names, aliases, offices, mention count and top relations.
#[utoipa::path(get, path = "/v1/entities/{id}", tag = "entities",
    params(("id" = String, Path, description = "Entity id (`joe-biden`)")),
    responses((status = 200, body = EntityDetail), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<web::Json<EntityDetail>, ApiError> {
    let id = id.into_inner();
    let shared = state.get_ref().clone();
    let detail = blocking(&state, move |engine| {
        let entity = lookup(engine, &id)?;
        let rels: Vec<_> = {
            let graph = engine.graph();
            if graph.contains(&id) {
                // The default filter leaves out co_occurs.
                let (rels, _) = graph.relations_of(&id, &EdgeFilter::default(), TOP_RELATIONS)?;
                rels.into_iter().cloned().collect()
            } else {
                Vec::new()
            }
        };
        Ok(EntityDetail {
            entity,
            top_relations: with_evidence(&shared, rels, DEFAULT_EVIDENCE)?,
        })
    })
    .await?;
    Ok(web::Json(detail))
}

/// Which of an entity's relations to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntityRelationFilter {
    /// A predicate name (`met`, `attended`, ...); all but `co_occurs` when absent.
    #[param(
        pattern = "^(met|spoke_with|attended|holds_role|member_of|traveled_to|criticized|called_on|located_in|co_occurs)?$"
    )]
    pub predicate: Option<String>,
    /// `out` (the entity is the subject), `in` (the object) or `both` (the default).
    #[param(pattern = "^(out|in|both)?$")]
    pub direction: Option<String>,
    /// Only relations with support in this modality.
    #[param(pattern = "^(asserted|planned|negated|hypothetical)?$")]
    pub modality: Option<String>,
    /// `YYYY-MM-DD`
    pub since: Option<String>,
    /// `YYYY-MM-DD`
    pub until: Option<String>,
}

/// A page of relations.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelationPage {
    pub items: Vec<RelationView>,
    pub next_cursor: Option<String>,
}

impl From<Page<RelationView>> for RelationPage {
    fn from(p: Page<RelationView>) -> Self {
        RelationPage {
            items: p.items,
            next_cursor: p.next_cursor,
        }
    }
}

/// An entity's relations with their evidence, most supported first.
#[utoipa::path(get, path = "/v1/entities/{id}/relations", tag = "entities",
    params(("id" = String, Path, description = "Entity id"), EntityRelationFilter, Pagination,
        EvidenceLimit),
    responses((status = 200, body = RelationPage), (status = 400, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn relations(
    state: web::Data<AppState>,
    id: web::Path<String>,
    filter: web::Query<EntityRelationFilter>,
    page: web::Query<Pagination>,
    evidence: web::Query<EvidenceLimit>,
) -> Result<web::Json<RelationPage>, ApiError> {
    let id = id.into_inner();
    let (since, until) = window(filter.since.as_deref(), filter.until.as_deref())?;
    let direction = match filter.direction.as_deref().map(str::trim) {
        Some("out") => Direction::Out,
        Some("in") => Direction::In,
        None | Some("" | "both") => Direction::Both,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "unknown direction {other:?}; one of out, in, both"
            )))
        }
    };
    // All but co_occurs unless one is asked for, as in the entity's page, the graph
    // endpoints and `newsgraph relations`.
    let edges = EdgeFilter {
        predicates: super::predicate(filter.predicate.as_deref())?
            .into_iter()
            .collect(),
        modalities: super::modality(filter.modality.as_deref())?
            .into_iter()
            .collect(),
        direction,
        since,
        until,
        ..EdgeFilter::default()
    };
    let page = page.into_inner();
    let max = state.max_results();
    let per_relation = evidence.get(max);
    let shared = state.get_ref().clone();
    let found = blocking(&state, move |engine| {
        lookup(engine, &id)?;
        // The graph holds every relation's aggregate in memory, each entity's in listing
        // order: a page is a walk from the front.
        let page = {
            let graph = engine.graph();
            paginate_first(&page, max, |first| {
                if !graph.contains(&id) {
                    return Ok((Vec::new(), 0));
                }
                let (rels, total) = graph.relations_of(&id, &edges, first)?;
                Ok((rels.into_iter().cloned().collect(), total))
            })?
        };
        Ok(Page {
            items: with_evidence(&shared, page.items, per_relation)?,
            next_cursor: page.next_cursor,
        })
    })
    .await?;
    Ok(web::Json(found.into()))
}
