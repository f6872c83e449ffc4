//! The real `newsgraph serve` process under abuse: killed with SIGKILL while several clients
//! ingest over loopback HTTP, restarted, and checked against a store built from scratch; a
//! data directory of another format refused; a configured token kept out of the logs.
//!
//! The crash test makes `NEWSGRAPH_CRASH_KILLS` kill points (3 by default, the CI form;
//! `scripts/crash-test --long` asks for more). `NEWSGRAPH_CRASH_SEED` replays a run.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::util::Dir;

/// Sentences about leaders the default gazetteers know; a document takes three or four.
const SENTENCES: &[&str] = &[
    "German Chancellor Angela Merkel met French President Emmanuel Macron in Paris on Monday.",
    "Joe Biden will meet Vladimir Putin in Geneva next week.",
    "Canadian Prime Minister Justin Trudeau spoke with Mario Draghi on Tuesday.",
    "Boris Johnson traveled to Brussels for the NATO summit.",
    "Recep Tayyip Erdoğan criticized the European Union.",
    "Ursula von der Leyen called on China to respect human rights.",
    "Belgian Prime Minister Alexander De Croo will meet Angela Merkel in Berlin.",
    "Xi Jinping did not meet Narendra Modi.",
];

/// A small deterministic generator (xorshift64*), so a failing run can be replayed by seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// One answer: status and body. `None` when the connection failed or was cut.
fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .ok()?;
    stream
        .set_write_timeout(Some(Duration::from_secs(60)))
        .ok()?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    // Every answer here is small and sent whole (no chunking) but for the JSON listings.
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Some((status, body))
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// A `newsgraph serve` process on an ephemeral loopback port, its log in a file.
struct Serve {
    child: Child,
    addr: String,
}

impl Serve {
    fn start(dir: &Dir, log: &Path, extra: &[&str], env: &[(&str, &str)]) -> Serve {
        let log_file = std::fs::File::create(log).expect("log file");
        let mut args = vec!["serve", "--addr", "127.0.0.1:0", "--workers", "2"];
        args.extend_from_slice(extra);
        let mut cmd = dir.cmd(&args);
        for (k, v) in env {
            cmd.command().env(k, v);
        }
        let child = cmd
            .command()
            // The server itself keeps colours out of a file (checked in `token_is_never_logged`).
            .env_remove("NO_COLOR")
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .expect("spawn newsgraph serve");
        let mut serve = Serve {
            child,
            addr: String::new(),
        };
        // The port is in the "listening" log line.
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            if let Some(addr) = text
                .lines()
                .find(|l| l.contains("listening"))
                .and_then(|l| l.split("addr=").nth(1))
                .and_then(|a| a.split_whitespace().next())
            {
                serve.addr = addr.trim_matches('"').to_owned();
                break;
            }
            if let Ok(Some(status)) = serve.child.try_wait() {
                panic!("newsgraph serve exited with {status}:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(
            !serve.addr.is_empty(),
            "newsgraph serve did not start in time"
        );
        serve
    }

    fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("wait");
    }

    /// SIGTERM, as an operator stops it: finishes what is in flight and flushes.
    #[cfg(unix)]
    fn terminate(mut self) {
        let pid = self.child.id().to_string();
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.kill();
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A document a client sends.
fn document(client: usize, n: usize, rng: &mut Rng) -> Value {
    let k = 3 + rng.below(2) as usize;
    let body: Vec<&str> = (0..k)
        .map(|_| SENTENCES[rng.below(SENTENCES.len() as u64) as usize])
        .collect();
    json!({
        "id": format!("c{client}-{n:05}"),
        "title": format!("Report {client}/{n}"),
        "text": format!("Report {client}/{n}\n\n{}\n", body.join(" ")),
        "published": format!("2021-06-{:02}", 1 + rng.below(28)),
        "source": "crash-test",
    })
}

/// What the clients sent and what the server acknowledged with a 2xx.
#[derive(Default)]
struct Ledger {
    sent: BTreeMap<String, Value>,
    acknowledged: BTreeSet<String>,
}

/// One client: posts documents, one at a time or four to a bulk request, until `stop`.
fn client(
    addr: String,
    id: usize,
    seed: u64,
    next: usize,
    ledger: Arc<Mutex<Ledger>>,
    stop: Arc<AtomicBool>,
) -> usize {
    let mut rng = Rng::new(seed ^ (id as u64 + 1).wrapping_mul(0x9e37_79b9));
    let mut n = next;
    // Bounded whatever happens: at most this many requests per round.
    for _ in 0..10_000 {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let batch: Vec<Value> = (0..if rng.below(3) == 0 { 4 } else { 1 })
            .map(|i| document(id, n + i, &mut rng))
            .collect();
        n += batch.len();
        {
            let mut l = ledger.lock().unwrap();
            for d in &batch {
                l.sent
                    .insert(d["id"].as_str().unwrap().to_owned(), d.clone());
            }
        }
        let answer = if batch.len() == 1 {
            http(
                &addr,
                "POST",
                "/v1/documents",
                &[("Content-Type", "application/json")],
                batch[0].to_string().as_bytes(),
            )
        } else {
            let lines: String = batch.iter().map(|d| format!("{d}\n")).collect();
            http(
                &addr,
                "POST",
                "/v1/documents/bulk",
                &[("Content-Type", "application/x-ndjson")],
                lines.as_bytes(),
            )
        };
        let Some((status, body)) = answer else { break };
        assert!(status < 500, "a 5xx while ingesting: {status} {body}");
        assert!((200..300).contains(&status), "{status} {body}");
        let mut l = ledger.lock().unwrap();
        if batch.len() == 1 {
            l.acknowledged
                .insert(batch[0]["id"].as_str().unwrap().to_owned());
        } else {
            // A bulk 200 acknowledges the lines it reports stored.
            let v: Value = serde_json::from_str(&body).expect("bulk JSON");
            for r in v["results"].as_array().expect("results") {
                assert!(r["status"].as_u64().is_some_and(|s| s < 300), "{r}");
                l.acknowledged.insert(r["id"].as_str().unwrap().to_owned());
            }
        }
    }
    n
}

fn documents_of(dir: &Dir, data: &Path) -> BTreeMap<String, (u64, u64)> {
    let data = data.to_str().unwrap();
    let v = dir.json(&["documents", "--limit", "0", "--data", data]);
    v.as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_owned(),
                (
                    d["mentions"].as_u64().unwrap(),
                    d["relations"].as_u64().unwrap(),
                ),
            )
        })
        .collect()
}

#[test]
fn killed_server_keeps_every_acknowledged_document() {
    let kills = env_number("NEWSGRAPH_CRASH_KILLS").unwrap_or(3) as usize;
    let seed = env_number("NEWSGRAPH_CRASH_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    eprintln!("crash test: {kills} kill points, NEWSGRAPH_CRASH_SEED={seed}");
    let started = Instant::now();
    let mut rng = Rng::new(seed);
    let dir = Dir::new();
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    const CLIENTS: usize = 3;
    let mut next = [0usize; CLIENTS];
    for round in 0..kills {
        let log = dir.path().join(format!("serve-{round}.log"));
        let serve = Serve::start(&dir, &log, &[], &[]);
        // Everything acknowledged before is still there after the restart.
        if round > 0 {
            let (status, body) = http(&serve.addr, "GET", "/v1/stats", &[], b"").expect("stats");
            assert_eq!(status, 200, "{body}");
        }
        let stop = Arc::new(AtomicBool::new(false));
        let handles: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let (addr, ledger, stop) = (serve.addr.clone(), ledger.clone(), stop.clone());
                let (start, seed) = (next[c], seed.wrapping_add(round as u64 * 7919));
                std::thread::spawn(move || client(addr, c, seed, start, ledger, stop))
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300 + rng.below(1200)));
        serve.kill();
        stop.store(true, Ordering::Relaxed);
        for (c, h) in handles.into_iter().enumerate() {
            next[c] = h.join().expect("client thread");
        }
        let l = ledger.lock().unwrap();
        eprintln!(
            "round {round}: killed; {} sent, {} acknowledged so far",
            l.sent.len(),
            l.acknowledged.len()
        );
    }
    let ledger = Arc::try_unwrap(ledger).ok().unwrap().into_inner().unwrap();

    // The store opens and checks clean.
    let check = dir.stdout(&["check"]);
    assert!(check.starts_with("ok: no problems in"), "{check}");

    // Every acknowledged document is there; nothing is there that was not sent.
    let present = documents_of(&dir, &dir.data());
    let missing: Vec<&String> = ledger
        .acknowledged
        .iter()
        .filter(|id| !present.contains_key(*id))
        .collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    let strangers: Vec<&String> = present
        .keys()
        .filter(|id| !ledger.sent.contains_key(*id))
        .collect();
    assert!(strangers.is_empty(), "never sent: {strangers:?}");
    assert!(
        !present.is_empty(),
        "nothing was stored; the test proves nothing"
    );

    // The same documents ingested into a fresh store give the same documents, counts and graph.
    let lines: String = present
        .keys()
        .map(|id| format!("{}\n", ledger.sent[id]))
        .collect();
    dir.write("fresh.jsonl", lines);
    let fresh = dir.path().join("fresh-data");
    let fresh_arg = fresh.to_str().unwrap();
    dir.stdout(&["ingest", "fresh.jsonl", "--data", fresh_arg]);
    let rebuilt = documents_of(&dir, &fresh);
    assert_eq!(
        present, rebuilt,
        "a document differs from its fresh ingest (partial?)"
    );
    let stats = |data: &str| {
        let mut s = dir.json(&["stats", "--data", data]);
        s.as_object_mut().unwrap().remove("graph_nodes");
        s
    };
    let data = dir.data();
    let data_arg = data.to_str().unwrap();
    assert_eq!(stats(data_arg), stats(fresh_arg), "stats differ");
    let export = |d: &str| dir.stdout(&["export", "--format", "json", "--data", d]);
    assert_eq!(export(data_arg), export(fresh_arg), "graphs differ");
    eprintln!(
        "crash test: {kills} kills, {} sent, {} acknowledged, {} present, {:.1} s",
        ledger.sent.len(),
        ledger.acknowledged.len(),
        present.len(),
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn token_is_never_logged() {
    const SECRET: &str = "tok-3f9a1c77-never-in-logs";
    let dir = Dir::new();
    let log = dir.path().join("serve.log");
    let serve = Serve::start(
        &dir,
        &log,
        &["--token", SECRET],
        &[("NEWSGRAPH_LOG", "trace")],
    );
    let doc = json!({"id": "t1", "text": "Joe Biden met Vladimir Putin in Geneva."}).to_string();
    let json_type = ("Content-Type", "application/json");
    let bearer = format!("Bearer {SECRET}");
    let wrong = format!("Bearer {SECRET}x");
    let writes: &[(&str, &str, &str, &str)] = &[
        ("POST", "/v1/documents", "application/json", doc.as_str()),
        (
            "POST",
            "/v1/documents/bulk",
            "application/x-ndjson",
            doc.as_str(),
        ),
        ("DELETE", "/v1/documents/t1", "application/json", ""),
        (
            "POST",
            "/v1/gazetteer/entries",
            "application/json",
            r#"{"id": "a-b", "type": "person", "name": "A B"}"#,
        ),
    ];
    for (method, path, ctype, body) in writes {
        for auth in [None, Some(wrong.as_str()), Some("Basic abc")] {
            let mut headers = vec![("Content-Type", *ctype)];
            headers.extend(auth.map(|a| ("Authorization", a)));
            let (status, body) =
                http(&serve.addr, method, path, &headers, body.as_bytes()).expect("answer");
            assert_eq!(status, 401, "{method} {path} with {auth:?}: {body}");
        }
    }
    let (status, _) = http(
        &serve.addr,
        "POST",
        "/v1/documents",
        &[json_type, ("Authorization", &bearer)],
        doc.as_bytes(),
    )
    .expect("answer");
    assert_eq!(status, 201);
    let (status, _) = http(
        &serve.addr,
        "DELETE",
        "/v1/documents/t1",
        &[("Authorization", &bearer)],
        b"",
    )
    .expect("answer");
    assert_eq!(status, 204);
    // No CORS unless configured: a preflight gets no Access-Control-* header.
    let (status, _) = http(
        &serve.addr,
        "OPTIONS",
        "/v1/documents",
        &[
            ("Origin", "http://evil.example"),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    )
    .expect("answer");
    assert!(status >= 400, "{status}");
    serve.terminate();
    let text = std::fs::read_to_string(&log).expect("log");
    assert!(
        text.contains("answered"),
        "the log has request lines:\n{text}"
    );
    assert!(
        !text.contains(SECRET),
        "the token appears in the log:\n{text}"
    );
    // A log file gets plain lines: colours are for a terminal.
    assert!(
        !text.contains('\u{1b}'),
        "terminal escapes in the log file:\n{text}"
    );
    assert!(
        !text.to_ascii_lowercase().contains("access-control"),
        "{text}"
    );
}

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// A data directory written by a build with another store format (version 99 in its `meta`
/// tree) is refused by every command with one clear line and exit status 1, and left as it was.
#[test]
fn other_format_version_is_refused() {
    let dir = Dir::new();
    let store = dir.data().join("store");
    std::fs::create_dir_all(&store).expect("mkdir");
    std::fs::write(store.join("conf"), unhex(OTHER_FORMAT_CONF)).expect("conf");
    std::fs::write(store.join("db"), unhex(OTHER_FORMAT_DB)).expect("db");
    for args in [
        &["check"][..],
        &["stats"],
        &["documents"],
        &["serve", "--addr", "127.0.0.1:0"],
    ] {
        let (stdout, stderr) = dir.cmd(args).fails();
        assert_eq!(stdout, "", "{args:?}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: one line:\n{stderr}");
        assert!(
            stderr.starts_with("newsgraph: ")
                && stderr.contains("format version 99")
                && stderr.contains("reads only version 5"),
            "{args:?}: {stderr}"
        );
    }
    // Refusing it did not rewrite it.
    assert_eq!(
        std::fs::read(store.join("conf")).unwrap(),
        unhex(OTHER_FORMAT_CONF)
    );
}

/// `store/conf` of a data directory whose store says format version 99 (sled 0.34).
const OTHER_FORMAT_CONF: &str = concat!(
    "7365676d656e745f73697a653a203532343238380a7573655f636f6d7072657373696f6e3a2066616c73650a76657273",
    "696f6e3a20302e33340a761951c1",
);

/// `store/db` of that directory: its log, up to the last written byte.
const OTHER_FORMAT_DB: &str = concat!(
    "ffbac70fffffffffffffff7f00000000000000803f7fd0fb0600000071a2c6780501000100eb2183a108080002000000",
    "0000000000f122736f080a000300000000000001010002cb82ba8d061100000f5f5f736c65645f5f64656661756c7403",
    "de84e04808080004000000000000000064725009080a00050000000000000101000415282f8e061700000f5f5f736c65",
    "645f5f64656661756c7403046d65746105f2e5eea608080006000000000000000028409e9d080a000700000000000001",
    "0100065b42f572062200000f5f5f736c65645f5f64656661756c740309646f63756d656e747307046d65746105f5c856",
    "410808000800000000000000004ed316c5080a00090000000000000101000853e3a806062c00000f5f5f736c65645f5f",
    "64656661756c740309646f63756d656e747307086d656e74696f6e7309046d65746105d9a958af0808000a0000000000",
    "00000002e1d851080a000b0000000000000101000a966dcd01063600000f5f5f736c65645f5f64656661756c74030964",
    "6f63756d656e74730708656e7469746965730b086d656e74696f6e7309046d65746105ec0c3b460808000c0000000000",
    "00000097b1fb37080a000d0000000000000101000cda1a1e87064400000f5f5f736c65645f5f64656661756c74030964",
    "6f63756d656e74730708656e7469746965730b0c656e746974795f6e616d65730d086d656e74696f6e7309046d657461",
    "05c06d35a80808000e0000000000000000db8335a3080a000f0000000000000101000ed627cbd8065200000f5f5f736c",
    "65645f5f64656661756c740309646f63756d656e74730708656e7469746965730b0c656e746974795f6b696e64730f0c",
    "656e746974795f6e616d65730d086d656e74696f6e7309046d65746105a3503a520808001000000000000000005b97ea",
    "86080a001100000000000001010010dd4bd062065e00000f5f5f736c65645f5f64656661756c74030a63616e64696461",
    "7465731109646f63756d656e74730708656e7469746965730b0c656e746974795f6b696e64730f0c656e746974795f6e",
    "616d65730d086d656e74696f6e7309046d657461058f3134bc08080012000000000000000017a52412080a0013000000",
    "00000001010012bc3e242d066900000f5f5f736c65645f5f64656661756c74030a63616e646964617465731109646f63",
    "756d656e74730708656e7469746965730b0c656e746974795f6b696e64730f0c656e746974795f6e616d65730d086d65",
    "6e74696f6e7309046d657461050972656c6174696f6e7313ba94575508080014000000000000000082f50774080a0015",
    "0000000000000101001414293c61067300000f5f5f736c65645f5f64656661756c74030a63616e646964617465731109",
    "646f63756d656e74730708656e7469746965730b0c656e746974795f6b696e64730f0c656e746974795f6e616d65730d",
    "0865766964656e636515086d656e74696f6e7309046d657461050972656c6174696f6e731396f559bb08080016000000",
    "0000000000cec7c9e0080a0017000000000000010100161a77aa56067e00000f5f5f736c65645f5f64656661756c7403",
    "0962795f656e74697479170a63616e646964617465731109646f63756d656e74730708656e7469746965730b0c656e74",
    "6974795f6b696e64730f0c656e746974795f6e616d65730d0865766964656e636515086d656e74696f6e7309046d6574",
    "61050972656c6174696f6e731391d8e15c080800180000000000000000a85441b8080a00190000000000000101001861",
    "539385068c00000f5f5f736c65645f5f64656661756c74030962795f656e74697479170c62795f707265646963617465",
    "190a63616e646964617465731109646f63756d656e74730708656e7469746965730b0c656e746974795f6b696e64730f",
    "0c656e746974795f6e616d65730d0865766964656e636515086d656e74696f6e7309046d657461050972656c6174696f",
    "6e7313bdb9efb20808001a0000000000000000e4668f2c080a001b0000000000000101001a7452558b069500000f5f5f",
    "736c65645f5f64656661756c74030762795f646174651b0962795f656e74697479170c62795f70726564696361746519",
    "0a63616e646964617465731109646f63756d656e74730708656e7469746965730b0c656e746974795f6b696e64730f0c",
    "656e746974795f6e616d65730d0865766964656e636515086d656e74696f6e7309046d657461050972656c6174696f6e",
    "7313881c8c5b0808001c00000000000000007136ac4a080a001d0000000000000101001cd06b9573069d00000f5f5f73",
    "6c65645f5f64656661756c74030762795f646174651b0662795f646f631d0962795f656e74697479170c62795f707265",
    "646963617465190a63616e646964617465731109646f63756d656e74730708656e7469746965730b0c656e746974795f",
    "6b696e64730f0c656e746974795f6e616d65730d0865766964656e636515086d656e74696f6e7309046d657461050972",
    "656c6174696f6e7313a47d82b50808001e00000000000000003d0462de080a001f0000000000000101001e696a2bbd06",
    "a600000f5f5f736c65645f5f64656661756c74030762795f646174651b0662795f646f631d0962795f656e7469747917",
    "0762795f686173681f0c62795f707265646963617465190a63616e646964617465731109646f63756d656e7473070865",
    "6e7469746965730b0c656e746974795f6b696e64730f0c656e746974795f6e616d65730d0865766964656e636515086d",
    "656e74696f6e7309046d657461050972656c6174696f6e7313caa98dbc030800ff65fdffffffffffff2d080000000000",
    "00bf31f0fd0a150004000e666f726d61745f76657273696f6e04000000019215021e0a150004000e666f726d61745f76",
    "657273696f6e0400000063",
);
