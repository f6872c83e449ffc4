//! `/v1/documents`: ingest (one or in bulk), read, list, delete; and `/v1/tag`, which tags a
//! text without storing it.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use newsgraph_model::{Document, Mention, Relation, Sentence};
use newsgraph_store::{DocumentQuery, IngestOutcome};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{blocking, blocking_write, window, Pagination, Route, Verb};
use crate::error::{ApiError, Problem};
use crate::AppState;

pub const ROUTES: &[Route] = &[
    Route::new(Verb::Post, "/v1/documents", |r| r.to(create)),
    Route::new(Verb::Get, "/v1/documents", |r| r.to(list)),
    Route::new(Verb::Post, "/v1/documents/bulk", |r| r.to(bulk)),
    Route::new(Verb::Get, "/v1/documents/{id}", |r| r.to(get)),
    Route::new(Verb::Delete, "/v1/documents/{id}", |r| r.to(delete)),
    Route::new(Verb::Post, "/v1/tag", |r| r.to(tag)),
];

/// Registers this resource's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    super::register(cfg, ROUTES);
}

/// A document to ingest. Without an id, one is derived from the text, so posting the same
/// text twice stores it once.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NewDocument {
    pub id: Option<String>,
    pub title: Option<String>,
    pub text: String,
    /// `YYYY-MM-DD`: dates weekdays in the text and offices held.
    #[schema(example = "2021-06-14")]
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

impl NewDocument {
    /// The document to store.
    ///
    /// # Errors
    /// [`ApiError::Unprocessable`] for an empty text or a bad date.
    pub fn into_document(self) -> Result<Document, ApiError> {
        if self.text.trim().is_empty() {
            return Err(ApiError::Unprocessable("document text is empty".into()));
        }
        let published = super::date("published", self.published.as_deref())?;
        Ok(Document {
            id: self.id.unwrap_or_default(),
            title: self.title.unwrap_or_default(),
            text: self.text,
            published,
            source: self.source.filter(|s| !s.is_empty()),
            url: self.url.filter(|s| !s.is_empty()),
            hash: String::new(),
        })
    }
}

/// What an ingest did: `added` or `replaced` (201, with counts) or `unchanged` (200).
#[derive(Debug, Serialize, ToSchema)]
pub struct IngestResult {
    pub id: String,
    #[schema(example = "added")]
    pub outcome: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentions: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relations: Option<usize>,
}

impl From<&IngestOutcome> for IngestResult {
    fn from(o: &IngestOutcome) -> Self {
        let (outcome, counts) = match o {
            IngestOutcome::Added {
                mentions,
                relations,
                ..
            } => ("added", Some((*mentions, *relations))),
            IngestOutcome::Replaced {
                mentions,
                relations,
                ..
            } => ("replaced", Some((*mentions, *relations))),
            IngestOutcome::Unchanged { .. } => ("unchanged", None),
        };
        IngestResult {
            id: o.id().to_owned(),
            outcome: outcome.to_owned(),
            mentions: counts.map(|c| c.0),
            relations: counts.map(|c| c.1),
        }
    }
}

fn status_of(o: &IngestOutcome) -> StatusCode {
    match o {
        IngestOutcome::Unchanged { .. } => StatusCode::OK,
        IngestOutcome::Added { .. } | IngestOutcome::Replaced { .. } => StatusCode::CREATED,
    }
}

/// Ingest one document: tag it, store it and link it into the graph in one step.
#[utoipa::path(post, path = "/v1/documents", tag = "documents", request_body = NewDocument,
    responses(
        (status = 201, description = "Added or replaced", body = IngestResult),
        (status = 200, description = "Already stored", body = IngestResult),
        (status = 400, body = Problem), (status = 413, body = Problem),
        (status = 415, body = Problem), (status = 422, body = Problem),
    ))]
pub async fn create(
    state: web::Data<AppState>,
    body: web::Json<NewDocument>,
) -> Result<HttpResponse, ApiError> {
    let doc = body.into_inner().into_document()?;
    let outcome = blocking_write(&state, move |engine| Ok(engine.ingest(doc)?)).await?;
    let mut res = HttpResponse::build(status_of(&outcome));
    if !matches!(outcome, IngestOutcome::Unchanged { .. }) {
        res.insert_header((header::LOCATION, format!("/v1/documents/{}", outcome.id())));
    }
    Ok(res.json(IngestResult::from(&outcome)))
}

/// One line's result in a bulk ingest.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkLine {
    /// 1-based line number in the request body.
    pub line: usize,
    /// What a single POST would have answered: 201, 200, 400 or 422.
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl BulkLine {
    fn failed(line: usize, err: &ApiError) -> Self {
        BulkLine {
            line,
            status: actix_web::ResponseError::status_code(err).as_u16(),
            id: None,
            outcome: None,
            error: Some(err.problem().detail),
        }
    }

    fn done(line: usize, outcome: &IngestOutcome) -> Self {
        BulkLine {
            line,
            status: status_of(outcome).as_u16(),
            id: Some(outcome.id().to_owned()),
            outcome: Some(IngestResult::from(outcome).outcome),
            error: None,
        }
    }
}

/// The answer to a bulk ingest: one entry per non-blank line, in order.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResult {
    pub results: Vec<BulkLine>,
    /// Lines stored or found unchanged.
    pub ok: usize,
    pub failed: usize,
}

const BULK_TYPES: [&str; 2] = ["application/x-ndjson", "application/jsonl"];

/// Ingest many documents, one JSON object per line (`application/x-ndjson` or
/// `application/jsonl`). Bad lines are reported and do not stop the good ones.
#[utoipa::path(post, path = "/v1/documents/bulk", tag = "documents",
    request_body(content = NewDocument, content_type = "application/x-ndjson",
        description = "One document object per line"),
    responses(
        (status = 200, description = "Per-line results", body = BulkResult),
        (status = 400, body = Problem), (status = 413, body = Problem),
        (status = 415, body = Problem),
    ))]
pub async fn bulk(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let mime = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if !BULK_TYPES.contains(&mime.as_str()) {
        return Err(ApiError::UnsupportedMediaType(format!(
            "expected {} or {}",
            BULK_TYPES[0], BULK_TYPES[1]
        )));
    }
    let mut results: Vec<BulkLine> = Vec::new();
    let mut docs: Vec<(usize, Document)> = Vec::new();
    for (n, parsed) in parse_bulk(&body, state.bulk_limit())? {
        match parsed {
            Ok(doc) => docs.push((n, doc)),
            Err(e) => results.push(BulkLine::failed(n, &e)),
        }
    }
    let stored = blocking_write(&state, move |engine| Ok(ingest_all(engine, docs))).await?;
    results.extend(stored);
    results.sort_by_key(|r| r.line);
    let ok = results.iter().filter(|r| r.status < 300).count();
    let failed = results.len() - ok;
    Ok(HttpResponse::Ok().json(BulkResult {
        results,
        ok,
        failed,
    }))
}

/// A bulk body's non-blank lines: each line's number (from 1) and its document or why not.
pub type BulkLines = Vec<(usize, Result<Document, ApiError>)>;

/// A bulk body's non-blank lines, numbered from 1, each parsed into a document or refused.
///
/// # Errors
/// [`ApiError::BadRequest`] for a body that is not UTF-8, [`ApiError::PayloadTooLarge`] for
/// more than `limit` non-blank lines (counted before any line is parsed).
pub fn parse_bulk(body: &[u8], limit: usize) -> Result<BulkLines, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not UTF-8: {e}")))?;
    let lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let count = lines.clone().count();
    if count > limit {
        return Err(ApiError::PayloadTooLarge(format!(
            "{count} lines; at most {limit} per request"
        )));
    }
    Ok(lines.map(|(n, line)| (n, parse_line(line))).collect())
}

/// One JSON line of a bulk request or a `.jsonl` file, as a document to store.
///
/// # Errors
/// [`ApiError::BadRequest`] for a line that is not a document object,
/// [`ApiError::Unprocessable`] for an empty text or a bad date.
pub fn parse_line(line: &str) -> Result<Document, ApiError> {
    serde_json::from_str::<NewDocument>(line)
        .map_err(|e| ApiError::BadRequest(format!("invalid JSON: {e}")))
        .and_then(NewDocument::into_document)
}

/// Ingests as one batch; when the batch is refused (an invalid id), one by one so each line
/// gets its own answer.
fn ingest_all(engine: &newsgraph_engine::Engine, docs: Vec<(usize, Document)>) -> Vec<BulkLine> {
    if docs.is_empty() {
        return Vec::new();
    }
    let (lines, batch): (Vec<usize>, Vec<Document>) = docs.iter().cloned().unzip();
    match engine.ingest_batch(batch) {
        Ok(outcomes) => lines
            .iter()
            .zip(&outcomes)
            .map(|(&n, o)| BulkLine::done(n, o))
            .collect(),
        Err(_) => docs
            .into_iter()
            .map(|(n, doc)| match engine.ingest(doc) {
                Ok(o) => BulkLine::done(n, &o),
                Err(e) => BulkLine::failed(n, &ApiError::from(e)),
            })
            .collect(),
    }
}

/// A stored document with what was extracted from it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentView {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub document: Document,
    #[schema(value_type = Vec<Object>)]
    pub mentions: Vec<Mention>,
    #[schema(value_type = Vec<Object>)]
    pub relations: Vec<Relation>,
    #[schema(value_type = Vec<Object>)]
    pub sentences: Vec<Sentence>,
}

/// A document with its mentions, relations and sentences.
#[utoipa::path(get, path = "/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "Document id")),
    responses((status = 200, body = DocumentView), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<web::Json<DocumentView>, ApiError> {
    let id = id.into_inner();
    let stored = blocking(&state, move |engine| {
        engine
            .store()
            .document(&id)?
            .ok_or_else(|| ApiError::NotFound(format!("no document {id:?}")))
    })
    .await?;
    Ok(web::Json(DocumentView {
        document: stored.document,
        mentions: stored.mentions,
        relations: stored.relations,
        sentences: stored.sentences,
    }))
}

/// Filters of the document listing.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentFilter {
    /// Published on or after (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Published on or before (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// Exact source name.
    pub source: Option<String>,
}

/// One row of the document listing.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentRow {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub summary: newsgraph_store::DocumentSummary,
}

/// A page of the document listing.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentPage {
    pub items: Vec<DocumentRow>,
    pub next_cursor: Option<String>,
}

/// Documents ordered by id, filtered by published date and source.
#[utoipa::path(get, path = "/v1/documents", tag = "documents",
    params(DocumentFilter, Pagination),
    responses((status = 200, body = DocumentPage), (status = 400, body = Problem),
        (status = 422, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    filter: web::Query<DocumentFilter>,
    page: web::Query<Pagination>,
) -> Result<web::Json<DocumentPage>, ApiError> {
    let (since, until) = window(filter.since.as_deref(), filter.until.as_deref())?;
    let query = DocumentQuery {
        since,
        until,
        source: filter.source.clone().filter(|s| !s.is_empty()),
        cursor: page.cursor.clone(),
        limit: page.limit(state.max_results()),
    };
    let found = blocking(&state, move |engine| {
        Ok(engine.store().documents(&query)?)
    })
    .await?;
    Ok(web::Json(DocumentPage {
        items: found
            .items
            .into_iter()
            .map(|summary| DocumentRow { summary })
            .collect(),
        next_cursor: found.next_cursor,
    }))
}

/// Delete a document and everything it contributed.
#[utoipa::path(delete, path = "/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "Document id")),
    responses((status = 204, description = "Deleted"), (status = 404, body = Problem)))]
pub async fn delete(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    blocking_write(&state, move |engine| {
        if engine.delete(&id)? {
            Ok(())
        } else {
            Err(ApiError::NotFound(format!("no document {id:?}")))
        }
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A text to tag.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TagRequest {
    pub text: String,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
}

/// Tag a text without storing it: the JSON of `newsgraph tag`.
#[utoipa::path(post, path = "/v1/tag", tag = "documents", request_body = TagRequest,
    responses((status = 200, description = "The extraction", body = Object),
        (status = 400, body = Problem), (status = 415, body = Problem),
        (status = 422, body = Problem)))]
pub async fn tag(
    state: web::Data<AppState>,
    body: web::Json<TagRequest>,
) -> Result<HttpResponse, ApiError> {
    let TagRequest { text, published } = body.into_inner();
    if text.trim().is_empty() {
        return Err(ApiError::Unprocessable("text is empty".into()));
    }
    let published = super::date("published", published.as_deref())?;
    let extraction = blocking(&state, move |engine| Ok(engine.tag(&text, published)?)).await?;
    Ok(HttpResponse::Ok().json(extraction))
}
