//! The query commands on the sample article and the test documents.

use serde_json::Value;

use crate::util::{sample_and_extra, Dir};

/// The other end of each meeting of `id`: (other, main modality, evidence documents).
fn meetings_of<'a>(met: &'a Value, id: &str) -> Vec<(&'a str, Vec<&'a str>, Vec<&'a str>)> {
    met.as_array()
        .expect("a list")
        .iter()
        .map(|m| {
            let other = if m["subject"] == id {
                &m["object"]
            } else {
                &m["subject"]
            };
            let modalities = m["modalities"]
                .as_object()
                .expect("modalities")
                .keys()
                .map(String::as_str)
                .collect();
            let docs = m["evidence"]
                .as_array()
                .expect("evidence")
                .iter()
                .map(|e| e["document"].as_str().expect("document"))
                .collect();
            (other.as_str().expect("an id"), modalities, docs)
        })
        .collect()
}

#[test]
fn met_lists_who_joe_biden_met_with_evidence() {
    let dir = sample_and_extra();
    let met = dir.json(&["met", "joe-biden"]);
    let found = meetings_of(&met, "joe-biden");
    for (other, modality) in [
        ("recep-tayyip-erdogan", "planned"),
        ("charles-michel", "planned"),
        ("ursula-von-der-leyen", "planned"),
        ("vladimir-putin", "planned"),
        ("alexander-de-croo", "asserted"),
    ] {
        let Some((_, modalities, docs)) = found.iter().find(|(o, _, _)| *o == other) else {
            panic!("joe-biden met {other}: not in {found:?}");
        };
        assert_eq!(modalities, &[modality], "{other}");
        assert!(
            docs.iter().all(|d| *d == "nato-summit-2021"),
            "{other}: {docs:?}"
        );
        assert!(!docs.is_empty(), "{other} has evidence");
    }
    let erdogan = met
        .as_array()
        .and_then(|m| m.iter().find(|m| m["object"] == "recep-tayyip-erdogan"))
        .expect("Erdoğan");
    assert_eq!(erdogan["object_name"], "Recep Tayyip Erdoğan");
    assert_eq!(erdogan["first_date"], "2021-06-14");
    assert_eq!(
        erdogan["evidence"][0]["text"],
        "Biden is also expected to meet Turkish President Recep Tayyip Erdoğan after the main NATO meeting."
    );

    let table = dir.stdout(&["met", "joe-biden"]);
    assert!(table.starts_with("WITH "), "{table}");
    assert!(table.contains(
        "    [planned 2021-06-14] nato-summit-2021: Biden is also expected to meet Turkish President Recep Tayyip Erdoğan after the main NATO meeting.\n"
    ), "{table}");

    // A date window: the meeting of Merkel and Macron on Monday 21 June only.
    let later = dir.json(&["met", "--since", "2021-06-21", "--until", "2021-06-21"]);
    let pairs: Vec<(&str, &str)> = later
        .as_array()
        .expect("a list")
        .iter()
        .map(|m| {
            (
                m["subject"].as_str().unwrap(),
                m["object"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(pairs, [("angela-merkel", "emmanuel-macron")]);

    // A known entity that met no one, and a window that ends before it starts.
    assert_eq!(dir.json(&["met", "nato"]), serde_json::json!([]));
    let (out, err) = dir
        .cmd(&[
            "met",
            "joe-biden",
            "--since",
            "2021-07-01",
            "--until",
            "2021-06-01",
        ])
        .fails();
    assert_eq!(out, "");
    assert_eq!(
        err,
        "newsgraph: date range is empty: since 2021-07-01 is after until 2021-06-01\n"
    );
}

#[test]
fn path_and_centrality() {
    let dir = sample_and_extra();
    let path = dir.json(&[
        "path",
        "alexander-de-croo",
        "vladimir-putin",
        "--predicate",
        "met",
    ]);
    let ids: Vec<&str> = path["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["alexander-de-croo", "joe-biden", "vladimir-putin"]);
    let text = dir.stdout(&[
        "path",
        "angela-merkel",
        "vladimir-putin",
        "--predicate",
        "met",
    ]);
    assert!(
        text.starts_with(
            "angela-merkel -met- alexander-de-croo -met- joe-biden -met- vladimir-putin\n"
        ),
        "{text}"
    );
    let (out, err) = dir
        .cmd(&["path", "angela-merkel", "vladimir-putin", "--max-hops", "2"])
        .fails();
    assert_eq!(out, "");
    assert_eq!(
        err,
        "newsgraph: no path from angela-merkel to vladimir-putin within 2 hops\n"
    );

    let ranked = dir.json(&["central", "--by", "pagerank", "--limit", "3"]);
    assert_eq!(ranked[0]["id"], "joe-biden", "{ranked}");
    assert_eq!(ranked.as_array().map(Vec::len), Some(3));
    let by_degree = dir.stdout(&["central", "--limit", "1"]);
    assert!(
        by_degree
            .lines()
            .nth(1)
            .is_some_and(|l| l.contains("joe-biden")),
        "{by_degree}"
    );

    let components = dir.json(&["components", "--predicate", "met"]);
    let members = |i: usize| components[i]["members"].as_array().expect("members").len();
    assert_eq!(
        components[0]["members"][0], "alexander-de-croo",
        "the largest component, sorted: {components}"
    );
    assert!(members(0) >= 8, "{components}");
}

#[test]
fn entity_relations_documents_and_stats() {
    let dir = sample_and_extra();
    let biden = dir.json(&["entity", "joe-biden"]);
    assert_eq!(biden["entity"]["name"], "Joe Biden");
    assert!(biden["mentions"].as_u64().unwrap_or(0) >= 5, "{biden}");
    assert!(biden["entity"]["offices"]
        .as_array()
        .is_some_and(|o| !o.is_empty()));
    assert!(biden["relations"].as_array().is_some_and(|r| !r.is_empty()));
    let text = dir.stdout(&["entity", "joe-biden"]);
    assert!(text.starts_with("id:  "), "{text}");
    assert!(text.contains("\nmentions:"), "{text}");

    let attended = dir.json(&[
        "relations",
        "joe-biden",
        "--predicate",
        "attended",
        "--direction",
        "out",
    ]);
    let summits: Vec<&str> = attended
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r["object"].as_str().expect("object"))
        .collect();
    assert_eq!(summits, ["eu-us-summit-2021-06", "g7-summit-2021-06"]);
    assert_eq!(attended[0]["evidence"][0]["document"], "nato-summit-2021");
    assert_eq!(
        attended[0]["evidence"][0]["text"],
        "Biden is scheduled to attend the EU-US summit on Tuesday."
    );
    let incoming = dir.json(&[
        "relations",
        "joe-biden",
        "--predicate",
        "attended",
        "--direction",
        "in",
    ]);
    assert_eq!(incoming, Value::Array(vec![]));
    let planned = dir.json(&["relations", "joe-biden", "--modality", "planned"]);
    assert!(planned
        .as_array()
        .expect("a list")
        .iter()
        .all(|r| r["modalities"]["planned"].as_u64() > Some(0)));

    let people = dir.json(&["entities", "--type", "person", "--q", "erdo"]);
    assert_eq!(
        people[0]["entity"]["id"], "recep-tayyip-erdogan",
        "{people}"
    );
    let table = dir.stdout(&["entities", "--limit", "2"]);
    assert_eq!(table.lines().count(), 3, "a header and two rows: {table}");

    let stats = dir.json(&["stats"]);
    assert_eq!(stats["documents"], 4);
    assert!(stats["by_predicate"]["met"].as_u64() >= Some(7), "{stats}");
    assert_eq!(dir.json(&["check"])["problems"], Value::Array(vec![]));
}

#[test]
fn unknown_ids_are_one_line_errors() {
    let dir = Dir::new();
    for (args, want) in [
        (
            &["entity", "nobody-at-all"][..],
            "newsgraph: no entity `nobody-at-all`\n",
        ),
        (
            &["relations", "nobody-at-all"][..],
            "newsgraph: no entity `nobody-at-all`\n",
        ),
        (
            &["met", "nobody-at-all"][..],
            "newsgraph: no entity `nobody-at-all`\n",
        ),
        (
            &["document", "no-such-doc"][..],
            "newsgraph: no document `no-such-doc`\n",
        ),
        (
            &["export", "--format", "dot", "--center", "nobody-at-all"][..],
            "newsgraph: no entity `nobody-at-all`\n",
        ),
    ] {
        let (out, err) = dir.cmd(args).fails();
        assert_eq!((out.as_str(), err.as_str()), ("", want), "{args:?}");
    }
    // A known entity no document mentions: an empty answer.
    assert_eq!(dir.json(&["met", "joe-biden"]), Value::Array(vec![]));
}
