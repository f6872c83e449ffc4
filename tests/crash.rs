//! `newsgraph ingest` killed part-way loses nothing it stored and stores nothing by halves:
//! the store checks clean, each stored document has every mention and relation tagging gives,
//! and ingesting again completes the rest.

use std::collections::{BTreeSet, HashMap};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime};

use newsgraph_model::{Extraction, Relation};
use serde_json::Value;

use crate::util::Dir;

const DOCUMENTS: usize = 2000;
const PUBLISHED: &str = "2021-06-14";

/// Sentences about leaders the default gazetteers know; each document takes three.
const SENTENCES: &[&str] = &[
    "German Chancellor Angela Merkel met French President Emmanuel Macron in Paris on Monday.",
    "Joe Biden will meet Vladimir Putin in Geneva next week.",
    "Canadian Prime Minister Justin Trudeau spoke with Mario Draghi on Tuesday.",
    "Boris Johnson traveled to Brussels for the NATO summit.",
    "Recep Tayyip Erdoğan criticized the European Union.",
    "Ursula von der Leyen called on China to respect human rights.",
];

fn text(i: usize) -> String {
    let body: Vec<&str> = (0..3)
        .map(|k| SENTENCES[(i + k) % SENTENCES.len()])
        .collect();
    format!("Report {i}\n\n{}\n", body.join(" "))
}

/// Relations as the store keeps them: one per (relation, sentence, evidence start).
fn stored_relations(relations: &[Relation]) -> BTreeSet<(String, String, String, usize, usize)> {
    relations
        .iter()
        .map(|r| {
            let (s, o) = if r.predicate.is_symmetric() && r.object < r.subject {
                (&r.object, &r.subject)
            } else {
                (&r.subject, &r.object)
            };
            (
                s.clone(),
                r.predicate.to_string(),
                o.clone(),
                r.sentence,
                r.evidence.start,
            )
        })
        .collect()
}

#[test]
fn killed_ingest_leaves_complete_documents() {
    let dir = Dir::new();
    for i in 0..DOCUMENTS {
        dir.write(&format!("docs/report-{i:04}.txt"), text(i));
    }
    let started = Instant::now();
    let mut child = dir
        .cmd(&[
            "ingest",
            "docs",
            "--published",
            PUBLISHED,
            "--batch-size",
            "32",
        ])
        .command()
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn ingest");
    // Somewhere after the gazetteers are loaded and before the last batch, most of the time.
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let delay = Duration::from_millis(700 + u64::from(nanos % 1100));
    std::thread::sleep(delay);
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    let killed_after = started.elapsed();

    let check = dir.stdout(&["check"]);
    assert!(check.starts_with("ok: no problems in"), "{check}");
    let listed = dir.json(&["documents", "--limit", "0"]);
    let listed = listed.as_array().expect("a list");
    eprintln!(
        "crash test: killed after {:?} ({status}), {} of {DOCUMENTS} documents stored",
        killed_after,
        listed.len()
    );

    // Every stored document has the counts tagging gives (the same for each template).
    let extractor = newsgraph_engine::Knowledge::default()
        .extractor(&[])
        .expect("default knowledge");
    let mut expected: HashMap<usize, (usize, usize)> = HashMap::new();
    for d in listed {
        let id = d["id"].as_str().expect("id");
        let i: usize = id
            .strip_prefix("report-")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("unexpected id {id}"));
        let want = *expected.entry(i % SENTENCES.len()).or_insert_with(|| {
            let x: Extraction = extractor.extract(&text(i), PUBLISHED.parse().ok());
            (x.mentions.len(), stored_relations(&x.relations).len())
        });
        assert_eq!(
            (d["mentions"].as_u64(), d["relations"].as_u64()),
            (Some(want.0 as u64), Some(want.1 as u64)),
            "{id}"
        );
    }

    // A few in full, against `newsgraph tag` on the same file.
    for d in listed.iter().step_by(listed.len() / 3 + 1) {
        let id = d["id"].as_str().expect("id");
        let stored = dir.json(&["document", id]);
        let file = format!("docs/{id}.txt");
        let tagged: Value =
            serde_json::from_str(&dir.stdout(&["tag", &file, "--published", PUBLISHED]))
                .expect("tag JSON");
        let spans = |v: &Value| -> Vec<(u64, u64, Value)> {
            v["mentions"]
                .as_array()
                .expect("mentions")
                .iter()
                .map(|m| {
                    (
                        m["start"].as_u64().unwrap(),
                        m["end"].as_u64().unwrap(),
                        m["entity"].clone(),
                    )
                })
                .collect()
        };
        assert_eq!(spans(&stored), spans(&tagged), "{id}: mentions");
        let relations = |v: &Value| {
            let r: Vec<Relation> =
                serde_json::from_value(v["relations"].clone()).expect("relations");
            stored_relations(&r)
        };
        assert_eq!(relations(&stored), relations(&tagged), "{id}: relations");
    }

    // Ingesting again stores the rest and finds the stored ones unchanged.
    let out = dir.stdout(&["ingest", "docs", "--published", PUBLISHED]);
    let want = format!(
        "{DOCUMENTS} documents: {} added, 0 replaced, {} unchanged, 0 rejected",
        DOCUMENTS - listed.len(),
        listed.len()
    );
    assert!(out.starts_with(&want), "{out}");
    let check = dir.stdout(&["check"]);
    assert_eq!(check, format!("ok: no problems in {DOCUMENTS} documents\n"));
}
