//! `/v1/relations` (with their evidence) and `/v1/meetings` (who met whom).

use actix_web::web;
use newsgraph_graph::NodeInfo;
use newsgraph_model::{Modality, RelationAggregate};
use newsgraph_store::RelationQuery;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::entities::{lookup, RelationPage};
use super::{blocking, paginate, paginate_first, window, Page, Pagination, Route, Verb};
use crate::cache::Evidence;
use crate::error::{ApiError, Problem};
use crate::AppState;

pub const ROUTES: &[Route] = &[
    Route::new(Verb::Get, "/v1/relations", |r| r.to(list)).cached(),
    Route::new(Verb::Get, "/v1/meetings", |r| r.to(meetings)).cached(),
];

/// Registers this resource's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    super::register(cfg, ROUTES);
}

/// A relation summed over every sentence that states it, with those sentences.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelationView {
    /// `subject`, `predicate`, `object`, `support`, `modalities`, `first_date`, `last_date`.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub relation: RelationAggregate,
    /// The modality with the most support.
    #[schema(value_type = String, example = "asserted")]
    pub modality: Modality,
    /// Document id, sentence index, code-point offsets and text of the first statements
    /// (`support` of them in all; the `evidence` parameter says how many are listed).
    #[schema(value_type = Vec<Object>)]
    pub evidence: Evidence,
}

/// Sentences per relation in a listing when the request does not say.
pub const DEFAULT_EVIDENCE: usize = 5;

/// How many of each relation's sentences a listing carries.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvidenceLimit {
    /// Sentences per relation: 5 when absent, 0 for none, at most `max_results` (larger
    /// values are capped). A relation's `support` says how many there are.
    pub evidence: Option<usize>,
}

impl EvidenceLimit {
    pub(crate) fn get(&self, max: usize) -> usize {
        self.evidence.unwrap_or(DEFAULT_EVIDENCE).min(max)
    }
}

/// Adds the first `limit` pieces of each relation's evidence, from the evidence cache or the
/// store.
///
/// # Errors
/// A storage failure.
pub(crate) fn with_evidence(
    state: &AppState,
    rels: Vec<RelationAggregate>,
    limit: usize,
) -> Result<Vec<RelationView>, ApiError> {
    rels.into_iter()
        .map(|relation| {
            let evidence = state.evidence_first(
                &relation.subject,
                relation.predicate,
                &relation.object,
                limit,
            )?;
            Ok(RelationView {
                modality: relation.main_modality(),
                relation,
                evidence,
            })
        })
        .collect()
}

/// Which relations to list; every parameter given must hold.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RelationFilter {
    /// Subject id; for symmetric predicates (`met`) either end.
    pub subject: Option<String>,
    /// A predicate name; all but `co_occurs` when absent.
    #[param(
        pattern = "^(met|spoke_with|attended|holds_role|member_of|traveled_to|criticized|called_on|located_in|co_occurs)?$"
    )]
    pub predicate: Option<String>,
    /// Object id; for symmetric predicates either end.
    pub object: Option<String>,
    /// Only relations with support in this modality.
    #[param(pattern = "^(asserted|planned|negated|hypothetical)?$")]
    pub modality: Option<String>,
    /// `YYYY-MM-DD`
    pub since: Option<String>,
    /// `YYYY-MM-DD`
    pub until: Option<String>,
    /// Least number of statements.
    pub min_support: Option<u64>,
}

/// Relations with their evidence, most supported first.
#[utoipa::path(get, path = "/v1/relations", tag = "relations",
    params(RelationFilter, Pagination, EvidenceLimit),
    responses((status = 200, body = RelationPage), (status = 400, body = Problem),
        (status = 422, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    filter: web::Query<RelationFilter>,
    page: web::Query<Pagination>,
    evidence: web::Query<EvidenceLimit>,
) -> Result<web::Json<RelationPage>, ApiError> {
    let filter = filter.into_inner();
    let (since, until) = window(filter.since.as_deref(), filter.until.as_deref())?;
    let nonempty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let query = RelationQuery {
        subject: nonempty(filter.subject),
        object: nonempty(filter.object),
        predicate: super::predicate(filter.predicate.as_deref())?,
        modality: super::modality(filter.modality.as_deref())?,
        since,
        until,
        min_support: filter.min_support.unwrap_or(0),
        ..RelationQuery::default()
    };
    let page = page.into_inner();
    let max = state.max_results();
    let per_relation = evidence.get(max);
    let shared = state.get_ref().clone();
    let found = blocking(&state, move |engine| {
        let mut found = engine.store().relations(&query)?;
        // Co-occurrences only when asked for, as in every other listing.
        if query.predicate.is_none() {
            found.retain(|r| r.predicate.is_typed());
        }
        let page = paginate(found, &page, max)?;
        Ok(Page {
            items: with_evidence(&shared, page.items, per_relation)?,
            next_cursor: page.next_cursor,
        })
    })
    .await?;
    Ok(web::Json(found.into()))
}

/// Which meetings to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingFilter {
    /// Only this entity's meetings.
    pub entity: Option<String>,
    /// `YYYY-MM-DD`
    pub since: Option<String>,
    /// `YYYY-MM-DD`
    pub until: Option<String>,
}

/// One `met` relation: who, how often in each modality, when, and the sentences.
#[derive(Debug, Serialize, ToSchema)]
pub struct Meeting {
    #[schema(value_type = Object)]
    pub subject: NodeInfo,
    #[schema(value_type = Object)]
    pub object: NodeInfo,
    /// The other party, when the query named an entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub with: Option<NodeInfo>,
    pub support: u64,
    /// Support per modality (`{"planned": 2}`).
    #[schema(value_type = Object)]
    pub modalities: std::collections::BTreeMap<Modality, u64>,
    /// The modality with the most support.
    #[schema(value_type = String, example = "planned")]
    pub modality: Modality,
    #[schema(value_type = Option<String>)]
    pub first_date: Option<chrono::NaiveDate>,
    #[schema(value_type = Option<String>)]
    pub last_date: Option<chrono::NaiveDate>,
    /// The first statements (`support` of them in all).
    #[schema(value_type = Vec<Object>)]
    pub evidence: Evidence,
}

/// A page of meetings.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingPage {
    pub items: Vec<Meeting>,
    pub next_cursor: Option<String>,
}

/// Who met whom, with modality counts, dates and evidence; ordered by (subject, object).
#[utoipa::path(get, path = "/v1/meetings", tag = "relations",
    params(MeetingFilter, Pagination, EvidenceLimit),
    responses((status = 200, body = MeetingPage), (status = 400, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn meetings(
    state: web::Data<AppState>,
    filter: web::Query<MeetingFilter>,
    page: web::Query<Pagination>,
    evidence: web::Query<EvidenceLimit>,
) -> Result<web::Json<MeetingPage>, ApiError> {
    let filter = filter.into_inner();
    let (since, until) = window(filter.since.as_deref(), filter.until.as_deref())?;
    let entity = filter.entity.filter(|e| !e.trim().is_empty());
    let page = page.into_inner();
    let max = state.max_results();
    let per_relation = evidence.get(max);
    let shared = state.get_ref().clone();
    let found = blocking(&state, move |engine| {
        let graph = engine.graph();
        if let Some(id) = entity.as_deref().filter(|id| !graph.contains(id)) {
            // Known but without meetings: an empty list; unknown: 404.
            drop(graph);
            lookup(engine, id)?;
            return Ok(MeetingPage {
                items: Vec::new(),
                next_cursor: None,
            });
        }
        // Only the page is sorted out of the entity's meetings, and only it is copied.
        let met = paginate_first(&page, max, |first| {
            Ok(graph.meetings_first(entity.as_deref(), since, until, first)?)
        })?;
        let node = |id: &str| {
            graph
                .node(id)
                .cloned()
                .unwrap_or_else(|| NodeInfo::unknown(id))
        };
        let Page { items, next_cursor } = met;
        let rows: Vec<(RelationAggregate, NodeInfo, NodeInfo)> = items
            .into_iter()
            .map(|r| (r.clone(), node(&r.subject), node(&r.object)))
            .collect();
        drop(graph);
        let mut items = Vec::with_capacity(rows.len());
        for (r, subject, object) in rows {
            let evidence =
                shared.evidence_first(&r.subject, r.predicate, &r.object, per_relation)?;
            let with = entity.as_deref().map(|id| {
                if subject.id == id {
                    object.clone()
                } else {
                    subject.clone()
                }
            });
            items.push(Meeting {
                modality: r.main_modality(),
                subject,
                object,
                with,
                support: r.support,
                modalities: r.modalities,
                first_date: r.first_date,
                last_date: r.last_date,
                evidence,
            });
        }
        Ok(MeetingPage { items, next_cursor })
    })
    .await?;
    Ok(web::Json(found))
}
