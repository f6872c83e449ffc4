//! The web explorer in a real browser: headless Chromium driven over WebDriver (chromedriver on
//! a free loopback port, spoken to with `ureq`), against the real server on an ephemeral port
//! loaded with the sample article.
//!
//! Needs Debian's `chromium` and `chromium-driver` (or `CHROME` and `CHROMEDRIVER` naming the
//! binaries); without them each browser test says `SKIPPED` on standard error and returns.
//! With `NEWSGRAPH_SCREENSHOTS=DIR` the tests save screenshots of the main views in `DIR`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use newsgraph_server::{start, ServerConfig};
use serde_json::{json, Value};

const PUBLISHED: &str = "2021-06-14";
const WAIT: Duration = Duration::from_secs(15);

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// The real server on an ephemeral port with its own data directory.
struct Server {
    base: String,
    handle: Option<ServerHandle>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
    agent: ureq::Agent,
    _dir: tempfile::TempDir,
}

impl Server {
    /// A server that has ingested the sample article.
    fn with_sample() -> Server {
        // Server logs go through the test harness's capture.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_max_level(tracing::Level::WARN)
            .try_init();
        let dir = tempfile::tempdir().expect("temp dir");
        let cfg = ServerConfig {
            data_dir: dir.path().join("data"),
            addr: "127.0.0.1:0".into(),
            workers: Some(2),
            ..ServerConfig::default()
        };
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
        let server = Server {
            base: format!("http://{addr}"),
            handle: Some(handle),
            thread: Some(thread),
            agent: agent(),
            _dir: dir,
        };
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/nato-summit-2021.txt"),
        )
        .expect("the sample article");
        let (status, body) = server.post(
            "/v1/documents",
            &json!({"id": "nato-summit-2021", "text": text, "published": PUBLISHED,
                "title": "Relations with Russia at lowest point, says NATO chief",
                "source": "sample", "url": "https://example.org/nato-summit-2021"}),
        );
        assert_eq!(status, 201, "{body}");
        server
    }

    fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let mut res = self
            .agent
            .post(format!("{}{path}", self.base))
            .send_json(body)
            .expect("an HTTP answer");
        let status = res.status().as_u16();
        (status, res.body_mut().read_json().unwrap_or(Value::Null))
    }

    /// Status, content type, a header and the body of a GET.
    fn get(&self, path: &str, header: &str) -> (u16, String, String, String) {
        let mut res = self
            .agent
            .get(format!("{}{path}", self.base))
            .call()
            .expect("an HTTP answer");
        let value = |name: &str| {
            res.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let (content_type, header) = (value("content-type"), value(header));
        let body = res.body_mut().read_to_string().unwrap_or_default();
        (res.status().as_u16(), content_type, header, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            actix_web::rt::System::new().block_on(handle.stop(true));
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A program from `env` (a path) or found on `PATH` under one of `names`.
fn program(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// chromedriver with one headless Chromium session; both end when this is dropped.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// A browser, or `None` (after saying so loudly) when Chromium or chromedriver is missing.
    fn start() -> Option<Browser> {
        let chrome = program("CHROME", &["chromium", "chromium-browser"]);
        let driver = program("CHROMEDRIVER", &["chromedriver"]);
        let (Some(chrome), Some(driver)) = (chrome, driver) else {
            // Straight to the process's standard error: the test harness captures eprintln!,
            // and a skip must show even when the tests pass.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: chromium/chromedriver not installed \
                 (Debian packages chromium and chromium-driver)"
            );
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().expect("temp dir");
        let mut browser = Browser {
            driver: child,
            base: format!("http://127.0.0.1:{port}"),
            session: String::new(),
            agent: agent(),
            _profile: profile,
        };
        let deadline = Instant::now() + WAIT;
        while browser.call("GET", "/status", None).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not answer");
            std::thread::sleep(Duration::from_millis(50));
        }
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1400,900",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([format!(
            "--user-data-dir={}",
            browser._profile.path().display()
        )])
        .collect::<Vec<_>>();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            // An alert stays open for the test to find, instead of being dismissed.
            "unhandledPromptBehavior": "ignore",
            "goog:chromeOptions": {"binary": chrome, "args": args},
        }}});
        let session = browser
            .call("POST", "/session", Some(caps))
            .expect("a browser session");
        browser.session = session["sessionId"]
            .as_str()
            .expect("a session id")
            .to_owned();
        Some(browser)
    }

    /// One WebDriver command; the `value` of its answer, or the error it names.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{path}", self.base);
        let res = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, body) => self.agent.post(&url).send_json(body.unwrap_or(json!({}))),
        };
        let mut res = res.map_err(|e| e.to_string())?;
        let answer: Value = res.body_mut().read_json().map_err(|e| e.to_string())?;
        let value = answer.get("value").cloned().unwrap_or(Value::Null);
        match value.get("error").and_then(Value::as_str) {
            Some(error) => Err(format!(
                "{error}: {}",
                value["message"].as_str().unwrap_or_default()
            )),
            None => Ok(value),
        }
    }

    fn session(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn go(&self, url: &str) {
        self.session("POST", "/url", Some(json!({ "url": url })))
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// Runs `script` (a function body) in the page.
    fn js(&self, script: &str) -> Value {
        self.session(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Polls `expr` until it is truthy; its value.
    fn wait(&self, what: &str, expr: &str) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let v = self.js(&format!("return ({expr});"));
            let truthy = match &v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                Value::Array(a) => !a.is_empty(),
                Value::Object(_) => true,
            };
            if truthy {
                return v;
            }
            if Instant::now() > deadline {
                let status = self.js("return document.querySelector('#status')?.textContent");
                panic!("timed out waiting for {what} ({expr}); status: {status}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn find(&self, css: &str) -> String {
        let found = self
            .session(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .unwrap_or_else(|e| panic!("find {css}: {e}"));
        found[ELEMENT].as_str().expect("an element id").to_owned()
    }

    /// A real click (pointer events at the element's centre), as a user makes it. An element
    /// still moving (the graph's layout settling) or covered for a moment is clicked again,
    /// for up to five seconds: a loaded machine draws slower, not differently.
    fn click(&self, css: &str) {
        let transient = ["intercepted", "not interactable", "stale element"];
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let id = self.find(css);
            match self.session("POST", &format!("/element/{id}/click"), Some(json!({}))) {
                Ok(_) => return,
                Err(e) if Instant::now() < deadline && transient.iter().any(|t| e.contains(t)) => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(e) => panic!("click {css}: {e}"),
            }
        }
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.session(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        )
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    fn text(&self, css: &str) -> String {
        let css = serde_json::to_string(css).expect("a string");
        self.js(&format!(
            "return document.querySelector({css})?.textContent ?? ''"
        ))
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// The text of an open alert, if any.
    fn alert(&self) -> Option<String> {
        self.session("GET", "/alert/text", None)
            .ok()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
    }

    /// Saves a screenshot as `DIR/name.png` when `NEWSGRAPH_SCREENSHOTS=DIR` is set.
    fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("NEWSGRAPH_SCREENSHOTS") else {
            return;
        };
        // Let layout and fonts settle.
        std::thread::sleep(Duration::from_millis(300));
        let png = self
            .session("GET", "/screenshot", None)
            .expect("a screenshot");
        let bytes = base64(png.as_str().expect("base64 text"));
        std::fs::create_dir_all(&dir).expect("screenshot directory");
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), bytes).expect("write PNG");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.session("DELETE", "", None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64, as WebDriver sends screenshots.
fn base64(text: &str) -> Vec<u8> {
    let digit = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = text
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/'))
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &c)| {
            acc | u32::from(digit(c)) << (18 - 6 * i)
        });
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

/// The `class` of the edge between `a` and `b` (either way) with `predicate`, and its line's
/// `stroke-dasharray`.
fn edge(b: &Browser, a: &str, c: &str, predicate: &str) -> (String, String) {
    let v = b.js(&format!(
        "const g = [...document.querySelectorAll('g.edge')].find((g) => \
           g.dataset.predicate === '{predicate}' && \
           ((g.dataset.source === '{a}' && g.dataset.target === '{c}') || \
            (g.dataset.source === '{c}' && g.dataset.target === '{a}'))); \
         return g ? [g.getAttribute('class'), \
           g.querySelector('.edge-line').getAttribute('stroke-dasharray') || ''] : null;"
    ));
    let pair = v
        .as_array()
        .unwrap_or_else(|| panic!("no {predicate} edge between {a} and {c}"));
    (
        pair[0].as_str().unwrap_or_default().to_owned(),
        pair[1].as_str().unwrap_or_default().to_owned(),
    )
}

/// The selector of the `met` edge between two entities, whichever way it points.
fn met_edge(b: &Browser, a: &str, c: &str) -> String {
    let (s, t) = if b
        .js(&format!(
            "return !!document.querySelector(\"g.edge.pred-met[data-source='{a}'][data-target='{c}']\")"
        ))
        .as_bool()
        == Some(true)
    {
        (a, c)
    } else {
        (c, a)
    };
    format!("g.edge.pred-met[data-source='{s}'][data-target='{t}'] .edge-hit")
}

#[test]
fn page_and_assets_are_served_with_a_policy() {
    let s = Server::with_sample();
    let (status, ty, csp, body) = s.get("/", "content-security-policy");
    assert_eq!(status, 200);
    assert!(ty.starts_with("text/html"), "{ty}");
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    assert!(body.contains("/assets/app.js"));
    for (path, want) in [
        ("/assets/app.js", "text/javascript"),
        ("/assets/graph.js", "text/javascript"),
        ("/assets/style.css", "text/css"),
        ("/assets/favicon.svg", "image/svg+xml"),
    ] {
        let (status, ty, nosniff, _) = s.get(path, "x-content-type-options");
        assert_eq!((status, nosniff.as_str()), (200, "nosniff"), "{path}");
        assert!(ty.starts_with(want), "{path}: {ty}");
    }
    let (status, ty, _, _) = s.get("/assets/nothing.js", "");
    assert_eq!((status, ty.as_str()), (404, "application/problem+json"));
}

#[test]
fn search_open_read_evidence_filter_and_download() {
    let Some(b) = Browser::start() else { return };
    let s = Server::with_sample();
    b.go(&format!("{}/", s.base));
    b.wait(
        "the start page",
        "document.querySelector('.home ol.central li')",
    );

    // An alias prefix, any case, without the diacritic.
    b.type_into("#search", "erdo");
    let found = b.wait(
        "a search result",
        "[...document.querySelectorAll('#results button.result')].map((r) => r.dataset.id)",
    );
    assert_eq!(found, json!(["recep-tayyip-erdogan"]));

    b.js("document.querySelector('#search').value = ''");
    b.type_into("#search", "Biden");
    b.wait(
        "Biden in the results",
        "document.querySelector(\"#results button.result[data-id='joe-biden']\")",
    );
    b.screenshot("explorer-search");
    b.click("#results button.result[data-id='joe-biden']");
    b.wait(
        "Biden's neighbourhood",
        "document.querySelector(\"#graph-pane[data-center='joe-biden'] g.node.root[data-id='joe-biden']\")",
    );
    b.wait(
        "the entity panel",
        "document.querySelector(\".entity[data-id='joe-biden']\")",
    );
    assert!(b.text(".entity").contains("President"), "offices listed");

    // Planned meetings dashed, asserted ones solid.
    for (who, modality) in [
        ("recep-tayyip-erdogan", "planned"),
        ("charles-michel", "planned"),
        ("ursula-von-der-leyen", "planned"),
        ("vladimir-putin", "planned"),
        ("alexander-de-croo", "asserted"),
    ] {
        let (class, dash) = edge(&b, "joe-biden", who, "met");
        assert!(
            class
                .split(' ')
                .any(|c| c == format!("modality-{modality}")),
            "{who}: {class}"
        );
        assert_eq!(
            dash.is_empty(),
            modality == "asserted",
            "{who}: dash {dash:?}"
        );
    }
    let widths = b.js(
        "return [...document.querySelectorAll('g.edge.pred-met')].map((g) => \
           [g.dataset.target + g.dataset.source, Number(g.querySelector('.edge-line').getAttribute('stroke-width'))])",
    );
    let width = |id: &str| {
        widths
            .as_array()
            .and_then(|a| {
                a.iter()
                    .find(|w| w[0].as_str().is_some_and(|k| k.contains(id)))
            })
            .and_then(|w| w[1].as_f64())
            .unwrap_or_default()
    };
    assert!(
        width("vladimir-putin") > width("charles-michel"),
        "support 2 is drawn wider than support 1: {widths}"
    );
    b.screenshot("explorer-neighbourhood");

    // The Putin edge's evidence: the Geneva sentence, its document, a link to open it.
    b.click(&met_edge(&b, "joe-biden", "vladimir-putin"));
    b.wait(
        "the evidence with its document",
        "document.querySelector(\".evidence[data-object='vladimir-putin'] .doc-title, .evidence[data-subject='vladimir-putin'] .doc-title\")",
    );
    let evidence = b.text(".evidence");
    assert!(
        evidence.contains("leaving the Belgian capital for Geneva"),
        "{evidence}"
    );
    assert!(
        evidence.contains("Relations with Russia at lowest point"),
        "{evidence}"
    );
    assert!(evidence.contains(PUBLISHED), "{evidence}");
    let marked = b.js(
        "return [...document.querySelectorAll('.evidence blockquote mark')].map((m) => m.textContent)",
    );
    for word in ["Biden", "Vladimir Putin", "meeting"] {
        assert!(
            marked.as_array().is_some_and(|m| m.contains(&json!(word))),
            "{word} in {marked}"
        );
    }
    b.screenshot("explorer-evidence");

    // The whole document, the sentence highlighted, mentions marked by type.
    b.click(".evidence .open-document");
    b.wait(
        "the document",
        "document.querySelector(\".document[data-id='nato-summit-2021'] .focus\")",
    );
    assert!(b.text(".document .focus").contains("Geneva"));
    let types = b.js(
        "return [...new Set([...document.querySelectorAll('.document-text mark.mention')].map((m) => m.className))]",
    );
    assert!(
        types.to_string().contains("type-person") && types.to_string().contains("type-country"),
        "{types}"
    );
    b.screenshot("explorer-document");
    b.js("history.back()");
    b.wait(
        "the graph again",
        "!document.querySelector('#graph-pane').hidden && document.querySelector('g.edge')",
    );

    // A node click offers to expand it; expanding adds its neighbours.
    let before = b.js("return document.querySelectorAll('g.node').length");
    b.click("g.node[data-id='charles-michel']");
    b.click("#selection .node-card button.expand");
    b.wait(
        "Charles Michel's neighbours",
        &format!("document.querySelectorAll('g.node').length > {before}"),
    );

    // Only `met`: every other predicate goes, at the server.
    b.click("fieldset.f-predicate legend button.none");
    b.click("label.f-predicate-met input");
    b.wait(
        "only meetings",
        "document.querySelector('g.edge') && [...document.querySelectorAll('g.edge')].every((g) => g.dataset.predicate === 'met') \
         && document.querySelector('#download-dot').getAttribute('href').includes('predicate=met')",
    );
    let preds = b.js(
        "return [...new Set([...document.querySelectorAll('g.edge')].map((g) => g.dataset.predicate))]",
    );
    assert_eq!(preds, json!(["met"]));

    // The DOT download is the server's export of this view.
    let href = b.js("return document.querySelector('#download-dot').getAttribute('href')");
    let href = href.as_str().expect("a DOT link");
    assert!(
        href.starts_with("/v1/graph?") && href.contains("center=joe-biden"),
        "{href}"
    );
    let (status, ty, _, dot) = s.get(href, "");
    assert_eq!(status, 200);
    assert!(ty.starts_with("text/vnd.graphviz"), "{ty}");
    assert!(
        dot.contains("graph") && dot.contains("vladimir-putin"),
        "{dot}"
    );
    assert!(!dot.contains("traveled_to"), "filtered: {dot}");
    let href = b.js("return document.querySelector('#download-graphml').getAttribute('href')");
    let (status, _, _, graphml) = s.get(href.as_str().expect("a GraphML link"), "");
    assert_eq!(status, 200);
    assert!(graphml.contains("<graphml"), "{graphml}");
    // A limit the neighbourhood exceeds: the view says it was cut.
    b.js(
        "const i = document.querySelector('#max-nodes'); i.value = '3'; \
          i.dispatchEvent(new Event('change'));",
    );
    b.wait(
        "the cut notice",
        "document.querySelector('#notice').dataset.truncated === 'true'",
    );
    assert!(
        b.text("#notice").contains("cut to 3 nodes"),
        "{}",
        b.text("#notice")
    );
    // SVG and PNG are drawn in the page: the files handed to the browser to save.
    b.js("window.saved = []; const made = URL.createObjectURL; \
          URL.createObjectURL = (blob) => { window.saved.push([blob.type, blob.size]); return made(blob); };");
    b.click("#download-svg");
    b.click("#download-png");
    let saved = b.wait(
        "an SVG and a PNG",
        "window.saved.some((f) => f[0] === 'image/png') && window.saved",
    );
    for kind in ["image/svg+xml", "image/png"] {
        let size = saved
            .as_array()
            .and_then(|a| a.iter().find(|f| f[0] == kind))
            .and_then(|f| f[1].as_u64())
            .unwrap_or_default();
        assert!(size > 1000, "{kind}: {saved}");
    }
    assert_eq!(b.alert(), None);
}

#[test]
fn meetings_timeline_tagging_and_candidates() {
    let Some(b) = Browser::start() else { return };
    let s = Server::with_sample();
    b.go(&format!("{}/#/meetings/joe-biden", s.base));
    b.wait(
        "the timeline",
        "document.querySelector('.timeline svg g.meeting')",
    );
    let met = b.js(
        "return [...document.querySelectorAll('g.edge')].map((g) => g.dataset.predicate + ' ' + g.dataset.modality)",
    );
    let met: Vec<&str> = met
        .as_array()
        .expect("edges")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        met.len() >= 5 && met.iter().all(|m| m.starts_with("met ")),
        "{met:?}"
    );
    let dates =
        b.js("return [...document.querySelectorAll('.meeting-list dt')].map((d) => d.textContent)");
    assert_eq!(dates, json!(["2021-06-13", "2021-06-14"]));
    b.screenshot("explorer-meetings");
    b.click(".meeting-list dd button");
    b.wait(
        "a meeting's evidence",
        "document.querySelector('.evidence .doc-title')",
    );

    b.go(&format!("{}/#/tag", s.base));
    b.wait("the tag form", "document.querySelector('#tag-run')");
    b.click("#tag-run");
    b.wait(
        "tagged text",
        "document.querySelector('.tagged mark.type-person')",
    );
    let marks = b.js(
        "return [...document.querySelectorAll('.tagged mark')].map((m) => [m.textContent, m.className])",
    );
    let marks = marks.to_string();
    assert!(
        marks.contains("[\"Vladimir Putin\",\"mention type-person\"]"),
        "{marks}"
    );
    assert!(
        marks.contains("[\"Geneva\",\"mention type-city\"]"),
        "{marks}"
    );
    assert!(b.text(".tag-result").contains("planned"));
    b.screenshot("explorer-tag");

    b.go(&format!("{}/#/candidates", s.base));
    b.wait(
        "candidates",
        "document.querySelector('.candidates-page table')",
    );
    assert!(b.text(".candidates-page").contains("Tonino Picula"));
    assert_eq!(b.alert(), None);
}

#[test]
fn names_and_titles_from_documents_are_text_not_markup() {
    let Some(b) = Browser::start() else { return };
    let s = Server::with_sample();
    let name = "<script>alert(1)</script>";
    let (status, body) = s.post(
        "/v1/gazetteer/entries",
        &json!({"id": "script-alert", "type": "person", "name": name,
            "aliases": ["Scriptor Alertson"]}),
    );
    assert_eq!(status, 201, "{body}");
    let title = "<img src=x onerror=alert(2)>";
    let (status, body) = s.post(
        "/v1/documents",
        &json!({"id": "xss", "title": title, "published": PUBLISHED,
            "url": "javascript:alert(3)",
            "text": "Joe Biden met <script>alert(1)</script> in Brussels on Monday. \
                     Later Scriptor Alertson met Vladimir Putin."}),
    );
    assert_eq!(status, 201, "{body}");

    // Markup in data would make elements; text makes none. (The page's policy would also stop
    // an injected script from running, so the elements are what shows a mistake.)
    let no_markup = |b: &Browser, at: &str| {
        let counts = b.js(
            "return [document.querySelectorAll('script').length, document.querySelectorAll('img').length, \
              document.querySelectorAll('a[href^=\"javascript:\"]').length]",
        );
        assert_eq!(counts, json!([1, 0, 0]), "elements from data at {at}");
        assert_eq!(b.alert(), None, "an alert at {at}");
    };

    b.go(&format!("{}/", s.base));
    b.wait(
        "the start page",
        "document.querySelector('.home ol.central li')",
    );
    b.type_into("#search", "Scriptor");
    let shown = b.wait(
        "the entity in the results",
        "document.querySelector(\"#results button.result[data-id='script-alert'] .result-name\")?.textContent",
    );
    assert_eq!(shown, json!(name));
    no_markup(&b, "search");
    b.click("#results button.result[data-id='script-alert']");
    let label = b.wait(
        "its node",
        "document.querySelector(\"#graph-pane[data-center='script-alert'] g.node[data-id='script-alert'] text\")?.textContent",
    );
    assert_eq!(label, json!(name));
    b.wait(
        "the entity panel",
        "document.querySelector(\".entity[data-id='script-alert']\")",
    );
    assert!(b.text(".entity h2").starts_with(name));
    no_markup(&b, "the entity");

    b.click(&met_edge(&b, "joe-biden", "script-alert"));
    b.wait("the evidence", "document.querySelector(\".evidence[data-object='script-alert'] .doc-title, .evidence[data-subject='script-alert'] .doc-title\")");
    assert_eq!(b.text(".evidence .doc-title"), title);
    assert!(b.text(".evidence blockquote").contains(name));
    b.screenshot("explorer-escaping");
    no_markup(&b, "the evidence");

    b.click(".evidence .open-document");
    b.wait(
        "the document",
        "document.querySelector(\".document[data-id='xss']\")",
    );
    assert_eq!(b.text(".document h2"), title);
    let mention = b.text(".document-text mark[data-entity='script-alert']");
    assert_eq!(mention, name);
    no_markup(&b, "the document");
}
