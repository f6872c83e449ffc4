//! `/health`, `/metrics` (Prometheus text) and `/openapi.json`.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::{blocking, Route, Verb};
use crate::error::ApiError;
use crate::AppState;

pub const ROUTES: &[Route] = &[
    Route::new(Verb::Get, "/health", |r| r.to(health)),
    Route::new(Verb::Get, "/metrics", |r| r.to(metrics)),
    Route::new(Verb::Get, "/openapi.json", |r| r.to(openapi)),
];

/// Registers this resource's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    super::register(cfg, ROUTES);
}

/// The server is up.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
    pub version: String,
}

/// Whether the server answers.
#[utoipa::path(get, path = "/health", tag = "system",
    responses((status = 200, body = Health)))]
pub async fn health() -> web::Json<Health> {
    web::Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// Request counts and latencies by route and status, and the store's sizes, in the
/// Prometheus text format.
#[utoipa::path(get, path = "/metrics", tag = "system",
    responses((status = 200, description = "Prometheus text format", body = String,
        content_type = "text/plain; version=0.0.4")))]
pub async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let stats = blocking(&state, |engine| Ok(engine.store().stats()?)).await?;
    let mut text = state.metrics().render(&stats);
    text.push_str(&state.cache_metrics());
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        ))
        .body(text))
}

/// This API's OpenAPI 3 description.
#[utoipa::path(get, path = "/openapi.json", tag = "system",
    responses((status = 200, description = "OpenAPI 3 document", body = Object)))]
pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok().json(crate::openapi::ApiDoc::openapi())
}
