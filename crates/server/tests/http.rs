//! The real server on an ephemeral loopback port, driven over HTTP.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{mpsc, OnceLock};
use std::thread::JoinHandle;

use actix_web::dev::ServerHandle;
use newsgraph_server::{start, ServerConfig};
use serde_json::{json, Value};

const PUBLISHED: &str = "2021-06-14";

fn sample_text() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/nato-summit-2021.txt");
    std::fs::read_to_string(path).expect("the sample article")
}

/// A running server with its own data directory.
struct Server {
    base: String,
    handle: Option<ServerHandle>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
    agent: ureq::Agent,
    _dir: Option<tempfile::TempDir>,
}

/// One answer, read whole.
#[derive(Debug)]
struct Reply {
    status: u16,
    content_type: String,
    headers: BTreeMap<String, String>,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// Asserts an RFC 7807 body with this status.
    fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(
            self.content_type, "application/problem+json",
            "{}",
            self.body
        );
        let p = self.json();
        assert_eq!(p["status"], status, "{p}");
        for field in ["type", "title", "detail"] {
            assert!(p[field].is_string(), "{field} missing in {p}");
        }
        p
    }
}

fn config(dir: &std::path::Path) -> ServerConfig {
    ServerConfig {
        data_dir: dir.join("data"),
        addr: "127.0.0.1:0".into(),
        workers: Some(2),
        ..ServerConfig::default()
    }
}

impl Server {
    fn start(adjust: impl FnOnce(&mut ServerConfig)) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut cfg = config(dir.path());
        adjust(&mut cfg);
        let mut server = Server::start_config(cfg);
        server._dir = Some(dir);
        server
    }

    fn start_config(cfg: ServerConfig) -> Server {
        // Server logs go through the test harness's capture (the server keeps this subscriber).
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_max_level(tracing::Level::WARN)
            .try_init();
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                match start(cfg).await {
                    Ok(running) => {
                        let _ = tx.send(Ok((running.local_addr(), running.handle())));
                        running.wait().await
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e.to_string()));
                        Err(e)
                    }
                }
            })
        });
        let (addr, handle) = rx.recv().expect("server thread").expect("server starts");
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Server {
            base: format!("http://{addr}"),
            handle: Some(handle),
            thread: Some(thread),
            agent,
            _dir: None,
        }
    }

    /// Graceful stop; returns what the server's run returned (the store flushed).
    fn stop(&mut self) -> std::io::Result<()> {
        if let Some(handle) = self.handle.take() {
            actix_web::rt::System::new().block_on(handle.stop(true));
        }
        match self.thread.take() {
            Some(t) => t.join().expect("server thread"),
            None => Ok(()),
        }
    }

    fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Reply {
        let mut req = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req.body(body).expect("request");
        let mut res = self.agent.run(req).expect("an HTTP answer");
        let headers: BTreeMap<String, String> = res
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_owned()))
            .collect();
        Reply {
            status: res.status().as_u16(),
            content_type: headers.get("content-type").cloned().unwrap_or_default(),
            headers,
            body: res
                .body_mut()
                .with_config()
                .limit(64 << 20)
                .read_to_string()
                .expect("body"),
        }
    }

    fn get(&self, path: &str) -> Reply {
        self.send("GET", path, &[], Vec::new())
    }

    fn post_json(&self, path: &str, body: &Value) -> Reply {
        self.send(
            "POST",
            path,
            &[("content-type", "application/json")],
            body.to_string().into_bytes(),
        )
    }

    fn delete(&self, path: &str) -> Reply {
        self.send("DELETE", path, &[], Vec::new())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

/// One server for the tests that change nothing.
fn shared() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = Box::leak(Box::new(tempfile::tempdir().expect("temp dir")));
        let mut cfg = config(dir.path());
        cfg.body_limit = 64 * 1024;
        Server::start_config(cfg)
    })
}

fn ids_of(items: &Value, field: &str) -> Vec<String> {
    let mut ids: Vec<String> = items
        .as_array()
        .expect("a list")
        .iter()
        .map(|i| i[field]["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    ids.sort();
    ids
}

#[test]
fn sample_article_from_ingest_to_delete() {
    let s = Server::start(|_| {});
    let doc = json!({"id": "nato", "text": sample_text(), "published": PUBLISHED,
        "title": "NATO summit", "source": "sample"});
    let r = s.post_json("/v1/documents", &doc);
    assert_eq!(r.status, 201, "{}", r.body);
    let added = r.json();
    assert_eq!(
        (added["id"].as_str(), added["outcome"].as_str()),
        (Some("nato"), Some("added"))
    );
    assert!(added["mentions"].as_u64().unwrap() > 10, "{added}");
    assert!(added["relations"].as_u64().unwrap() > 0, "{added}");
    assert_eq!(
        r.headers.get("location").map(String::as_str),
        Some("/v1/documents/nato")
    );

    // Idempotent: the same document again changes nothing.
    let again = s.post_json("/v1/documents", &doc);
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.json(), json!({"id": "nato", "outcome": "unchanged"}));

    // Who Biden met, and how sure the text is.
    let r = s.get("/v1/meetings?entity=joe-biden");
    assert_eq!(r.status, 200, "{}", r.body);
    let met = r.json();
    let with = ids_of(&met["items"], "with");
    for who in [
        "alexander-de-croo",
        "charles-michel",
        "recep-tayyip-erdogan",
        "ursula-von-der-leyen",
        "vladimir-putin",
    ] {
        assert!(
            with.contains(&who.to_owned()),
            "{who} missing from {with:?}"
        );
    }
    let modality = |who: &str| {
        met["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["with"]["id"] == who)
            .map(|m| m["modality"].as_str().unwrap_or_default().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(modality("ursula-von-der-leyen"), "planned");
    assert_eq!(modality("vladimir-putin"), "planned");
    assert_eq!(modality("alexander-de-croo"), "asserted");
    let first = &met["items"][0];
    assert!(first["evidence"][0]["text"].is_string(), "{first}");

    // The evidence sentences.
    let r = s.get("/v1/relations?subject=joe-biden&object=vladimir-putin&predicate=met");
    assert_eq!(r.status, 200, "{}", r.body);
    let rels = r.json();
    let evidence = &rels["items"][0]["evidence"];
    assert_eq!(evidence[0]["document"], "nato", "{rels}");
    let sentence = evidence[0]["text"].as_str().unwrap();
    assert!(sentence.contains("Putin"), "{sentence}");
    let (start, end) = (
        evidence[0]["start"].as_u64().unwrap() as usize,
        evidence[0]["end"].as_u64().unwrap() as usize,
    );
    let slice: String = sample_text()
        .chars()
        .skip(start)
        .take(end - start)
        .collect();
    assert_eq!(slice, sentence, "offsets are code points into the text");

    // A path through the meetings.
    let r = s.get("/v1/paths?from=alexander-de-croo&to=vladimir-putin&predicate=met");
    assert_eq!(r.status, 200, "{}", r.body);
    let path = r.json();
    assert_eq!(path["found"], true, "{path}");
    let nodes = path["nodes"].as_array().unwrap();
    assert_eq!(nodes.first().unwrap()["id"], "alexander-de-croo");
    assert_eq!(nodes.last().unwrap()["id"], "vladimir-putin");
    assert_eq!(path["hops"], 2, "{path}");

    // Exports.
    let r = s.get("/v1/graph?format=dot&center=joe-biden&predicate=met");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.content_type.starts_with("text/vnd.graphviz"),
        "{}",
        r.content_type
    );
    assert!(r.body.starts_with("digraph"), "{}", r.body);
    assert!(r.body.contains("vladimir-putin"));
    let r = s.get("/v1/graph?format=graphml");
    assert!(r.content_type.starts_with("application/graphml+xml"));
    let r = s.get("/v1/graph?format=json&center=joe-biden");
    assert!(r.json()["nodes"].as_array().unwrap().len() > 3);

    // Reads of the document and the entities.
    let r = s.get("/v1/documents/nato");
    let stored = r.json();
    assert_eq!(stored["published"], PUBLISHED, "{}", r.body);
    assert!(stored["mentions"].as_array().unwrap().len() > 10);
    let r = s.get("/v1/documents?since=2021-06-01&until=2021-06-30&source=sample");
    assert_eq!(r.json()["items"][0]["id"], "nato", "{}", r.body);
    let r = s.get("/v1/documents?since=2022-01-01");
    assert_eq!(r.json()["items"], json!([]), "{}", r.body);
    let r = s.get("/v1/entities?q=erdo&type=person");
    assert_eq!(
        r.json()["items"][0]["id"],
        "recep-tayyip-erdogan",
        "{}",
        r.body
    );
    let r = s.get("/v1/entities/joe-biden");
    let biden = r.json();
    assert!(biden["mentions"].as_u64().unwrap() > 0, "{biden}");
    assert!(!biden["top_relations"].as_array().unwrap().is_empty());
    let r = s.get("/v1/entities/joe-biden/relations?predicate=met&modality=planned");
    assert!(
        !r.json()["items"].as_array().unwrap().is_empty(),
        "{}",
        r.body
    );
    // An entity's relations, and the listing of relations, leave co-occurrences out unless
    // they are asked for, as the entity's page and the graph endpoints do.
    let predicates = |url: String| -> std::collections::BTreeSet<String> {
        let r = s.get(&url);
        r.json()["items"]
            .as_array()
            .unwrap_or_else(|| panic!("{url}: {}", r.body))
            .iter()
            .map(|i| i["predicate"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    for listing in [
        "/v1/entities/joe-biden/relations?limit=1000",
        "/v1/relations?subject=joe-biden&limit=1000",
    ] {
        let typed = predicates(listing.to_owned());
        assert!(
            typed.contains("met") && !typed.contains("co_occurs"),
            "{listing}: {typed:?}"
        );
        let co = predicates(format!("{listing}&predicate=co_occurs"));
        assert_eq!(
            co.into_iter().collect::<Vec<_>>(),
            ["co_occurs"],
            "{listing}"
        );
    }
    let r = s.get("/v1/central?by=pagerank&limit=3");
    assert_eq!(r.json()["items"].as_array().unwrap().len(), 3, "{}", r.body);
    let r = s.get("/v1/stats");
    assert_eq!(r.json()["documents"], 1, "{}", r.body);
    let r = s.get("/metrics");
    assert!(r.content_type.starts_with("text/plain"));
    assert!(
        r.body
            .contains(r#"route="/v1/documents/{id}",status="200""#),
        "{}",
        r.body
    );
    assert!(r.body.contains("newsgraph_documents 1"), "{}", r.body);

    // Gone after delete.
    assert_eq!(s.delete("/v1/documents/nato").status, 204);
    s.get("/v1/documents/nato").problem(404);
    s.delete("/v1/documents/nato").problem(404);
    let r = s.get("/v1/meetings?entity=joe-biden");
    assert_eq!(r.json()["items"], json!([]), "{}", r.body);
    let r = s.get("/v1/meetings");
    assert_eq!(r.json()["items"], json!([]), "{}", r.body);
}

#[test]
fn bad_input_is_400() {
    let s = shared();
    let r = s.send(
        "POST",
        "/v1/documents",
        &[("content-type", "application/json")],
        b"{\"text\": ".to_vec(),
    );
    r.problem(400);
    s.post_json("/v1/documents", &json!({"title": "no text"}))
        .problem(400);
    s.get("/v1/documents?limit=many").problem(400);
    s.get("/v1/relations?predicate=likes").problem(400);
    s.get("/v1/graph?format=png").problem(400);
    s.get("/v1/documents?cursor=zz").problem(400);
}

#[test]
fn unknown_things_are_404() {
    let s = shared();
    s.get("/v1/documents/no-such-document").problem(404);
    s.get("/v1/entities/no-such-entity").problem(404);
    s.get("/v1/meetings?entity=no-such-entity").problem(404);
    s.get("/v1/nothing-here").problem(404);
    // Known to the gazetteer, in no document: an entity with no mentions.
    let r = s.get("/v1/entities/joe-biden");
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["mentions"], 0);
}

#[test]
fn wrong_method_is_405() {
    let s = shared();
    let r = s.send("PUT", "/v1/documents", &[], Vec::new());
    r.problem(405);
    assert_eq!(
        r.headers.get("allow").map(String::as_str),
        Some("POST, GET")
    );
    s.send("PATCH", "/v1/documents/x", &[], Vec::new())
        .problem(405);
    s.send("GET", "/v1/documents/bulk", &[], Vec::new())
        .problem(405);
    s.delete("/v1/stats").problem(405);
}

#[test]
fn oversized_body_is_413() {
    let s = shared();
    let big = json!({"text": "Joe Biden met Vladimir Putin. ".repeat(4000)});
    s.post_json("/v1/documents", &big).problem(413);
    let lines = format!("{}\n", json!({"text": "x".repeat(100)})).repeat(1000);
    s.send(
        "POST",
        "/v1/documents/bulk",
        &[("content-type", "application/x-ndjson")],
        lines.into_bytes(),
    )
    .problem(413);
}

#[test]
fn wrong_content_type_is_415() {
    let s = shared();
    s.send(
        "POST",
        "/v1/documents",
        &[("content-type", "text/plain")],
        b"Joe Biden met Vladimir Putin.".to_vec(),
    )
    .problem(415);
    s.send(
        "POST",
        "/v1/documents/bulk",
        &[("content-type", "application/json")],
        b"{\"text\": \"x\"}".to_vec(),
    )
    .problem(415);
}

#[test]
fn senseless_input_is_422() {
    let s = shared();
    s.post_json("/v1/documents", &json!({"text": "   "}))
        .problem(422);
    s.post_json(
        "/v1/documents",
        &json!({"text": "Biden met Putin.", "published": "last Monday"}),
    )
    .problem(422);
    s.post_json(
        "/v1/documents",
        &json!({"id": "a\u{7}b", "text": "Biden met Putin."}),
    )
    .problem(422);
    s.get("/v1/relations?since=2021-06-15&until=2021-06-01")
        .problem(422);
    s.post_json(
        "/v1/tag",
        &json!({"text": "Biden met Putin.", "published": "2021-02-30"}),
    )
    .problem(422);
}

#[test]
fn tag_stores_nothing() {
    let s = shared();
    let r = s.post_json(
        "/v1/tag",
        &json!({"text": "Joe Biden met Vladimir Putin in Geneva.", "published": "2021-06-16"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let x = r.json();
    assert!(x["mentions"].as_array().unwrap().len() >= 2, "{x}");
    assert_eq!(x["relations"][0]["predicate"], "met", "{x}");
    assert_eq!(s.get("/v1/stats").json()["documents"], 0);
}

#[test]
fn request_ids_are_echoed_or_made() {
    let s = shared();
    let r = s.send("GET", "/health", &[("x-request-id", "abc-123")], Vec::new());
    assert_eq!(
        r.headers.get("x-request-id").map(String::as_str),
        Some("abc-123")
    );
    let r = s.get("/health");
    assert!(!r
        .headers
        .get("x-request-id")
        .cloned()
        .unwrap_or_default()
        .is_empty());
    assert_eq!(r.json()["status"], "ok");
}

#[test]
fn writes_need_the_token_reads_do_not() {
    let s = Server::start(|c| c.token = Some("s3cret".into()));
    let doc = json!({"id": "d1", "text": "Joe Biden met Vladimir Putin in Geneva."});
    let body = doc.to_string().into_bytes();
    let json_type = ("content-type", "application/json");
    let r = s.send("POST", "/v1/documents", &[json_type], body.clone());
    r.problem(401);
    assert_eq!(
        r.headers.get("www-authenticate").map(String::as_str),
        Some("Bearer")
    );
    s.send(
        "POST",
        "/v1/documents",
        &[json_type, ("authorization", "Bearer wrong")],
        body.clone(),
    )
    .problem(401);
    s.send(
        "DELETE",
        "/v1/documents/d1",
        &[("authorization", "Basic s3cret")],
        Vec::new(),
    )
    .problem(401);
    let ok = s.send(
        "POST",
        "/v1/documents",
        &[json_type, ("authorization", "Bearer s3cret")],
        body,
    );
    assert_eq!(ok.status, 201, "{}", ok.body);
    // Reads and tagging stay open.
    assert_eq!(s.get("/v1/documents/d1").status, 200);
    assert_eq!(s.get("/v1/meetings?entity=joe-biden").status, 200);
    let tagged = s.post_json("/v1/tag", &json!({"text": "Joe Biden met Vladimir Putin."}));
    assert_eq!(tagged.status, 200, "{}", tagged.body);
    s.delete("/v1/documents/d1").problem(401);
    let gone = s.send(
        "DELETE",
        "/v1/documents/d1",
        &[("authorization", "Bearer s3cret")],
        Vec::new(),
    );
    assert_eq!(gone.status, 204);
}

#[test]
fn slow_requests_are_cut_off() {
    let s = Server::start(|c| c.request_timeout = std::time::Duration::from_millis(1));
    let doc = json!({"text": sample_text(), "published": PUBLISHED});
    let p = s.post_json("/v1/documents", &doc).problem(503);
    assert_eq!(p["type"], "/problems/timeout");
    assert_eq!(s.get("/health").status, 200);
}

#[test]
fn openapi_describes_exactly_the_routes() {
    let s = shared();
    let r = s.get("/openapi.json");
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if [
                "get", "post", "put", "delete", "patch", "head", "options", "trace",
            ]
            .contains(&method.as_str())
            {
                documented.push((method.clone(), path.clone()));
            }
        }
    }
    documented.sort();
    let mut routes: Vec<(String, String)> = newsgraph_server::routes::all()
        .map(|r| (r.verb.as_str().to_owned(), r.path.to_owned()))
        .collect();
    routes.sort();
    assert_eq!(documented, routes);
    // And every GET route without parameters answers.
    for r in newsgraph_server::routes::all() {
        if r.verb.as_str() == "get" && !r.path.contains('{') && r.path != "/v1/paths" {
            let got = s.get(r.path);
            assert_eq!(got.status, 200, "GET {}: {}", r.path, got.body);
        }
    }
}

#[test]
fn bulk_reports_each_line() {
    let s = Server::start(|c| c.bulk_limit = 5);
    let lines = [
        json!({"id": "a", "text": "Joe Biden met Vladimir Putin in Geneva.", "published": PUBLISHED})
            .to_string(),
        "{not json".to_owned(),
        String::new(),
        json!({"id": "c", "text": ""}).to_string(),
        json!({"id": "d", "text": "Emmanuel Macron met Olaf Scholz.", "published": "someday"})
            .to_string(),
        json!({"id": "e", "text": "Angela Merkel met Emmanuel Macron in Paris."}).to_string(),
    ];
    let body = lines.join("\n").into_bytes();
    let r = s.send(
        "POST",
        "/v1/documents/bulk",
        &[("content-type", "application/x-ndjson")],
        body.clone(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let out = r.json();
    let statuses: Vec<(u64, u64)> = out["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["line"].as_u64().unwrap(), l["status"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [(1, 201), (2, 400), (4, 422), (5, 422), (6, 201)],
        "{out}"
    );
    assert!(out["results"][1]["error"].is_string());
    assert_eq!(
        (out["ok"].as_u64(), out["failed"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(s.get("/v1/documents/a").status, 200);
    assert_eq!(s.get("/v1/documents/e").status, 200);
    // Again: the good lines are unchanged now.
    let again = s.send(
        "POST",
        "/v1/documents/bulk",
        &[("content-type", "application/jsonl")],
        body,
    );
    assert_eq!(again.json()["results"][0]["status"], 200, "{}", again.body);
    // Over the line limit.
    let many = format!("{}\n", json!({"text": "x"})).repeat(6);
    s.send(
        "POST",
        "/v1/documents/bulk",
        &[("content-type", "application/x-ndjson")],
        many.into_bytes(),
    )
    .problem(413);
}

#[test]
fn gazetteer_entries_that_cannot_be_added() {
    let s = shared();
    let known = json!({"id": "joe-biden", "type": "person", "name": "Joe Biden"});
    s.post_json("/v1/gazetteer/entries", &known).problem(409);
    for bad in [
        json!({"id": "Bad Id", "type": "person", "name": "X"}),
        json!({"id": "x", "type": "Person", "name": "X"}),
        json!({"id": "x", "type": "person", "name": " "}),
    ] {
        s.post_json("/v1/gazetteer/entries", &bad).problem(422);
    }
    s.post_json(
        "/v1/gazetteer/entries",
        &json!({"id": "x", "type": "person", "name": "X", "colour": "blue"}),
    )
    .problem(400);
    assert_eq!(s.get("/v1/candidates").status, 200);
}

#[test]
fn gazetteer_entries_relink_documents() {
    let s = Server::start(|_| {});
    let text = "Joe Biden met Zorblat Quenx in Geneva on Tuesday.";
    let r = s.post_json(
        "/v1/documents",
        &json!({"id": "z", "text": text, "published": PUBLISHED}),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    // Asked before the entry exists, so cached without it.
    let r = s.get("/v1/entities?q=zorb");
    assert_eq!(r.json()["items"], json!([]), "{}", r.body);
    assert_eq!(
        ids_of(
            &s.get("/v1/meetings?entity=joe-biden").json()["items"],
            "with"
        ),
        Vec::<String>::new()
    );
    let entry = json!({"id": "zorblat-quenx", "type": "person", "name": "Zorblat Quenx"});
    let r = s.post_json("/v1/gazetteer/entries", &entry);
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        r.headers.get("location").map(String::as_str),
        Some("/v1/entities/zorblat-quenx")
    );
    assert_eq!(r.json()["reindex"]["changed"], 1, "{}", r.body);
    s.post_json("/v1/gazetteer/entries", &entry).problem(409);
    let r = s.get("/v1/entities/zorblat-quenx");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.json()["mentions"].as_u64().unwrap() > 0, "{}", r.body);
    let r = s.get("/v1/entities?q=zorb");
    assert_eq!(r.json()["items"][0]["id"], "zorblat-quenx", "{}", r.body);
    let r = s.get("/v1/meetings?entity=zorblat-quenx");
    assert_eq!(
        ids_of(&r.json()["items"], "with"),
        ["joe-biden"],
        "{}",
        r.body
    );
    let r = s.get("/v1/meetings?entity=joe-biden");
    assert_eq!(
        ids_of(&r.json()["items"], "with"),
        ["zorblat-quenx"],
        "{}",
        r.body
    );
}

#[test]
fn files_load_at_start_once_and_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/nato-summit-2021.txt");
    let lines = dir.path().join("more.jsonl");
    std::fs::write(
        &lines,
        format!(
            "{}\nnot json\n",
            json!({"id": "g", "text": "Joe Biden met Xi Jinping in Bali.", "published": "2022-11-14"})
        ),
    )
    .unwrap();
    let mut cfg = config(dir.path());
    cfg.ingest = vec![sample, lines];
    let mut first = Server::start_config(cfg.clone());
    let doc = first.get("/v1/documents/nato-summit-2021").json();
    assert_eq!(doc["published"], PUBLISHED, "{doc}");
    assert_eq!(first.get("/v1/stats").json()["documents"], 2);
    first.stop().expect("a clean stop");
    let second = Server::start_config(cfg);
    assert_eq!(second.get("/v1/stats").json()["documents"], 2);
    let r = second.get("/v1/meetings?entity=joe-biden&since=2022-01-01");
    assert_eq!(
        ids_of(&r.json()["items"], "with"),
        ["xi-jinping"],
        "{}",
        r.body
    );
}

#[test]
fn result_sizes_are_capped_by_the_configured_limits() {
    let s = Server::start(|c| {
        c.max_results = 3;
        c.max_graph_nodes = 4;
    });
    let doc = json!({"id": "nato", "text": sample_text(), "published": PUBLISHED});
    assert_eq!(s.post_json("/v1/documents", &doc).status, 201);
    // A page never holds more than `max_results`, whatever `limit` asks.
    let page = s.get("/v1/relations?subject=joe-biden&limit=50").json();
    assert_eq!(page["items"].as_array().map(Vec::len), Some(3), "{page}");
    assert!(page["next_cursor"].is_string(), "{page}");
    // An export never holds more than `max_graph_nodes`, even when `max_nodes=0` asks for all.
    for query in ["max_nodes=0", "max_nodes=100", ""] {
        let graph = s.get(&format!("/v1/graph?format=json&{query}")).json();
        let nodes = graph["nodes"].as_array().map(Vec::len).unwrap_or(0);
        assert!(nodes <= 4, "{query}: {nodes} nodes");
        assert_eq!(graph["truncated"], json!(true), "{query}");
    }
}

#[test]
fn cors_is_off_unless_origins_are_configured() {
    let page = "https://newsroom.example";
    let off = shared();
    let r = off.send("GET", "/v1/stats", &[("origin", page)], Vec::new());
    assert_eq!(r.status, 200);
    assert!(
        !r.headers.contains_key("access-control-allow-origin"),
        "{:?}",
        r.headers
    );

    let on = Server::start(|c| c.cors_origins = vec![page.to_string()]);
    let r = on.send("GET", "/v1/stats", &[("origin", page)], Vec::new());
    assert_eq!(
        r.headers
            .get("access-control-allow-origin")
            .map(String::as_str),
        Some(page)
    );
    let other = on.send(
        "GET",
        "/v1/stats",
        &[("origin", "https://elsewhere.example")],
        Vec::new(),
    );
    assert!(!other.headers.contains_key("access-control-allow-origin"));
    let preflight = on.send(
        "OPTIONS",
        "/v1/documents",
        &[("origin", page), ("access-control-request-method", "POST")],
        Vec::new(),
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(
        preflight
            .headers
            .get("access-control-allow-origin")
            .map(String::as_str),
        Some(page)
    );
}

/// Listings carry the first few sentences of each relation (5 unless `evidence` says, never
/// more than `max_results`); `support` counts them all.
#[test]
fn listings_carry_the_first_sentences_of_each_relation() {
    let s = Server::start(|c| c.max_results = 6);
    let text = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    .map(|day| format!("Joe Biden met Boris Johnson on {day}."))
    .join(" ");
    let doc = json!({"id": "week", "text": text, "published": PUBLISHED});
    assert_eq!(s.post_json("/v1/documents", &doc).status, 201);
    let counts = |path: &str| -> (u64, usize) {
        let page = s.get(path).json();
        let item = &page["items"][0];
        let n = item["evidence"].as_array().map_or(0, Vec::len);
        (item["support"].as_u64().unwrap_or(0), n)
    };
    let met = "/v1/relations?subject=joe-biden&object=boris-johnson&predicate=met";
    for (query, expected) in [
        ("", 5),
        ("&evidence=2", 2),
        ("&evidence=0", 0),
        ("&evidence=1000", 6),
    ] {
        assert_eq!(counts(&format!("{met}{query}")), (7, expected), "{query}");
    }
    assert_eq!(
        counts("/v1/entities/joe-biden/relations?predicate=met&evidence=3"),
        (7, 3)
    );
    assert_eq!(counts("/v1/meetings?entity=joe-biden&evidence=1"), (7, 1));
    s.get(&format!("{met}&evidence=many")).problem(400);
}

/// The GET query endpoints the response cache serves, as a test asks them about Joe Biden.
const CACHED_QUERIES: [&str; 5] = [
    "/v1/meetings?entity=joe-biden",
    "/v1/entities/joe-biden/relations",
    "/v1/relations?subject=joe-biden&predicate=met",
    "/v1/entities/joe-biden",
    "/v1/central?limit=5",
];

fn meeting_doc(id: &str, who: &str) -> Value {
    json!({"id": id, "text": format!("Joe Biden met {who} in Geneva."), "published": PUBLISHED})
}

#[test]
fn cached_answers_change_right_after_each_write() {
    for cache in [ServerConfig::default().response_cache, 0] {
        let s = Server::start(|c| c.response_cache = cache);
        assert_eq!(
            s.post_json("/v1/documents", &meeting_doc("a", "Boris Johnson"))
                .status,
            201
        );
        let before: Vec<Reply> = CACHED_QUERIES.iter().map(|q| s.get(q)).collect();
        for (q, r) in CACHED_QUERIES.iter().zip(&before) {
            assert_eq!(r.status, 200, "{q}: {}", r.body);
            assert!(r.headers.contains_key("etag"), "{q}: no ETag");
            // Asked again: the same answer, the same tag.
            let again = s.get(q);
            assert_eq!(
                (&again.body, &again.headers["etag"]),
                (&r.body, &r.headers["etag"]),
                "{q}"
            );
        }
        // (write, whether each answer now differs from `before`)
        type Write<'a> = Box<dyn Fn() -> Reply + 'a>;
        let steps: [(&str, Write, bool); 3] = [
            (
                "ingest",
                Box::new(|| s.post_json("/v1/documents", &meeting_doc("b", "Vladimir Putin"))),
                true,
            ),
            ("delete", Box::new(|| s.delete("/v1/documents/b")), false),
            (
                "replace",
                Box::new(|| s.post_json("/v1/documents", &meeting_doc("a", "Vladimir Putin"))),
                true,
            ),
        ];
        for (name, write, changes) in steps {
            let w = write();
            assert!(w.status < 300, "{name}: {}", w.body);
            for (q, old) in CACHED_QUERIES.iter().zip(&before) {
                let now = s.get(q);
                assert_eq!(now.status, 200, "{name} {q}");
                assert_ne!(now.headers["etag"], old.headers["etag"], "{name} {q}: tag");
                // What the store now says, whatever was cached before the write.
                let fresh = s.get(&format!(
                    "{q}{}nocache=1",
                    if q.contains('?') { '&' } else { '?' }
                ));
                assert_eq!(
                    now.json(),
                    fresh.json(),
                    "{name} {q}: stale (cache {cache})"
                );
                if *q != "/v1/central?limit=5" && *q != "/v1/entities/joe-biden" {
                    assert_eq!(now.body != old.body, changes, "{name} {q}");
                }
            }
        }
    }
}

#[test]
fn matching_etags_answer_304() {
    let s = Server::start(|_| {});
    assert_eq!(
        s.post_json("/v1/documents", &meeting_doc("a", "Boris Johnson"))
            .status,
        201
    );
    let q = "/v1/meetings?entity=joe-biden&limit=10";
    let first = s.get(q);
    let tag = first.headers["etag"].clone();
    // (If-None-Match, status)
    let cases = [
        (tag.clone(), 304),
        (format!("W/{tag}"), 304),
        (format!("\"x\", {tag}"), 304),
        ("*".to_owned(), 304),
        ("\"x\"".to_owned(), 200),
    ];
    for (header, status) in cases {
        let r = s.send("GET", q, &[("if-none-match", &header)], Vec::new());
        assert_eq!(r.status, status, "{header}");
        assert_eq!(r.headers["etag"], tag, "{header}");
        if status == 304 {
            assert!(r.body.is_empty(), "{header}: {}", r.body);
        } else {
            assert_eq!(r.body, first.body, "{header}");
        }
    }
    // A cached answer comes back with the headers its handler set.
    for path in ["/v1/graph?format=dot&center=joe-biden", q] {
        let (made, cached) = (s.get(path), s.get(path));
        assert_eq!(made.status, 200, "{path}: {}", made.body);
        assert_eq!(
            (&made.content_type, &made.body),
            (&cached.content_type, &cached.body),
            "{path}"
        );
    }
    // The query's order does not matter.
    let swapped = s.get("/v1/meetings?limit=10&entity=joe-biden");
    assert_eq!(swapped.headers["etag"], tag);
    // After a write the old tag no longer matches.
    s.post_json("/v1/documents", &meeting_doc("b", "Vladimir Putin"));
    let r = s.send("GET", q, &[("if-none-match", &tag)], Vec::new());
    assert_eq!(r.status, 200);
    assert_ne!(r.headers["etag"], tag);
    // Errors are problem+json, without a tag, and stay errors.
    for _ in 0..2 {
        let missing = s.get("/v1/entities/nobody-at-all/relations");
        missing.problem(404);
        assert!(!missing.headers.contains_key("etag"));
        s.get("/v1/meetings?since=yesterday").problem(422);
    }
    // Uncached routes carry no tag.
    assert!(!s.get("/health").headers.contains_key("etag"));
}

/// A gauge of the server's /metrics.
fn gauge(s: &Server, name: &str) -> usize {
    let text = s.get("/metrics").body;
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in /metrics"))
}

#[test]
fn the_response_cache_stays_within_its_budget() {
    let budget = 64 * 1024;
    let s = Server::start(|c| c.response_cache = budget);
    let text = (0..40)
        .map(|i| format!("Joe Biden met Boris Johnson on day {i} of the talks."))
        .collect::<Vec<_>>()
        .join(" ");
    let doc = json!({"id": "long", "text": text, "published": PUBLISHED});
    assert_eq!(s.post_json("/v1/documents", &doc).status, 201);
    let mut largest = 0;
    for n in 0..=60 {
        let r = s.get(&format!("/v1/meetings?entity=joe-biden&evidence={n}"));
        assert_eq!(r.status, 200);
        largest = largest.max(r.body.len());
        assert!(
            gauge(&s, "newsgraph_response_cache_bytes") <= budget,
            "after {n}"
        );
    }
    assert!(
        largest > budget / 16,
        "the test should fill the cache: {largest}"
    );
    assert!(gauge(&s, "newsgraph_response_cache_entries") > 0);
    // Turned off, it keeps nothing.
    let off = Server::start(|c| c.response_cache = 0);
    off.get("/v1/central");
    assert_eq!(gauge(&off, "newsgraph_response_cache_entries"), 0);
}

#[test]
fn concurrent_reads_and_writes_agree() {
    let s = Server::start(|_| {});
    assert_eq!(
        s.post_json("/v1/documents", &meeting_doc("a", "Boris Johnson"))
            .status,
        201
    );
    let q = "/v1/meetings?entity=joe-biden";
    let people = ["Vladimir Putin", "Angela Merkel", "Emmanuel Macron"];
    std::thread::scope(|scope| {
        for _ in 0..6 {
            scope.spawn(|| {
                for _ in 0..30 {
                    let r = s.get(q);
                    assert_eq!(r.status, 200, "{}", r.body);
                    let n = r.json()["items"].as_array().map_or(0, Vec::len);
                    assert!((1..=1 + people.len()).contains(&n), "{n}");
                }
            });
        }
        scope.spawn(|| {
            for (i, who) in people.iter().enumerate() {
                let r = s.post_json("/v1/documents", &meeting_doc(&format!("w{i}"), who));
                assert_eq!(r.status, 201, "{}", r.body);
            }
        });
    });
    // Every write is seen once the writer is done.
    let r = s.get(q);
    assert_eq!(
        r.json()["items"].as_array().map_or(0, Vec::len),
        1 + people.len()
    );
}
