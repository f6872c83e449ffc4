//! The web explorer: a page at `/` and its scripts and styles under `/assets/`, compiled into
//! the binary so the server alone serves everything the page needs, with no network beyond it.
//!
//! The page reads only the `/v1` API. Its files live in `crates/server/assets/`; it has no
//! third-party code. These routes are not part of the API and so are neither in
//! [`crate::routes::ROUTES`] nor in the OpenAPI document.
//!
//! Every answer carries a `Content-Security-Policy` that allows scripts, styles and requests
//! only from this server (`default-src 'self'`), so text from documents can never run as code
//! even if a bug put it into markup. Images may also be `blob:` URLs: the page draws the graph's
//! SVG into a canvas to offer it as PNG.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::ApiError;

/// The policy of the page and its assets.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' blob: data:; \
     object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/// One embedded file: its name under `/assets/`, media type and bytes.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const INDEX: &[u8] = include_bytes!("../assets/index.html");

const ASSETS: &[Asset] = &[
    Asset {
        name: "style.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/style.css"),
    },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/app.js"),
    },
    Asset {
        name: "api.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/api.js"),
    },
    Asset {
        name: "dom.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/dom.js"),
    },
    Asset {
        name: "graph.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/graph.js"),
    },
    Asset {
        name: "views.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/views.js"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../assets/favicon.svg"),
    },
];

/// The explorer's routes: the page and its assets.
pub(crate) const PATHS: [&str; 2] = ["/", "/assets/{name}"];

/// Mounts `/` and `/assets/{name}`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource(PATHS[0]).get(index))
        .service(web::resource(PATHS[1]).get(asset));
}

fn respond(content_type: &'static str, body: &'static [u8]) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        // Small files compiled into this binary: ask again each time, no stale page after an
        // upgrade.
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(body)
}

/// The explorer page.
pub async fn index() -> HttpResponse {
    respond("text/html; charset=utf-8", INDEX)
}

/// A script, style sheet or icon of the page.
///
/// # Errors
/// [`ApiError::NotFound`] for a name that is not embedded.
pub async fn asset(req: HttpRequest, name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    ASSETS
        .iter()
        .find(|a| a.name == name.as_str())
        .map(|a| respond(a.content_type, a.body))
        .ok_or_else(|| ApiError::NotFound(format!("no route for {}", req.path())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_the_page_imports_is_embedded() {
        let names: Vec<&str> = ASSETS.iter().map(|a| a.name).collect();
        let page = std::str::from_utf8(INDEX).expect("UTF-8 page");
        let mut texts = vec![page];
        for a in ASSETS.iter().filter(|a| a.name.ends_with(".js")) {
            texts.push(std::str::from_utf8(a.body).expect("UTF-8 script"));
        }
        for text in texts {
            // Absolute links from the page, relative imports between the scripts.
            let refs = text
                .match_indices("/assets/")
                .chain(text.match_indices("from './"))
                .map(|(i, m)| i + m.len());
            for start in refs {
                let rest = &text[start..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
                    .collect();
                assert!(names.contains(&name.as_str()), "{name} is not embedded");
            }
        }
    }

    #[test]
    fn no_markup_from_strings() {
        // The page builds its DOM with createElement and textContent only.
        for a in ASSETS.iter().filter(|a| a.name.ends_with(".js")) {
            let text = std::str::from_utf8(a.body).expect("UTF-8 script");
            for sink in [
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "document.write",
            ] {
                assert!(!text.contains(sink), "{} uses {sink}", a.name);
            }
        }
    }
}
