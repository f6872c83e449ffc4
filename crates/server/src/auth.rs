//! Bearer-token protection of writes. When a token is configured, every `POST` and `DELETE`
//! but `POST /v1/tag` (which stores nothing) needs `Authorization: Bearer TOKEN`; reads stay
//! open. The token is compared in constant time and never logged.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::{web, ResponseError};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::AppState;

/// Routes that take a body or a method of a write but change nothing.
const READ_ONLY_POSTS: [&str; 1] = ["/v1/tag"];

/// The configured token, kept only as its digest.
#[derive(Clone)]
pub struct Token([u8; 32]);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(..)")
    }
}

impl Token {
    pub fn new(token: &str) -> Self {
        Token(Sha256::digest(token.as_bytes()).into())
    }

    /// Whether `given` is the token. Comparing fixed-size digests with no early exit takes the
    /// same time whatever the guess, and hides the token's length.
    pub fn matches(&self, given: &str) -> bool {
        let given: [u8; 32] = Sha256::digest(given.as_bytes()).into();
        self.0
            .iter()
            .zip(given.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

/// Whether a request changes state.
fn is_write(method: &Method, path: &str) -> bool {
    match *method {
        Method::GET | Method::HEAD | Method::OPTIONS => false,
        Method::POST => !READ_ONLY_POSTS.contains(&path),
        _ => true,
    }
}

/// The token of an `Authorization: Bearer` header.
fn bearer(req: &ServiceRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Middleware: answers 401 to a write without the right token.
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn require_token(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let token = req
        .app_data::<web::Data<AppState>>()
        .and_then(|s| s.token().cloned());
    if let Some(token) = token {
        if is_write(req.method(), req.path()) && !bearer(&req).is_some_and(|t| token.matches(t)) {
            let mut res = ApiError::Unauthorized.error_response();
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
            return Ok(req.into_response(res));
        }
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let t = Token::new("s3cret");
        assert!(t.matches("s3cret"));
        assert!(!t.matches("s3cre"));
        assert!(!t.matches(""));
        assert!(!format!("{t:?}").contains("s3cret"));
        // Same length with one character off; one character longer; an empty token.
        assert!(!t.matches("s3crft"));
        assert!(!t.matches("s3cret "));
        assert!(!Token::new("").matches("s3cret"));
    }

    #[test]
    fn writes() {
        for (method, path, write) in [
            (Method::GET, "/v1/documents", false),
            (Method::POST, "/v1/documents", true),
            (Method::POST, "/v1/tag", false),
            (Method::POST, "/v1/documents/bulk", true),
            (Method::POST, "/v1/gazetteer/entries", true),
            (Method::HEAD, "/v1/documents", false),
            (Method::OPTIONS, "/v1/documents", false),
            (Method::PATCH, "/v1/documents/x", true),
            // Only the exact path is read-only: other spellings of it are writes.
            (Method::POST, "/v1/tag/", true),
            (Method::POST, "/v1/t%61g", true),
            (Method::DELETE, "/v1/documents/x", true),
            (Method::PUT, "/v1/documents/x", true),
        ] {
            assert_eq!(is_write(&method, path), write, "{method} {path}");
        }
    }
}
