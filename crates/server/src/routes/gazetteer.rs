//! Gazetteer curation: `/v1/candidates` (names seen that no gazetteer knows) and
//! `/v1/gazetteer/entries` (add an entity and re-link the documents that name it).

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use newsgraph_engine::ReindexReport;
use newsgraph_model::{Entity, EntityType};
use newsgraph_store::Candidate;
use serde::Serialize;
use utoipa::ToSchema;

use super::{blocking, blocking_write, paginate, Pagination, Route, Verb};
use crate::error::{ApiError, Problem};
use crate::AppState;

pub const ROUTES: &[Route] = &[
    Route::new(Verb::Get, "/v1/candidates", |r| r.to(candidates)),
    Route::new(Verb::Post, "/v1/gazetteer/entries", |r| r.to(add_entry)),
];

/// Registers this resource's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    super::register(cfg, ROUTES);
}

/// A page of candidates.
#[derive(Debug, Serialize, ToSchema)]
pub struct CandidatePage {
    /// Most frequent first: `text`, `kind`, `count`, `contexts` (document and sentence).
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<Candidate>,
    pub next_cursor: Option<String>,
}

/// Names seen in documents that no gazetteer knows, with counts and contexts.
#[utoipa::path(get, path = "/v1/candidates", tag = "gazetteer", params(Pagination),
    responses((status = 200, body = CandidatePage), (status = 400, body = Problem)))]
pub async fn candidates(
    state: web::Data<AppState>,
    page: web::Query<Pagination>,
) -> Result<web::Json<CandidatePage>, ApiError> {
    let page = page.into_inner();
    let max = state.max_results();
    let found = blocking(&state, move |engine| {
        paginate(engine.store().candidates(usize::MAX)?, &page, max)
    })
    .await?;
    Ok(web::Json(CandidatePage {
        items: found.items,
        next_cursor: found.next_cursor,
    }))
}

/// What adding an entity did.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryAdded {
    pub id: String,
    /// `documents` looked at again (those whose text names the entity) and how many `changed`.
    #[schema(value_type = Object)]
    pub reindex: ReindexReport,
}

/// Whether an id follows the convention: lowercase ASCII letters and digits in dash-separated
/// words (`joe-biden`).
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Checks what the gazetteer loader would refuse, so the answer is a 422 and not a failure.
fn validate(e: &Entity) -> Result<(), ApiError> {
    if !valid_id(&e.id) {
        return Err(ApiError::Unprocessable(format!(
            "invalid entity id {:?}: use lowercase letters and digits in dash-separated words",
            e.id
        )));
    }
    if !EntityType::is_valid(e.kind.as_str()) {
        return Err(ApiError::Unprocessable(format!(
            "invalid entity type {:?}: one lowercase word",
            e.kind.as_str()
        )));
    }
    if e.name.trim().is_empty() {
        return Err(ApiError::Unprocessable("the entity's name is empty".into()));
    }
    Ok(())
}

/// Add an entity to the data directory's own gazetteer (the shipped files stay as they are) and
/// re-tag the stored documents that name it.
#[utoipa::path(post, path = "/v1/gazetteer/entries", tag = "gazetteer",
    request_body(content = Object,
        description = "A gazetteer entry: `id`, `type`, `name`, and optionally `aliases`, \
            `acronyms`, `demonyms`, `surname`, `country`, `offices`, ..."),
    responses((status = 201, body = EntryAdded), (status = 400, body = Problem),
        (status = 409, body = Problem), (status = 415, body = Problem),
        (status = 422, body = Problem)))]
pub async fn add_entry(
    state: web::Data<AppState>,
    body: web::Json<Entity>,
) -> Result<HttpResponse, ApiError> {
    let entity = body.into_inner();
    validate(&entity)?;
    let lock = state.clone();
    let added = blocking_write(&state, move |engine| {
        // add_entity rewrites the user gazetteer file: one writer at a time.
        let _guard = lock.gazetteer_lock();
        let id = entity.id.clone();
        let reindex = engine.add_entity(entity.clone())?;
        // So that entity search finds it before any document names it.
        engine.store().put_entity(entity)?;
        Ok(EntryAdded { id, reindex })
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/entities/{}", added.id)))
        .json(added))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for (id, ok) in [
            ("joe-biden", true),
            ("g7", true),
            ("Joe-Biden", false),
            ("joe--biden", false),
            ("-joe", false),
            ("", false),
            ("joe biden", false),
        ] {
            assert_eq!(valid_id(id), ok, "{id:?}");
        }
    }
}
