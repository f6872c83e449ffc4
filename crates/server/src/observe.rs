//! Request ids, structured request logs and request metrics, in one middleware that sees
//! every response as the client gets it.
//!
//! A request's id is its `X-Request-Id` header when that is a sane value (printable ASCII,
//! at most 128 bytes), otherwise a fresh one; the response echoes it back and every log line
//! of the request carries it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use tracing::Instrument;

use crate::AppState;

/// The header that carries the request id.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A new id: this process's random prefix and a counter.
fn fresh_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    static PREFIX: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let prefix = PREFIX.get_or_init(|| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default(),
        );
        h.finish()
    });
    format!(
        "{prefix:016x}-{:08x}",
        NEXT_ID.fetch_add(1, Ordering::Relaxed)
    )
}

fn acceptable(value: &HeaderValue) -> Option<String> {
    let s = value.to_str().ok()?;
    (!s.is_empty() && s.len() <= 128 && s.bytes().all(|b| b.is_ascii_graphic()))
        .then(|| s.to_owned())
}

/// Middleware: assigns the request id, logs the request and records its metrics.
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(acceptable)
        .unwrap_or_else(fresh_id);
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let route = crate::routes::pattern_of(req.path()).unwrap_or("unmatched");
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let span = tracing::info_span!("request", request_id = %id, %method, %route);
    let result = next.call(req).instrument(span.clone()).await;
    let mut res = match result {
        Ok(res) => res.map_into_boxed_body(),
        Err(err) => {
            tracing::warn!(parent: &span, error = %err, "request failed");
            return Err(err);
        }
    };
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    let status = res.status().as_u16();
    let elapsed = started.elapsed();
    if let Some(state) = state {
        state.metrics().observe(&method, route, status, elapsed);
    }
    tracing::info!(
        parent: &span,
        %path,
        status,
        elapsed_ms = elapsed.as_secs_f64() * 1000.0,
        "answered"
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        let (a, b) = (fresh_id(), fresh_id());
        assert_ne!(a, b);
        assert_eq!(
            acceptable(&HeaderValue::from_static("abc-123")),
            Some("abc-123".into())
        );
        assert_eq!(acceptable(&HeaderValue::from_static("a b")), None);
        assert_eq!(acceptable(&HeaderValue::from_static("")), None);
    }
}
