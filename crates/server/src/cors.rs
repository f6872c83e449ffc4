//! Cross-origin requests: off unless origins are configured (`--cors-origin`,
//! `NEWSGRAPH_CORS_ORIGINS`, `cors_origins`). For a listed origin the answer carries
//! `Access-Control-Allow-Origin`, and a preflight (`OPTIONS` with
//! `Access-Control-Request-Method`) is answered here, before routing and before the token check
//! (the real request that follows still needs the token).

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};

use crate::AppState;

/// Middleware: adds the CORS headers for configured origins; nothing otherwise.
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn cors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(str::to_owned);
    let allowed = origin.filter(|o| {
        req.app_data::<web::Data<AppState>>()
            .is_some_and(|s| s.cors_origins().iter().any(|a| a == o || a == "*"))
    });
    let Some(origin) = allowed else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let value = header::HeaderValue::from_str(&origin)
        .unwrap_or_else(|_| header::HeaderValue::from_static("null"));
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        let res = HttpResponse::build(StatusCode::NO_CONTENT)
            .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, value))
            .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, DELETE"))
            .insert_header((
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                "authorization, content-type",
            ))
            .insert_header((header::ACCESS_CONTROL_MAX_AGE, "600"))
            .insert_header((header::VARY, "Origin"))
            .finish();
        return Ok(req.into_response(res));
    }
    let mut res = next.call(req).await?.map_into_boxed_body();
    res.headers_mut()
        .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    res.headers_mut()
        .insert(header::VARY, header::HeaderValue::from_static("Origin"));
    Ok(res)
}
