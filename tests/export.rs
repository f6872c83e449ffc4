//! `newsgraph export` and the `met` table, pinned by snapshots of the sample article, and the
//! DOT output checked by Graphviz itself.

use std::process::Command;

use crate::util::sample;

#[test]
fn sample_snapshots() {
    let dir = sample();
    insta::assert_snapshot!("sample_dot", dir.stdout(&["export", "--format", "dot"]));
    insta::assert_snapshot!(
        "sample_graphml",
        dir.stdout(&["export", "--format", "graphml"])
    );
    insta::assert_snapshot!("sample_met_joe_biden", dir.stdout(&["met", "joe-biden"]));
    insta::assert_snapshot!(
        "sample_ego_dot",
        dir.stdout(&[
            "export",
            "--format",
            "dot",
            "--center",
            "joe-biden",
            "--depth",
            "1",
            "--predicate",
            "met",
        ])
    );
}

#[test]
fn export_filters_and_writes_files() {
    let dir = sample();
    dir.stdout(&["export", "--format", "json", "--output", "graph.json"]);
    let whole: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("graph.json")).expect("written"))
            .expect("JSON");
    let people = dir.json_export(&["--type", "person", "--predicate", "met"]);
    let kinds: Vec<&str> = people["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["type"].as_str().expect("type"))
        .collect();
    assert!(
        !kinds.is_empty() && kinds.iter().all(|k| *k == "person"),
        "{kinds:?}"
    );
    assert!(people["links"]
        .as_array()
        .expect("links")
        .iter()
        .all(|l| l["predicate"] == "met"));
    let few = dir.json_export(&["--max-nodes", "3"]);
    assert_eq!(few["nodes"].as_array().map(Vec::len), Some(3));
    assert_eq!(few["truncated"], true);
    assert_eq!(whole["truncated"], false);
    let strong = dir.json_export(&["--min-support", "2"]);
    assert!(strong["links"]
        .as_array()
        .expect("links")
        .iter()
        .all(|l| l["support"].as_u64() >= Some(2)));
    let sunday = dir.json_export(&["--since", "2021-06-13", "--until", "2021-06-13"]);
    assert!(sunday["links"]
        .as_array()
        .expect("links")
        .iter()
        .all(|l| l["first_date"] == "2021-06-13"));
}

impl crate::util::Dir {
    fn json_export(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["export", "--format", "json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.stdout(&all)).expect("JSON")
    }
}

/// Graphviz reads our DOT without a single warning. Without Graphviz the test says so loudly.
#[test]
fn graphviz_renders_the_dot_export_cleanly() {
    let Ok(version) = Command::new("dot").arg("-V").output() else {
        eprintln!("SKIPPED: graphviz dot not installed");
        return;
    };
    assert!(version.status.success(), "dot -V failed");
    let dir = sample();
    let dot = dir.stdout(&["export", "--format", "dot"]);
    let out = newsgraph_graph::graphviz(&dot, "svg").expect("run dot");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dot failed: {stderr}");
    assert!(stderr.trim().is_empty(), "dot warned:\n{stderr}");
    let svg = String::from_utf8_lossy(&out.stdout);
    assert!(svg.contains("<svg") && svg.contains("Joe Biden"), "{svg}");
}
