//! The sample article through `newsgraph tag`: the mentions and relations it must find, and
//! the wrong links and meetings it must not make. These expectations are the project's own,
//! written from reading the article (offsets are code points).

use serde_json::Value;

use crate::util::Dir;

fn tag_sample() -> Value {
    let dir = Dir::new().with_sample();
    let out = dir.stdout(&[
        "tag",
        "sample/nato-summit-2021.txt",
        "--published",
        "2021-06-14",
    ]);
    serde_json::from_str(&out).expect("tag prints JSON")
}

/// The mention that covers `text` at code-point offset `start`, as (entity, type, kind).
fn mention_at(out: &Value, start: u64, text: &str) -> Option<(Value, String, String)> {
    out["mentions"].as_array()?.iter().find_map(|m| {
        (m["start"] == start && m["text"] == text).then(|| {
            (
                m["entity"].clone(),
                m["type"].as_str().unwrap_or_default().to_string(),
                m["kind"].as_str().unwrap_or_default().to_string(),
            )
        })
    })
}

#[test]
fn key_mentions_are_found_and_linked() {
    let out = tag_sample();
    let cases: &[(u64, &str, &str, &str)] = &[
        (84, "Jens Stoltenberg", "jens-stoltenberg", "person"),
        (326, "US", "united-states", "country"),
        (339, "Joe Biden", "joe-biden", "person"),
        (374, "Stoltenberg", "jens-stoltenberg", "person"),
        (545, "China", "china", "country"),
        (667, "G7", "g7", "organization"),
        (1000, "Hong Kong", "hong-kong", "country"),
        (1973, "Britain", "united-kingdom", "country"),
        (2044, "Belgian", "belgium", "country"),
        (2067, "Alexander De Croo", "alexander-de-croo", "person"),
        (2377, "Turkish", "turkey", "country"),
        (
            2395,
            "Recep Tayyip Erdoğan",
            "recep-tayyip-erdogan",
            "person",
        ),
        (2543, "European Council", "european-council", "organization"),
        (
            2620,
            "Ursula von der Leyen",
            "ursula-von-der-leyen",
            "person",
        ),
        (2737, "Geneva", "geneva", "city"),
        (3055, "Trump", "donald-trump", "person"),
        (3880, "Lukashenko", "alexander-lukashenko", "person"),
        (3978, "Belarusian", "belarus", "country"),
        (
            4139,
            "S&D",
            "progressive-alliance-of-socialists-and-democrats",
            "organization",
        ),
        (4887, "Verts / ALE", "greens-efa", "organization"),
        (
            5178,
            "International Campaign for the Abolition of Nuclear Weapons",
            "ican",
            "organization",
        ),
        (5239, "ICAN", "ican", "organization"),
        (5322, "United Nations", "united-nations", "organization"),
        (5546, "UN", "united-nations", "organization"),
        (5996, "Bill Clinton", "bill-clinton", "person"),
    ];
    for &(start, text, entity, kind) in cases {
        let got = mention_at(&out, start, text);
        assert_eq!(
            got.as_ref()
                .map(|(e, k, _)| (e.as_str().unwrap_or("null"), k.as_str())),
            Some((entity, kind)),
            "{text} at {start}"
        );
    }
    // Summits are one mention each, named for their organisers.
    for (start, text) in [
        (1318, "NATO summit"),
        (2014, "G7 summit"),
        (2479, "EU-US summit"),
    ] {
        let (_, kind, how) = mention_at(&out, start, text).unwrap_or_else(|| panic!("{text}"));
        assert_eq!(
            (kind.as_str(), how.as_str()),
            ("summit", "summit"),
            "{text}"
        );
    }
    // Names no gazetteer knows come as candidates, unlinked.
    for (start, text) in [
        (3101, "Tonino Picula"),
        (4915, "Philippe Lamberts"),
        (5424, "Tim Wright"),
        (5830, "Ian Bond"),
    ] {
        let m = out["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["start"] == start)
            .unwrap_or_else(|| panic!("{text}"));
        assert_eq!(
            (m["text"].as_str(), &m["entity"], &m["candidate"]),
            (Some(text), &Value::Null, &Value::Bool(true)),
            "{text}"
        );
    }
}

#[test]
fn false_positives_are_avoided() {
    let out = tag_sample();
    let mentions = out["mentions"].as_array().unwrap();
    let texts: Vec<&str> = mentions.iter().filter_map(|m| m["text"].as_str()).collect();
    let linked = |needle: &str| {
        mentions
            .iter()
            .any(|m| m["text"] == needle && !m["entity"].is_null())
    };
    // Lowercase words that are also acronyms or names.
    for word in ["can", "us", "may", "will"] {
        assert!(!texts.contains(&word), "{word:?} taken for a name");
    }
    // The title words are not part of the person's mention.
    assert!(!texts.iter().any(|t| t.contains("President Joe")));
    // `Philippe` of `Philippe Lamberts` is not the King of the Belgians.
    assert!(!linked("Philippe"));
    // `European` inside `Center for European Reform` is no mention of Europe.
    assert!(!mentions.iter().any(|m| m["start"] == 5893));
    // Nested matches are not emitted: no NATO inside `NATO summit`, no EU inside `EU-US summit`.
    assert!(mention_at(&out, 1318, "NATO").is_none());
    assert!(mention_at(&out, 2479, "EU").is_none());
}

#[test]
fn relations_state_only_what_the_text_says() {
    let out = tag_sample();
    let rels = out["relations"].as_array().unwrap();
    let has = |s: &str, p: &str, o: &str, m: &str| {
        rels.iter().any(|r| {
            r["predicate"] == p
                && r["modality"] == m
                && ((r["subject"] == s && r["object"] == o)
                    || (p == "met" && r["subject"] == o && r["object"] == s))
        })
    };
    let met = |a: &str, b: &str| {
        rels.iter().any(|r| {
            r["predicate"] == "met"
                && ((r["subject"] == a && r["object"] == b)
                    || (r["subject"] == b && r["object"] == a))
        })
    };
    assert!(has("joe-biden", "met", "alexander-de-croo", "asserted"));
    assert!(has("joe-biden", "met", "recep-tayyip-erdogan", "planned"));
    assert!(has("joe-biden", "met", "charles-michel", "planned"));
    assert!(has("joe-biden", "met", "ursula-von-der-leyen", "planned"));
    assert!(has("joe-biden", "met", "vladimir-putin", "planned"));
    assert!(has("joe-biden", "traveled_to", "belgium", "asserted"));
    assert!(has("g7", "criticized", "china", "asserted"));
    // Mentions in one sentence are not meetings.
    for (a, b) in [
        ("joe-biden", "donald-trump"),
        ("joe-biden", "bill-clinton"),
        ("joe-biden", "radoslaw-sikorski"),
        ("jens-stoltenberg", "vladimir-putin"),
    ] {
        assert!(!met(a, b), "{a} met {b}");
    }
    // Biden will not attend the press conference: no asserted attendance but the G7's.
    let attended: Vec<(&str, &str)> = rels
        .iter()
        .filter(|r| r["predicate"] == "attended" && r["modality"] == "asserted")
        .map(|r| {
            (
                r["subject"].as_str().unwrap(),
                r["object"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(attended, [("joe-biden", "g7-summit-2021-06")]);
    // Trump is not the president in June 2021.
    assert!(!rels
        .iter()
        .any(|r| r["predicate"] == "holds_role" && r["subject"] == "donald-trump"));
    // Every relation quotes its sentence exactly.
    let sample: Vec<char> = crate::util::SAMPLE.chars().collect();
    for r in rels {
        let (s, e) = (
            r["evidence"]["start"].as_u64().unwrap() as usize,
            r["evidence"]["end"].as_u64().unwrap() as usize,
        );
        let slice: String = sample[s..e].iter().collect();
        assert_eq!(r["evidence"]["text"].as_str(), Some(slice.as_str()));
    }
}
