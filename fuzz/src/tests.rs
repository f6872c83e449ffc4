//! Replays the committed corpus (`corpus/<target>/`) and the inputs that once failed
//! (`regressions/<target>/`) through every target, on stable Rust.

use std::path::{Path, PathBuf};

use super::*;

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|f| f.is_file());
    files.sort();
    files
}

#[test]
fn corpus_replays_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut total = 0;
    for (name, target) in TARGETS {
        let mut files = inputs(&root.join("corpus").join(name));
        files.extend(inputs(&root.join("regressions").join(name)));
        for file in &files {
            let data = std::fs::read(file).expect("read corpus file");
            let run = std::panic::catch_unwind(|| target(&data));
            assert!(run.is_ok(), "{name} fails on {}", file.display());
        }
        eprintln!("{name}: {} inputs", files.len());
        total += files.len();
    }
    assert!(total > 0, "no corpus found");
}

#[test]
fn hostile_inputs() {
    let cases: &[(&str, &[u8])] = &[
        ("empty", b""),
        ("invalid utf-8", b"\xff\xfe Angela Merkel \xc3"),
        ("nul bytes", b"Angela\0Merkel met\0 Joe Biden.\0"),
        (
            "combining marks",
            "Recep Tayyip Erdog\u{306}\u{306}\u{306}an met Macron.".as_bytes(),
        ),
        (
            "right-to-left",
            "\u{202e}Joe Biden\u{202c} met Angela Merkel.".as_bytes(),
        ),
        (
            "line separators",
            "Joe Biden\u{2028}met\u{2029}Angela Merkel.".as_bytes(),
        ),
        (
            "markup",
            b"<script>alert(1)</script> Joe Biden met <b>Angela Merkel</b>.",
        ),
    ];
    for (name, data) in cases {
        for (target, f) in TARGETS {
            let run = std::panic::catch_unwind(|| f(data));
            assert!(run.is_ok(), "{target} fails on {name}");
        }
    }
}

#[test]
fn gazetteer_entries_with_metacharacters_and_many_aliases() {
    let aliases: Vec<String> = (0..10_000).map(|i| format!("Alias {i}")).collect();
    let many = format!(
        r#"{{"id": "many", "type": "person", "name": "Many Names", "aliases": {}}}"#,
        serde_json_array(&aliases)
    );
    let cases = [
        r#"{"id": "regex", "type": "person", "name": "A.*(b|c)+[d]? \\d{3} ^$"}"#.to_owned(),
        r#"{"id": "controls", "type": "person", "name": "Tab\tNul\u0000Bell\u0007"}"#.to_owned(),
        r#"{"id": "markup", "type": "organization", "name": "<b>Acme</b> & \"Sons\""}"#.to_owned(),
        many,
    ];
    for case in cases {
        gazetteer_gaz(case.as_bytes());
    }
}

fn serde_json_array(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

#[test]
fn exports_of_hostile_labels_parse() {
    let cases: &[&str] = &[
        "a||A||person||b||B \"quoted\"||country",
        "back\\||\\N \\G \\l||person||x\\||y||summit",
        "<node id=\"x\"/>||]]><!--||person||&amp;||&lt;||x",
        "a\nb||line\r\nbreak||person||c\u{2028}d||sep||x||dangling",
        "\u{0}nul||\u{1b}[31m||person||\u{fffe}||\u{ffff}||x",
        "../../etc/passwd||..\\..\\boot.ini||person||'; DROP TABLE x; --||y||z",
    ];
    for case in cases {
        exporters(case.as_bytes());
    }
}

/// Where Graphviz is installed (CI installs it), every exporters corpus input gives DOT that
/// `dot` itself reads.
#[test]
fn graphviz_reads_the_corpus_dot() {
    use std::process::Command;
    if Command::new("dot").arg("-V").output().is_err() {
        eprintln!("SKIPPED: graphviz not installed");
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/exporters");
    let mut combined = Subgraph::default();
    for file in inputs(&dir) {
        let g = subgraph_of(&std::fs::read(&file).expect("read"));
        combined.nodes.extend(g.nodes);
        combined.edges.extend(g.edges);
    }
    let text = to_dot(&combined);
    let out = newsgraph_graph::graphviz(&text, "canon").expect("run dot");
    assert!(
        out.status.success(),
        "dot refuses the corpus: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
