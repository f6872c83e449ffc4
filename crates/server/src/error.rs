//! Every error the API answers, mapped to a status in one place and written as an RFC 7807
//! `application/problem+json` body.
//!
//! actix's own extractor errors (bad JSON, query strings, paths, oversized bodies) are routed
//! here by the handlers installed in [`crate::app`], and [`problem_fallback`] rewrites any
//! other error response that slipped past, so no client ever sees a plain-text error.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// What went wrong, as the client is told.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// Malformed JSON, query string or path parameter.
    #[error("{0}")]
    BadRequest(String),
    /// Writes need a bearer token and none or a wrong one came.
    #[error("this request needs `Authorization: Bearer <token>`")]
    Unauthorized,
    /// No such document, entity or route.
    #[error("{0}")]
    NotFound(String),
    /// The route exists but not for this method; `allow` lists those it answers.
    #[error("method {method} is not allowed here; use {allow}")]
    MethodNotAllowed { method: String, allow: String },
    /// The thing to create exists already.
    #[error("{0}")]
    Conflict(String),
    /// A body (or bulk request) over the configured limit.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// A body in a media type this route does not read.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Well-formed but senseless: empty text, a bad date, an invalid id.
    #[error("{0}")]
    Unprocessable(String),
    /// The request took longer than the configured timeout.
    #[error("the request took longer than {0} ms")]
    Timeout(u128),
    /// A failure of ours; the detail is logged, not sent.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The body of every error response (RFC 7807).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem (`/problems/not-found`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP reason phrase.
    pub title: String,
    pub status: u16,
    /// What happened, for a person.
    pub detail: String,
}

impl ApiError {
    /// The status and the last segment of the problem type.
    fn kind(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad-request"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not-found"),
            ApiError::MethodNotAllowed { .. } => {
                (StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed")
            }
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large"),
            ApiError::UnsupportedMediaType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type")
            }
            ApiError::Unprocessable(_) => (StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
            ApiError::Timeout(_) => (StatusCode::SERVICE_UNAVAILABLE, "timeout"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// The RFC 7807 body for this error.
    pub fn problem(&self) -> Problem {
        let (status, kind) = self.kind();
        let detail = match self {
            // Storage details stay in the log.
            ApiError::Internal(_) => "the server failed to answer; see its log".to_owned(),
            other => other.to_string(),
        };
        problem(status, kind, detail)
    }
}

fn problem(status: StatusCode, kind: &str, detail: String) -> Problem {
    Problem {
        kind: format!("/problems/{kind}"),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail,
    }
}

fn problem_response(status: StatusCode, body: &Problem) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, PROBLEM_JSON))
        .body(serde_json::to_string(body).unwrap_or_default())
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.kind().0
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(detail) = self {
            tracing::error!(%detail, "internal error");
        }
        let mut res = problem_response(self.status_code(), &self.problem());
        if let ApiError::MethodNotAllowed { allow, .. } = self {
            if let Ok(value) = HeaderValue::from_str(allow) {
                res.headers_mut().insert(header::ALLOW, value);
            }
        }
        res
    }
}

impl From<newsgraph_store::Error> for ApiError {
    fn from(e: newsgraph_store::Error) -> Self {
        match e {
            newsgraph_store::Error::InvalidId { .. } => ApiError::Unprocessable(e.to_string()),
            newsgraph_store::Error::InvalidCursor { .. } => ApiError::BadRequest(e.to_string()),
            other => ApiError::Internal(error_chain(&other)),
        }
    }
}

impl From<newsgraph_graph::Error> for ApiError {
    fn from(e: newsgraph_graph::Error) -> Self {
        match e {
            newsgraph_graph::Error::NotFound { .. } => ApiError::NotFound(e.to_string()),
            newsgraph_graph::Error::EmptyDateRange { .. } => ApiError::Unprocessable(e.to_string()),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<newsgraph_engine::Error> for ApiError {
    fn from(e: newsgraph_engine::Error) -> Self {
        use newsgraph_engine::Error as E;
        match e {
            E::Store(s) => s.into(),
            E::Graph(g) => g.into(),
            // Only a user's entry reaches the gazetteer at run time.
            E::Gazetteer(g) => ApiError::Unprocessable(g.to_string()),
            E::EntityExists(id) => ApiError::Conflict(format!("entity {id:?} already exists")),
            E::EmptyText => ApiError::Unprocessable("document text is empty".into()),
            E::ExtractionFailed(_) => ApiError::Unprocessable(e.to_string()),
            other => ApiError::Internal(error_chain(&other)),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// `JsonConfig::error_handler`: what was wrong with a JSON body.
pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api = match &err {
        JsonPayloadError::ContentType => {
            ApiError::UnsupportedMediaType("expected a body of type application/json".into())
        }
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => {
            ApiError::PayloadTooLarge(format!("the body is larger than {limit} bytes"))
        }
        other => ApiError::BadRequest(format!("invalid JSON body: {other}")),
    };
    api.into()
}

/// `QueryConfig::error_handler`.
pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::BadRequest(format!("invalid query string: {err}")).into()
}

/// `PathConfig::error_handler`.
pub fn path_error(err: PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::BadRequest(format!("invalid path parameter: {err}")).into()
}

/// The app's default service: no route matches the path.
///
/// # Errors
/// Always [`ApiError::NotFound`].
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound(format!("no route for {}", req.path())))
}

/// Each resource's default service: the path matches but the method does not. `allow` is
/// the `Allow` header's value.
///
/// # Errors
/// Always [`ApiError::MethodNotAllowed`].
pub fn method_not_allowed(req: &HttpRequest, allow: String) -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed {
        method: req.method().to_string(),
        allow,
    })
}

/// Middleware that turns any error response which is not problem+json yet (from actix itself)
/// into one, keeping its status.
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn problem_fallback(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?.map_into_boxed_body();
    let status = res.status();
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v == HeaderValue::from_static(PROBLEM_JSON));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return Ok(res);
    }
    let detail = res
        .response()
        .error()
        .map(ToString::to_string)
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_owned());
    let kind = status
        .canonical_reason()
        .unwrap_or("error")
        .to_ascii_lowercase()
        .replace(' ', "-");
    let body = problem(status, &kind, detail);
    Ok(res.into_response(problem_response(status, &body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        let cases = [
            (ApiError::BadRequest("x".into()), 400),
            (ApiError::Unauthorized, 401),
            (ApiError::NotFound("x".into()), 404),
            (
                ApiError::MethodNotAllowed {
                    method: "PUT".into(),
                    allow: "GET".into(),
                },
                405,
            ),
            (ApiError::Conflict("x".into()), 409),
            (ApiError::PayloadTooLarge("x".into()), 413),
            (ApiError::UnsupportedMediaType("x".into()), 415),
            (ApiError::Unprocessable("x".into()), 422),
            (ApiError::Timeout(1), 503),
            (ApiError::Internal("disk on fire".into()), 500),
        ];
        for (err, status) in cases {
            let p = err.problem();
            assert_eq!(p.status, status, "{err:?}");
            assert_eq!(err.status_code().as_u16(), status);
            assert!(p.kind.starts_with("/problems/"));
        }
        assert!(!ApiError::Internal("disk on fire".into())
            .problem()
            .detail
            .contains("fire"));
    }

    #[test]
    fn store_errors() {
        let invalid = newsgraph_store::Error::InvalidId {
            field: "document id",
            id: "a/b".into(),
            reason: "no slashes",
        };
        assert_eq!(ApiError::from(invalid).status_code(), 422);
        let cursor = newsgraph_store::Error::InvalidCursor {
            cursor: "zz".into(),
        };
        assert_eq!(ApiError::from(cursor).status_code(), 400);
    }
}
