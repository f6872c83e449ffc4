//! Hostile and broken input against the real HTTP stack (a server on an ephemeral loopback
//! port, spoken to over raw TCP): every case gets a 4xx or a 2xx, never a 5xx, and memory
//! stays bounded by the configured limits. SECURITY.md lists these cases.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::{start, ServerConfig};

struct Server {
    addr: SocketAddr,
    handle: actix_web::dev::ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
    dir: tempfile::TempDir,
}

impl Server {
    fn start(adjust: impl FnOnce(&mut ServerConfig)) -> Server {
        // Logs go through the test harness's capture (the server keeps this subscriber).
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_max_level(tracing::Level::WARN)
            .try_init();
        let dir = tempfile::tempdir().expect("temp dir");
        let mut cfg = ServerConfig {
            data_dir: dir.path().join("data"),
            addr: "127.0.0.1:0".into(),
            workers: Some(2),
            no_default_gazetteers: true,
            ..ServerConfig::default()
        };
        adjust(&mut cfg);
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let running = start(cfg).await.expect("server starts");
                let _ = tx.send((running.local_addr(), running.handle()));
                let _ = running.wait().await;
            });
        });
        let (addr, handle) = rx.recv().expect("server thread");
        Server {
            addr,
            handle,
            thread: Some(thread),
            dir,
        }
    }

    /// Sends raw bytes, returns the status and body of the answer.
    fn raw(&self, request: &[u8]) -> (u16, String) {
        let mut s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        // The server may answer (413) and close before the whole body is sent.
        let _ = s.write_all(request);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).into_owned();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or_else(|| panic!("no HTTP answer: {text:?}"));
        let body = text.split_once("\r\n\r\n").map_or("", |b| b.1).to_owned();
        (status, body)
    }

    fn send(&self, method: &str, path: &str, ctype: &str, body: &[u8]) -> (u16, String) {
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Content-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        req.extend_from_slice(body);
        self.raw(&req)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        actix_web::rt::System::new().block_on(self.handle.stop(false));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

const JSON: &str = "application/json";
const NDJSON: &str = "application/x-ndjson";

#[test]
fn hostile_bodies_get_4xx_or_2xx() {
    let s = Server::start(|_| {});
    let deep_typed = format!(
        "{{\"text\": {}1{}}}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let deep_ignored = format!(
        "{{\"text\": \"x\", \"extra\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let many_aliases = format!(
        r#"{{"id": "many-aliases", "type": "person", "name": "Many Aliases", "aliases": [{}]}}"#,
        (0..10_000)
            .map(|i| format!("\"Alias Number {i}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    // (case, method, path, content type, body, status)
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Vec<u8>,
        u16,
    );
    let cases: Vec<Case> = vec![
        ("invalid UTF-8 JSON", "POST", "/v1/documents", JSON, b"{\"text\": \"\xff\xfe\"}".to_vec(), 400),
        ("invalid UTF-8 bulk", "POST", "/v1/documents/bulk", NDJSON, b"{\"text\": \"a\"}\n\xff\n".to_vec(), 400),
        ("invalid UTF-8 tag", "POST", "/v1/tag", JSON, b"{\"text\": \"\xc3\"}".to_vec(), 400),
        ("NUL in an id", "POST", "/v1/documents", JSON, br#"{"id": "a\u0000b", "text": "x"}"#.to_vec(), 422),
        ("NUL in a text", "POST", "/v1/documents", JSON, br#"{"id": "nul", "text": "Joe\u0000 Biden"}"#.to_vec(), 201),
        ("path-like id", "POST", "/v1/documents", JSON, br#"{"id": "../../etc/passwd", "text": "x y"}"#.to_vec(), 201),
        ("deeply nested value", "POST", "/v1/documents", JSON, deep_typed.into_bytes(), 400),
        ("deeply nested ignored field", "POST", "/v1/documents", JSON, deep_ignored.into_bytes(), 201),
        ("not JSON at all", "POST", "/v1/documents", JSON, b"\0\0\0\0".to_vec(), 400),
        ("regex metacharacters", "POST", "/v1/gazetteer/entries", JSON,
            br#"{"id": "regex-name", "type": "person", "name": "A.*(b|c)+ [d]? $^ \\d{3}"}"#.to_vec(), 201),
        ("control characters in a name", "POST", "/v1/gazetteer/entries", JSON,
            br#"{"id": "ctrl-name", "type": "person", "name": "Bad\u0007Name\u0000x"}"#.to_vec(), 201),
        ("markup in a name", "POST", "/v1/gazetteer/entries", JSON,
            br#"{"id": "markup", "type": "organization", "name": "<script>alert(1)</script> & \"Sons\""}"#.to_vec(), 201),
        ("path-like entity id", "POST", "/v1/gazetteer/entries", JSON,
            br#"{"id": "../../etc/passwd", "type": "person", "name": "P"}"#.to_vec(), 422),
        ("10,000 aliases", "POST", "/v1/gazetteer/entries", JSON, many_aliases.into_bytes(), 201),
    ];
    for (name, method, path, ctype, body, want) in cases {
        let (status, answer) = s.send(method, path, ctype, &body);
        assert_eq!(status, want, "{name}: {answer}");
    }
    // The path-like id is a key, never a file name: it reads back, and no file got its name.
    let (status, body) = s.send("GET", "/v1/documents/..%2F..%2Fetc%2Fpasswd", JSON, b"");
    assert_eq!(status, 200, "{body}");
    let (status, _) = s.send("GET", "/v1/documents/%FF%FE", JSON, b"");
    assert_eq!(status, 404);
    let (status, _) = s.send("GET", "/v1/entities?q=%FF%00", JSON, b"");
    assert_eq!(status, 200);
    for entry in walk(s.dir.path()) {
        assert!(!entry.ends_with("passwd"), "{entry}");
    }
    // Markup comes back escaped in every format.
    for format in ["json", "dot", "graphml"] {
        let (status, body) = s.send("GET", &format!("/v1/graph?format={format}"), JSON, b"");
        assert_eq!(status, 200, "{format}: {body}");
        assert!(!body.contains("<script>"), "{format}: {body}");
    }
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        out.push(e.path().display().to_string());
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        }
    }
    out
}

#[test]
fn oversized_requests_are_413_without_reading_them_whole() {
    let s = Server::start(|c| c.body_limit = 16 << 20);
    // 100 MB announced: refused from the header, before the body is read.
    let started = Instant::now();
    let head = "POST /v1/documents HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
                Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{\"text\": \"";
    let (status, body) = s.raw(head.as_bytes());
    assert_eq!(status, 413, "{body}");
    assert!(started.elapsed() < Duration::from_secs(10));
    // 100 MB streamed without a length: cut off at the limit.
    let mut stream = TcpStream::connect(s.addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let head = "POST /v1/documents/bulk HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
                Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n";
    stream.write_all(head.as_bytes()).unwrap();
    let chunk = format!("{:x}\r\n{}\r\n", 1 << 20, "a".repeat(1 << 20));
    for _ in 0..100 {
        if stream.write_all(chunk.as_bytes()).is_err() {
            break; // the server answered and closed
        }
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // A million tiny documents in one bulk request: within the body limit, over the line limit.
    let million = "{\"text\":\"a\"}\n".repeat(1_000_000);
    let (status, body) = s.send("POST", "/v1/documents/bulk", NDJSON, million.as_bytes());
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("1000000 lines; at most 10000"), "{body}");
    // Nothing of them was stored.
    let (_, stats) = s.send("GET", "/v1/stats", JSON, b"");
    assert!(stats.contains("\"documents\":0"), "{stats}");
}

#[test]
fn slow_clients_are_cut_off() {
    let s = Server::start(|c| c.request_timeout = Duration::from_secs(1));
    // Fifty clients send half a header and stall.
    let mut held: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut c = TcpStream::connect(s.addr).expect("connect");
            c.write_all(b"POST /v1/documents HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
            c
        })
        .collect();
    // One sends its headers and half its body.
    let mut slow_body = TcpStream::connect(s.addr).expect("connect");
    slow_body
        .write_all(
            b"POST /v1/documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\n\r\n{\"te",
        )
        .unwrap();
    slow_body
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    // Others are still served at once.
    let started = Instant::now();
    let (status, _) = s.send("GET", "/health", JSON, b"");
    assert_eq!(status, 200);
    assert!(started.elapsed() < Duration::from_secs(1));
    // The stalled body gets the request timeout's 503, the stalled headers a 408 (after at
    // least 5 s), and every connection is closed.
    let mut answer = String::new();
    let _ = slow_body.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    for c in &mut held {
        let mut answer = String::new();
        let _ = c.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    }
    assert!(started.elapsed() < Duration::from_secs(15));
}
