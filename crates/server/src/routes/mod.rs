//! The routes, one module per resource, and the single [`ROUTES`] table that both configures
//! the app and is checked against the OpenAPI document.
//!
//! Shared pieces live here: running storage work off the async workers ([`blocking`]),
//! pagination, and parsing of the query parameters every resource takes (dates, predicates).

use actix_web::http::Method;
use actix_web::{web, HttpRequest};
use chrono::NaiveDate;
use newsgraph_engine::Engine;
use newsgraph_model::{Modality, Predicate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;
use crate::AppState;

pub mod documents;
pub mod entities;
pub mod gazetteer;
pub mod graph;
pub mod relations;
pub mod system;

/// An HTTP method a route answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verb {
    Get,
    Post,
    Delete,
}

impl Verb {
    /// The lowercase name, as OpenAPI path items spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "get",
            Verb::Post => "post",
            Verb::Delete => "delete",
        }
    }

    fn method(self) -> Method {
        match self {
            Verb::Get => Method::GET,
            Verb::Post => Method::POST,
            Verb::Delete => Method::DELETE,
        }
    }
}

/// One route: a method, a path pattern (actix and OpenAPI spell `{param}` alike) and the
/// handler it is bound to.
#[derive(Clone, Copy)]
pub struct Route {
    pub verb: Verb,
    pub path: &'static str,
    handler: fn(actix_web::Route) -> actix_web::Route,
    /// A `GET` whose answer depends only on the request and the data: served from the
    /// response cache, with an `ETag` (see [`crate::cache`]).
    pub cached: bool,
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.verb.as_str().to_uppercase(), self.path)
    }
}

impl Route {
    pub(crate) const fn new(
        verb: Verb,
        path: &'static str,
        handler: fn(actix_web::Route) -> actix_web::Route,
    ) -> Self {
        Self {
            verb,
            path,
            handler,
            cached: false,
        }
    }

    /// This route, answered from the response cache.
    pub(crate) const fn cached(self) -> Self {
        Self {
            cached: true,
            ..self
        }
    }
}

/// Every route of the API, grouped by resource. A path that appears in an earlier group wins
/// over a pattern of a later one (`/v1/documents/bulk` before `/v1/documents/{id}`).
pub const ROUTES: &[&[Route]] = &[
    documents::ROUTES,
    entities::ROUTES,
    relations::ROUTES,
    graph::ROUTES,
    gazetteer::ROUTES,
    system::ROUTES,
];

/// Whether a `GET` of `path` goes to a cached route. Decided before routing, without the
/// router's regular expressions, by comparing segments: `{param}` matches any one non-empty
/// segment, as it does in the router.
pub fn cached(path: &str) -> bool {
    all().any(|r| r.cached && r.verb == Verb::Get && fits(r.path, path))
}

/// The pattern of the route a request path goes to (`/v1/entities/{id}`), as the router would
/// find it (the first registered that fits), for the label of the request's metrics and log
/// lines. A walk over the route table: actix's `match_pattern` walks the whole router again,
/// which cost more than a cached answer's own work (BENCHMARKS.md).
pub fn pattern_of(path: &str) -> Option<&'static str> {
    all()
        .map(|r| r.path)
        .chain(crate::explorer::PATHS)
        .find(|pattern| fits(pattern, path))
}

/// Whether a path fits a route pattern: the same segments, where a `{name}` segment stands for
/// any non-empty one.
fn fits(pattern: &str, path: &str) -> bool {
    let mut want = pattern.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => break true,
            (Some(w), Some(g)) if w.starts_with('{') && !g.is_empty() => {}
            (Some(w), Some(g)) if w == g => {}
            _ => break false,
        }
    }
}

/// Every route in [`ROUTES`], in order.
pub fn all() -> impl Iterator<Item = &'static Route> {
    ROUTES.iter().flat_map(|group| group.iter())
}

/// Registers every route in [`ROUTES`].
pub fn configure(cfg: &mut web::ServiceConfig) {
    for group in ROUTES {
        register(cfg, group);
    }
}

/// Registers routes as one actix resource per path, so that a known path with another method
/// answers 405 rather than 404.
pub(crate) fn register(cfg: &mut web::ServiceConfig, routes: &[Route]) {
    let mut paths: Vec<&'static str> = Vec::new();
    for r in routes {
        if !paths.contains(&r.path) {
            paths.push(r.path);
        }
    }
    for path in paths {
        let mut resource = web::resource(path);
        let mut allow = Vec::new();
        for r in routes.iter().filter(|r| r.path == path) {
            resource = resource.route((r.handler)(web::method(r.verb.method())));
            allow.push(r.verb.method().to_string());
        }
        let allow = allow.join(", ");
        let not_allowed = move |req: HttpRequest| {
            let allow = allow.clone();
            async move { crate::error::method_not_allowed(&req, allow) }
        };
        cfg.service(
            resource
                .default_service(web::to(not_allowed))
                .wrap(actix_web::middleware::from_fn(crate::timeout)),
        );
    }
}

/// Runs storage or CPU-heavy work on actix's blocking pool, never on an async worker.
///
/// # Errors
/// What `work` fails with, or [`ApiError::Internal`] when the pool is gone.
pub(crate) async fn blocking<T, F>(state: &AppState, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Engine) -> Result<T, ApiError> + Send + 'static,
{
    let state = state.clone();
    web::block(move || work(state.engine())).await?
}

/// [`blocking`] for work that writes: once it has run (even when it failed part way), the
/// data generation moves on, so no answer cached before it is served again. The bump happens
/// on the blocking thread, so a write that outlives its request's timeout still counts.
///
/// # Errors
/// As [`blocking`].
pub(crate) async fn blocking_write<T, F>(state: &AppState, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Engine) -> Result<T, ApiError> + Send + 'static,
{
    let state = state.clone();
    web::block(move || {
        let done = work(state.engine());
        state.data_changed();
        done
    })
    .await?
}

/// Most items one page holds unless the server is configured otherwise (`max_results`).
pub const MAX_LIMIT: usize = crate::config::DEFAULT_MAX_RESULTS;
/// Items per page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 50;

/// `limit` and `cursor`, taken by every listing.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Pagination {
    /// Items per page: 50 when absent, at most 1000 (larger values are capped).
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page; empty means the first page.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub cursor: Option<String>,
}

/// An empty query value counts as absent (`?cursor=` is the first page).
fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = Option::<String>::deserialize(d)?;
    Ok(value.filter(|v| !v.is_empty()))
}

impl Pagination {
    /// The page size asked for, between 1 and `max` (the server's `max_results`).
    pub fn limit(&self, max: usize) -> usize {
        self.limit
            .unwrap_or(DEFAULT_LIMIT)
            .min(max)
            .clamp(1, max.max(1))
    }

    /// The offset a cursor of [`paginate`] stands for.
    fn offset(&self) -> Result<usize, ApiError> {
        let Some(cursor) = &self.cursor else {
            return Ok(0);
        };
        cursor
            .strip_prefix('o')
            .and_then(|hex| usize::from_str_radix(hex, 16).ok())
            .ok_or_else(|| ApiError::BadRequest(format!("invalid cursor {cursor:?}")))
    }
}

/// One page of a listing: pass `next_cursor` back as `cursor` for the next.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Absent on the last page.
    pub next_cursor: Option<String>,
}

impl<T> From<newsgraph_store::Page<T>> for Page<T> {
    fn from(p: newsgraph_store::Page<T>) -> Self {
        Page {
            items: p.items,
            next_cursor: p.next_cursor,
        }
    }
}

/// Pages a complete, stably ordered list: the cursor is an offset into it.
///
/// # Errors
/// [`ApiError::BadRequest`] for a cursor not made here.
pub(crate) fn paginate<T>(
    items: Vec<T>,
    page: &Pagination,
    max: usize,
) -> Result<Page<T>, ApiError> {
    paginate_first(page, max, |_| {
        let total = items.len();
        Ok((items, total))
    })
}

/// [`paginate`] for items sorted only as far as a page needs: `first(n)` gives the first `n`
/// items in order and how many there are in all.
///
/// # Errors
/// A bad cursor, or what `first` returns.
pub(crate) fn paginate_first<T>(
    page: &Pagination,
    max: usize,
    first: impl FnOnce(usize) -> Result<(Vec<T>, usize), ApiError>,
) -> Result<Page<T>, ApiError> {
    let offset = page.offset()?;
    let limit = page.limit(max);
    let next = offset.saturating_add(limit);
    let (items, total) = first(next)?;
    Ok(Page {
        items: items.into_iter().skip(offset).take(limit).collect(),
        next_cursor: (next < total).then(|| format!("o{next:x}")),
    })
}

/// A `YYYY-MM-DD` query value.
///
/// # Errors
/// [`ApiError::Unprocessable`] for anything else.
pub(crate) fn date(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            ApiError::Unprocessable(format!("{field}: {value:?} is not a YYYY-MM-DD date"))
        })
}

/// `since` and `until`, checked to make a window.
///
/// # Errors
/// [`ApiError::Unprocessable`] for a bad date or `since` after `until`.
pub(crate) fn window(
    since: Option<&str>,
    until: Option<&str>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), ApiError> {
    let (since, until) = (date("since", since)?, date("until", until)?);
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            return Err(ApiError::Unprocessable(format!(
                "since {s} is after until {u}"
            )));
        }
    }
    Ok((since, until))
}

/// A comma-separated list of predicate names; empty or absent means none.
///
/// # Errors
/// [`ApiError::BadRequest`] for a name that is not a predicate.
pub(crate) fn predicates(value: Option<&str>) -> Result<Vec<Predicate>, ApiError> {
    list(value)
        .map(|p| {
            Predicate::parse(p).ok_or_else(|| {
                let known: Vec<&str> = Predicate::ALL.iter().map(|p| p.as_str()).collect();
                ApiError::BadRequest(format!(
                    "unknown predicate {p:?}; one of {}",
                    known.join(", ")
                ))
            })
        })
        .collect()
}

/// At most one predicate.
///
/// # Errors
/// As [`predicates`], or more than one given.
pub(crate) fn predicate(value: Option<&str>) -> Result<Option<Predicate>, ApiError> {
    let mut all = predicates(value)?;
    if all.len() > 1 {
        return Err(ApiError::BadRequest("give one predicate".into()));
    }
    Ok(all.pop())
}

/// A modality name.
///
/// # Errors
/// [`ApiError::BadRequest`] for anything else.
pub(crate) fn modality(value: Option<&str>) -> Result<Option<Modality>, ApiError> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|m| {
            Modality::parse(m).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "unknown modality {m:?}; one of asserted, planned, negated, hypothetical"
                ))
            })
        })
        .transpose()
}

/// The non-empty items of a comma-separated list.
pub(crate) fn list(value: Option<&str>) -> impl Iterator<Item = &str> {
    value
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_pages() {
        let page = |cursor: Option<&str>| Pagination {
            limit: Some(2),
            cursor: cursor.map(str::to_owned),
        };
        let first = paginate(vec![1, 2, 3, 4, 5], &page(None), MAX_LIMIT).unwrap();
        assert_eq!(first.items, [1, 2]);
        let second = paginate(
            vec![1, 2, 3, 4, 5],
            &page(first.next_cursor.as_deref()),
            MAX_LIMIT,
        )
        .unwrap();
        assert_eq!(second.items, [3, 4]);
        let last = paginate(
            vec![1, 2, 3, 4, 5],
            &page(second.next_cursor.as_deref()),
            MAX_LIMIT,
        )
        .unwrap();
        assert_eq!((last.items, last.next_cursor), (vec![5], None));
        assert!(paginate(vec![1], &page(Some("zz")), MAX_LIMIT).is_err());
    }

    #[test]
    fn empty_cursor_is_the_first_page() {
        let parse = |q: &str| {
            web::Query::<Pagination>::from_query(q)
                .unwrap()
                .into_inner()
                .cursor
        };
        assert_eq!(parse("cursor="), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("cursor=o2"), Some("o2".to_owned()));
    }

    #[test]
    fn parameters() {
        assert_eq!(
            predicates(Some("met, attended")).unwrap(),
            [Predicate::Met, Predicate::Attended]
        );
        assert!(matches!(
            predicates(Some("likes")),
            Err(ApiError::BadRequest(_))
        ));
        assert!(matches!(
            date("since", Some("14/06/2021")),
            Err(ApiError::Unprocessable(_))
        ));
        assert!(matches!(
            window(Some("2021-06-15"), Some("2021-06-14")),
            Err(ApiError::Unprocessable(_))
        ));
        assert_eq!(modality(Some("planned")).unwrap(), Some(Modality::Planned));
    }

    #[test]
    fn cached_paths_are_matched_without_the_router() {
        let cases = [
            ("/v1/meetings", true),
            ("/v1/entities/joe-biden/relations", true),
            ("/v1/entities/joe-biden", true),
            ("/v1/entities", true),
            ("/v1/graph", true),
            ("/v1/entities//relations", false),
            ("/v1/entities/joe-biden/relations/", false),
            ("/v1/meetings/", false),
            ("/v1/documents", false),
            ("/v1/documents/d1", false),
            ("/health", false),
            ("/metrics", false),
            ("/", false),
            ("", false),
        ];
        for (path, want) in cases {
            assert_eq!(cached(path), want, "{path}");
        }
    }

    /// The route table gives each path the pattern actix's router matches it to.
    #[actix_web::test]
    async fn route_patterns_are_the_routers() {
        use actix_web::{test, App, HttpResponse};
        let app = test::init_service(
            App::new()
                .configure(configure)
                .configure(crate::explorer::configure)
                .wrap_fn(|req, _| {
                    let pattern = req.match_pattern().unwrap_or_else(|| "unmatched".into());
                    std::future::ready(Ok(req.into_response(HttpResponse::Ok().body(pattern))))
                }),
        )
        .await;
        let mut paths: Vec<String> = all().map(|r| r.path.replace("{id}", "joe-biden")).collect();
        paths.extend(
            [
                "/",
                "/assets/app.js",
                "/assets/",
                "/v1/documents/bulk",
                "/v1/documents/bulk/x",
                "/v1/entities//relations",
                "/v1/entities/joe-biden/relations/",
                "/v1/entities/joe%2Fbiden/relations",
                "/v1/meetings/",
                "/v2/meetings",
                "/nowhere",
                "//",
            ]
            .map(String::from),
        );
        for path in paths {
            let req = test::TestRequest::get().uri(&path).to_request();
            let body = test::call_and_read_body(&app, req).await;
            let router = String::from_utf8_lossy(&body).into_owned();
            assert_eq!(pattern_of(&path).unwrap_or("unmatched"), router, "{path}");
        }
    }

    #[test]
    fn limits_are_capped() {
        let cases = [
            (None, MAX_LIMIT, 50),
            (Some(0), MAX_LIMIT, 1),
            (Some(5000), MAX_LIMIT, 1000),
            (Some(7), MAX_LIMIT, 7),
            (Some(500), 100, 100),
            (None, 20, 20),
        ];
        for (given, max, want) in cases {
            let p = Pagination {
                limit: given,
                cursor: None,
            };
            assert_eq!(p.limit(max), want, "{given:?} within {max}");
        }
    }
}
