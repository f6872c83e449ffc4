//! The OpenAPI 3 description served at `/openapi.json`, derived by utoipa from the handlers'
//! `#[utoipa::path]` attributes and the request and response types.
//!
//! Every route of [`crate::routes::ROUTES`] must be listed here and nothing else: the test
//! below fails when the two drift apart.

use utoipa::openapi::path::Operation;
use utoipa::openapi::RefOr;
use utoipa::{Modify, OpenApi};

use crate::error::{Problem, PROBLEM_JSON};
use crate::routes::{documents, entities, gazetteer, graph, relations, system};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "newsgraph",
        description = "Who met whom in the news: documents, entities, relations with their \
            evidence, and the knowledge graph they make. Errors are RFC 7807 \
            `application/problem+json`. When the server has a token, writes need \
            `Authorization: Bearer TOKEN`."
    ),
    paths(
        documents::create,
        documents::list,
        documents::bulk,
        documents::get,
        documents::delete,
        documents::tag,
        entities::list,
        entities::get,
        entities::relations,
        relations::list,
        relations::meetings,
        graph::paths,
        graph::central,
        graph::export,
        graph::stats,
        gazetteer::candidates,
        gazetteer::add_entry,
        system::health,
        system::metrics,
        system::openapi,
    ),
    components(schemas(Problem)),
    modifiers(&ProblemJson),
    tags(
        (name = "documents", description = "Ingest, read and delete articles; tag text"),
        (name = "entities", description = "People, countries, organisations, summits"),
        (name = "relations", description = "Relations with evidence; meetings"),
        (name = "graph", description = "Paths, centrality, exports, sizes"),
        (name = "gazetteer", description = "Unknown names and new entries"),
        (name = "system", description = "Health, metrics, this document"),
    )
)]
pub struct ApiDoc;

/// Error answers are `application/problem+json`, as [`crate::error`] sends them: the handlers'
/// annotations say `body = Problem`, which utoipa files under `application/json`.
struct ProblemJson;

impl Modify for ProblemJson {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let problem = "#/components/schemas/Problem";
        for item in doc.paths.paths.values_mut() {
            let ops = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
                &mut item.patch,
            ];
            for op in ops.into_iter().flatten() {
                problem_json(op, problem);
            }
        }
    }
}

fn problem_json(op: &mut Operation, problem: &str) {
    for response in op.responses.responses.values_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        let is_problem = response
            .content
            .get("application/json")
            .is_some_and(|c| matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location == problem));
        if is_problem {
            if let Some(content) = response.content.shift_remove("application/json") {
                response.content.insert(PROBLEM_JSON.to_owned(), content);
            }
        }
    }
}

/// The `(method, path)` pairs the document describes, methods in lowercase, sorted.
pub fn documented_routes() -> Vec<(String, String)> {
    let doc = ApiDoc::openapi();
    let mut out = Vec::new();
    for (path, item) in &doc.paths.paths {
        let ops = [
            ("get", item.get.is_some()),
            ("post", item.post.is_some()),
            ("put", item.put.is_some()),
            ("delete", item.delete.is_some()),
            ("patch", item.patch.is_some()),
            ("head", item.head.is_some()),
            ("options", item.options.is_some()),
            ("trace", item.trace.is_some()),
        ];
        for (method, present) in ops {
            if present {
                out.push((method.to_owned(), path.clone()));
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_lists_exactly_the_routes() {
        let mut routes: Vec<(String, String)> = crate::routes::all()
            .map(|r| (r.verb.as_str().to_owned(), r.path.to_owned()))
            .collect();
        routes.sort();
        assert_eq!(documented_routes(), routes);
    }

    #[test]
    fn errors_are_documented_as_problem_json() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let missing = &doc["paths"]["/v1/documents/{id}"]["get"]["responses"]["404"]["content"];
        assert!(missing.get(PROBLEM_JSON).is_some(), "{missing}");
        assert!(missing.get("application/json").is_none(), "{missing}");
        let found = &doc["paths"]["/v1/documents/{id}"]["get"]["responses"]["200"]["content"];
        assert!(found.get("application/json").is_some(), "{found}");
    }
}
