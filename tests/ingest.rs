//! `newsgraph ingest`, `delete` and `check`: what goes in, what is refused, and that ingest and
//! delete undo each other.

use serde_json::Value;

use crate::util::{sample_and_extra, Dir};

fn ids(docs: &Value) -> Vec<&str> {
    docs.as_array()
        .expect("a list")
        .iter()
        .map(|d| d["id"].as_str().expect("an id"))
        .collect()
}

#[test]
fn ingest_takes_text_files_sidecars_and_json_lines() {
    let dir = Dir::new().with_sample().with_extra();
    let out = dir.stdout(&["ingest", "sample", "extra"]);
    assert!(
        out.starts_with("4 documents: 4 added, 0 replaced, 0 unchanged, 0 rejected ("),
        "{out}"
    );
    let docs = dir.json(&["documents"]);
    let all = ids(&docs);
    assert_eq!(all.len(), 4, "sidecars are not documents: {all:?}");
    assert!(all.contains(&"nato-summit-2021"));
    assert!(all.contains(&"merkel-macron"));
    assert!(all.contains(&"de-croo-merkel"));
    assert!(
        all.iter().any(|id| id.starts_with("doc-")),
        "a JSON line without an id is named by its hash: {all:?}"
    );
    let sample = dir.json(&["document", "nato-summit-2021"]);
    assert_eq!(
        sample["document"]["published"], "2021-06-14",
        "from the sidecar"
    );
    assert_eq!(
        sample["document"]["title"],
        "Relations with Russia at “lowest point” for many years, says NATO Secretary General Jens Stoltenberg"
    );
    assert_eq!(
        sample["document"]["text"],
        crate::util::SAMPLE,
        "the whole file is the text, so offsets are the file's"
    );
    let merkel = dir.json(&["document", "merkel-macron"]);
    assert_eq!(merkel["document"]["title"], "Merkel in Paris");
    assert_eq!(merkel["document"]["source"], "test-wire");
    let wire = dir.json(&["documents", "--source", "test-wire"]);
    assert_eq!(ids(&wire), ["de-croo-merkel", "merkel-macron"]);
    let june_14 = dir.json(&["documents", "--until", "2021-06-14"]);
    assert_eq!(ids(&june_14), ["nato-summit-2021"]);
}

#[test]
fn published_and_source_flags_fill_in_missing_metadata() {
    let dir = Dir::new();
    dir.write(
        "plain/brief.txt",
        "\n\n  Merkel meets Macron\n\n".to_string() + crate::util::MERKEL_MACRON,
    );
    dir.stdout(&[
        "ingest",
        "plain",
        "--published",
        "2020-01-02",
        "--source",
        "desk",
        "--data",
        "elsewhere",
    ]);
    assert!(
        dir.path().join("elsewhere").is_dir(),
        "--data wins over NEWSGRAPH_DATA"
    );
    let doc = dir.json(&["document", "brief", "--data", "elsewhere"]);
    assert_eq!(doc["document"]["published"], "2020-01-02");
    assert_eq!(doc["document"]["source"], "desk");
    assert_eq!(doc["document"]["title"], "Merkel meets Macron");
}

#[test]
fn reingest_changes_nothing() {
    let dir = sample_and_extra();
    let stats = dir.json(&["stats"]);
    let export = dir.stdout(&["export", "--format", "json"]);
    let out = dir.stdout(&["ingest", "sample", "extra"]);
    assert!(
        out.starts_with("4 documents: 0 added, 0 replaced, 4 unchanged, 0 rejected"),
        "{out}"
    );
    assert_eq!(dir.json(&["stats"]), stats);
    assert_eq!(dir.stdout(&["export", "--format", "json"]), export);
}

#[test]
fn delete_then_reingest_restores_the_graph() {
    let dir = sample_and_extra();
    let stats = dir.json(&["stats"]);
    let export = dir.stdout(&["export", "--format", "json"]);
    assert_eq!(
        dir.stdout(&["delete", "nato-summit-2021"]),
        "deleted nato-summit-2021\n"
    );
    let without = dir.stdout(&["export", "--format", "json"]);
    assert_ne!(without, export);
    assert!(
        !without.contains("vladimir-putin"),
        "only the sample names Putin"
    );
    assert!(dir
        .stdout(&["check"])
        .starts_with("ok: no problems in 3 documents"));
    let (_, err) = dir.cmd(&["delete", "nato-summit-2021"]).fails();
    assert_eq!(err, "newsgraph: no document `nato-summit-2021`\n");
    let out = dir.stdout(&["ingest", "sample"]);
    assert!(out.starts_with("1 document: 1 added"), "{out}");
    assert_eq!(dir.stdout(&["export", "--format", "json"]), export);
    assert_eq!(dir.json(&["stats"]), stats);
    assert!(dir
        .stdout(&["check"])
        .starts_with("ok: no problems in 4 documents"));
}

#[test]
fn bad_documents_are_reported_with_file_and_line_and_skipped() {
    let dir = Dir::new();
    dir.write(
        "in/feed.jsonl",
        concat!(
            r#"{"id": "good-1", "text": "Angela Merkel met Emmanuel Macron."}"#,
            "\n",
            r#"{"id": "broken", "text": }"#,
            "\n",
            "\n",
            r#"{"id": "good-2", "text": "Joe Biden met Vladimir Putin in Geneva."}"#,
            "\n",
            r#"{"id": "no-text"}"#,
            "\n",
        ),
    );
    dir.write("in/latin1.txt", b"Angela Merkel\nCaf\xe9 in Paris\n");
    dir.write("in/blank.txt", "  \n\n");
    dir.write("in/notes.md", "not a document type, left alone");
    let out = dir.cmd(&["ingest", "in"]).output();
    assert!(out.status.success(), "some documents went in");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.starts_with("6 documents: 2 added, 0 replaced, 0 unchanged, 4 rejected"),
        "{stdout}"
    );
    assert!(stdout.contains("rejected ones are listed on standard error"));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "one line per rejection:\n{stderr}");
    let sep = std::path::MAIN_SEPARATOR;
    assert_eq!(
        lines[0],
        format!("newsgraph: in{sep}blank.txt: empty document")
    );
    assert!(
        lines[1].starts_with(&format!("newsgraph: in{sep}feed.jsonl:2: expected value")),
        "{stderr}"
    );
    assert_eq!(
        lines[2],
        format!("newsgraph: in{sep}feed.jsonl:5: missing field `text` (column 17)")
    );
    assert_eq!(
        lines[3],
        format!("newsgraph: in{sep}latin1.txt:2: not valid UTF-8 (byte 17 of the file)")
    );
    assert_eq!(ids(&dir.json(&["documents"])), ["good-1", "good-2"]);
    assert!(dir.stdout(&["check"]).starts_with("ok:"));
}

#[test]
fn everything_rejected_exits_1() {
    let dir = Dir::new();
    dir.write("in/a.txt", "");
    dir.write("in/b.jsonl", "not json\n");
    let (out, err) = dir.cmd(&["ingest", "in"]).fails();
    assert!(
        out.starts_with("2 documents: 0 added, 0 replaced, 0 unchanged, 2 rejected"),
        "{out}"
    );
    assert_eq!(err.lines().count(), 2, "{err}");
    let (_, err) = dir.cmd(&["ingest", "nothing-here"]).fails();
    assert!(err.starts_with("newsgraph: nothing-here: "), "{err}");
}

#[test]
fn documents_over_the_size_limit_are_rejected() {
    let dir = Dir::new().with_sample();
    let (_, err) = dir.cmd(&["ingest", "sample", "--max-bytes", "1K"]).fails();
    assert!(
        err.contains("nato-summit-2021.txt: document is ")
            && err.contains("bytes, over the limit of 1024 (--max-bytes)"),
        "{err}"
    );
}

/// Batches are tagged while the one before is stored; whatever the batch size, the store ends
/// the same, and a later document with an earlier id (or text) sees the earlier one stored.
#[test]
fn batch_size_does_not_change_what_is_stored() {
    let feed = concat!(
        r#"{"id": "a", "text": "Angela Merkel met Emmanuel Macron in Paris."}"#,
        "\n",
        r#"{"id": "b", "text": "Joe Biden met Vladimir Putin in Geneva."}"#,
        "\n",
        r#"{"text": "Boris Johnson criticized Vladimir Putin."}"#,
        "\n",
        r#"{"id": "c", "text": "Jens Stoltenberg called on Russia to withdraw."}"#,
        "\n",
        r#"{"id": "b", "text": "Joe Biden met Xi Jinping in Bali."}"#,
        "\n",
        r#"{"text": "Boris Johnson criticized Vladimir Putin."}"#,
        "\n",
        r#"{"id": "a", "text": "Angela Merkel met Emmanuel Macron in Paris."}"#,
        "\n",
    );
    let mut stored = Vec::new();
    for batch in ["1", "2", "3", "100"] {
        let dir = Dir::new();
        dir.write("feed.jsonl", feed);
        let out = dir.stdout(&["ingest", "feed.jsonl", "--batch-size", batch]);
        assert!(
            out.starts_with("7 documents: 4 added, 1 replaced, 2 unchanged, 0 rejected"),
            "--batch-size {batch}: {out}"
        );
        assert!(
            dir.stdout(&["check"]).starts_with("ok:"),
            "--batch-size {batch}"
        );
        let b = dir.json(&["document", "b"]);
        assert_eq!(b["document"]["text"], "Joe Biden met Xi Jinping in Bali.");
        stored.push((
            batch,
            dir.json(&["documents"]),
            dir.json(&["relations", "vladimir-putin"]),
            dir.stdout(&["export", "--format", "json"]),
        ));
    }
    assert!(
        stored[0].2.as_array().is_some_and(|r| !r.is_empty()),
        "{}",
        stored[0].2
    );
    for (batch, docs, rels, graph) in &stored[1..] {
        assert_eq!(docs, &stored[0].1, "documents, --batch-size {batch}");
        assert_eq!(rels, &stored[0].2, "relations, --batch-size {batch}");
        assert_eq!(graph, &stored[0].3, "graph, --batch-size {batch}");
    }
}
