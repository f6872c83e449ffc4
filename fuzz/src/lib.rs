//! The fuzz targets' checks, as plain functions so that stable Rust compiles them and replays
//! the committed corpus (`cargo test --manifest-path fuzz/Cargo.toml`); each file in
//! `fuzz_targets/` only wraps one of them in `fuzz_target!` for `cargo fuzz run`.
//!
//! Every function takes the fuzzer's bytes, runs one parser or writer on them and panics when
//! an invariant does not hold. Errors that the code reports (a malformed line, a bad id) are
//! fine; a panic, an offset that does not slice the text or output that does not parse is not.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use newsgraph_extract::{Extractor, Rules};
use newsgraph_gazetteer::{Format, GazetteerBuilder};
use newsgraph_graph::{to_dot, to_graphml, NodeInfo, Subgraph};
use newsgraph_model::{Extraction, Modality, Predicate, RelationAggregate};

pub mod dot;

/// A target's check: takes the fuzzer's bytes, panics on a broken invariant.
pub type Target = fn(&[u8]);

/// Every target, by the name `cargo fuzz` knows it under.
pub const TARGETS: &[(&str, Target)] = &[
    ("tagger", tagger),
    ("tagger_chars", tagger_chars),
    ("gazetteer_gaz", gazetteer_gaz),
    ("gazetteer_spacy", gazetteer_spacy),
    ("rules", rules),
    ("bulk_lines", bulk_lines),
    ("exporters", exporters),
];

/// A small gazetteer: people with accents, aliases and offices, countries with demonyms, an
/// organisation with acronyms, a summit.
const GAZETTEER: &str = r#"{"id": "angela-merkel", "type": "person", "name": "Angela Merkel", "country": "germany", "offices": [{"role": "Chancellor", "of": "germany", "start": "2005-11-22", "end": "2021-12-08"}]}
{"id": "joe-biden", "type": "person", "name": "Joe Biden", "aliases": ["Joseph R. Biden", "Joseph Biden"], "country": "united-states", "offices": [{"role": "President", "of": "united-states", "start": "2021-01-20", "end": "2025-01-20"}]}
{"id": "recep-tayyip-erdogan", "type": "person", "name": "Recep Tayyip Erdoğan", "aliases": ["Erdogan"], "country": "turkey"}
{"id": "emmanuel-macron", "type": "person", "name": "Emmanuel Macron", "country": "france", "offices": [{"role": "President", "of": "france", "start": "2017-05-14"}]}
{"id": "germany", "type": "country", "name": "Germany", "demonyms": ["German", "Germans"]}
{"id": "france", "type": "country", "name": "France", "demonyms": ["French"]}
{"id": "turkey", "type": "country", "name": "Turkey", "aliases": ["Türkiye"], "demonyms": ["Turkish"]}
{"id": "united-states", "type": "country", "name": "United States", "aliases": ["U.S.", "USA"], "demonyms": ["American"]}
{"id": "nato", "type": "organization", "name": "NATO", "aliases": ["North Atlantic Treaty Organization"], "acronyms": ["NATO", "OTAN"]}
{"id": "nato-summit-2021", "type": "summit", "name": "2021 Brussels summit", "aliases": ["NATO summit"]}
"#;

fn default_rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| Rules::load(&[]).expect("the default rules load"))
}

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| {
        let gaz = GazetteerBuilder::new()
            .defaults(false)
            .text("fuzz.gaz", GAZETTEER, Format::Gaz)
            .build()
            .expect("the fuzz gazetteer builds");
        Extractor::new(gaz, default_rules().clone())
    })
}

/// Asserts that every span of an extraction slices `text` (code points, end exclusive) and
/// that each mention's and evidence's `text` is its slice.
pub fn check_extraction(text: &str, x: &Extraction) {
    let chars: Vec<char> = text.chars().collect();
    let slice = |what: &str, start: usize, end: usize| -> String {
        assert!(
            start <= end && end <= chars.len(),
            "{what} {start}..{end} outside a text of {} code points",
            chars.len()
        );
        chars[start..end].iter().collect()
    };
    for s in &x.sentences {
        slice("sentence", s.start, s.end);
    }
    for m in &x.mentions {
        assert_eq!(slice("mention", m.start, m.end), m.text, "{m:?}");
        assert!(m.sentence < x.sentences.len(), "{m:?}");
    }
    for r in &x.relations {
        let e = &r.evidence;
        assert_eq!(slice("evidence", e.start, e.end), e.text, "{r:?}");
        assert!(r.sentence < x.sentences.len(), "{r:?}");
    }
}

/// The published date some inputs get, so that office and weekday dating run too.
fn published(data: &[u8]) -> Option<chrono::NaiveDate> {
    let odd = !data.len().is_multiple_of(2);
    odd.then(|| chrono::NaiveDate::from_ymd_opt(2021, 6, 14).expect("date"))
}

/// The tagger and relation rules on arbitrary bytes: UTF-8 as it is, anything else decoded
/// lossily (as a client's text would be by then).
pub fn tagger(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let x = extractor().extract(&text, published(data));
    check_extraction(&text, &x);
}

/// The tagger on arbitrary Unicode: every three bytes make one code point (surrogates
/// skipped), so combining marks, other scripts and odd spaces turn up often.
pub fn tagger_chars(data: &[u8]) {
    let text: String = data
        .chunks(3)
        .filter_map(|c| {
            let n = c.iter().fold(0u32, |n, &b| (n << 8) | u32::from(b)) % 0x11_0000;
            char::from_u32(n)
        })
        .collect();
    let x = extractor().extract(&text, published(data));
    check_extraction(&text, &x);
}

/// Builds a gazetteer from fuzzed text in one format; when it loads, tags a text made of its
/// names with it.
fn gazetteer(data: &[u8], format: Format) {
    let Ok(text) = std::str::from_utf8(data) else {
        return; // `GazetteerBuilder::path` refuses non-UTF-8 files before parsing
    };
    let built = GazetteerBuilder::new()
        .defaults(false)
        .text("fuzz", text, format)
        .build();
    let Ok(gaz) = built else { return };
    let mut sample = String::from("Angela Merkel met ");
    for e in gaz.entities().iter().take(20) {
        sample.push_str(&e.name);
        sample.push_str(" met ");
        if let Some(a) = e.aliases.first() {
            sample.push_str(a);
        }
        sample.push_str(". ");
    }
    let x = Extractor::new(gaz, default_rules().clone()).extract(&sample, published(data));
    check_extraction(&sample, &x);
}

/// The `.gaz` parser and validator.
pub fn gazetteer_gaz(data: &[u8]) {
    gazetteer(data, Format::Gaz);
}

/// The spaCy `.jsonl` pattern parser.
pub fn gazetteer_spacy(data: &[u8]) {
    gazetteer(data, Format::Spacy);
}

/// The rule-file parser.
pub fn rules(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = Rules::default().add("fuzz.rules", &text);
    let mut rules = default_rules().clone();
    let _ = rules.add("fuzz.rules", &text);
}

/// The parser of bulk ingest bodies (and `.jsonl` document files): a body gives a 400 or 413
/// as a whole, or one result per non-blank line, numbered in order; a line that parses has a
/// non-empty text.
pub fn bulk_lines(data: &[u8]) {
    let status_of = |e: &newsgraph_server::ApiError| e.problem().status;
    const LIMIT: usize = 64;
    match newsgraph_server::routes::documents::parse_bulk(data, LIMIT) {
        Ok(lines) => {
            assert!(lines.len() <= LIMIT);
            let mut last = 0;
            for (n, parsed) in &lines {
                assert!(*n > last, "line numbers in order");
                last = *n;
                match parsed {
                    Ok(doc) => assert!(!doc.text.trim().is_empty()),
                    Err(e) => assert!(matches!(status_of(e), 400 | 422), "{e:?}"),
                }
            }
        }
        Err(e) => assert!(matches!(status_of(&e), 400 | 413), "{e:?}"),
    }
}

/// Splits fuzzed text into a subgraph: `||`-separated fields, three per node (id, name,
/// type); each node links to the next, and the last field names an endpoint no node has.
pub fn subgraph_of(data: &[u8]) -> Subgraph {
    let text = String::from_utf8_lossy(data);
    let fields: Vec<&str> = text.split("||").collect();
    let nodes: Vec<NodeInfo> = fields
        .chunks_exact(3)
        .map(|f| NodeInfo::new(f[0], f[1], f[2]))
        .collect();
    let mut edges = Vec::new();
    for (i, pair) in nodes.windows(2).enumerate() {
        let p = Predicate::ALL[i % Predicate::ALL.len()];
        let m = Modality::ALL[(pair[0].name.len() + i) % Modality::ALL.len()];
        edges.push(RelationAggregate {
            subject: pair[0].id.clone(),
            predicate: p,
            object: pair[1].id.clone(),
            support: pair[1].name.len() as u64 + 1,
            modalities: BTreeMap::from([(m, 1)]),
            roles: BTreeMap::new(),
            first_date: None,
            last_date: None,
        });
    }
    if let (Some(first), Some(last)) = (nodes.first(), fields.last()) {
        if !fields.len().is_multiple_of(3) {
            edges.push(RelationAggregate {
                subject: first.id.clone(),
                predicate: Predicate::Met,
                object: (*last).to_owned(),
                support: 1,
                modalities: BTreeMap::from([(Modality::Asserted, 1)]),
                roles: BTreeMap::new(),
                first_date: None,
                last_date: None,
            });
        }
    }
    Subgraph {
        nodes,
        edges,
        truncated: false,
    }
}

/// The ids a subgraph's export holds: its nodes' and its edges' endpoints, once each.
fn ids_of(g: &Subgraph) -> HashSet<&str> {
    g.nodes
        .iter()
        .map(|n| n.id.as_str())
        .chain(
            g.edges
                .iter()
                .flat_map(|e| [e.subject.as_str(), e.object.as_str()]),
        )
        .collect()
}

/// The DOT and GraphML writers on arbitrary labels: DOT lexes and parses with one statement a
/// line and gives back every plain id; GraphML is well-formed XML whose edges name declared
/// nodes.
pub fn exporters(data: &[u8]) {
    let g = subgraph_of(data);
    let ids = ids_of(&g);
    check_dot(&g, &to_dot(&g), &ids);
    check_graphml(&g, &to_graphml(&g), &ids);
}

fn check_dot(g: &Subgraph, text: &str, ids: &HashSet<&str>) {
    let parsed = dot::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(
        parsed.nodes.len(),
        ids.len(),
        "one statement per node\n{text}"
    );
    assert_eq!(
        parsed.edges.len(),
        g.edges.len(),
        "one statement per edge\n{text}"
    );
    let declared: HashSet<&str> = parsed.nodes.iter().map(String::as_str).collect();
    for (s, o) in &parsed.edges {
        assert!(declared.contains(s.as_str()) && declared.contains(o.as_str()));
    }
    // Ids without control characters come back as they were.
    for id in ids {
        if !id.chars().any(char::is_control) && !id.contains(['\u{2028}', '\u{2029}']) {
            assert!(declared.contains(id), "{id:?} lost in\n{text}");
        }
    }
}

/// Characters XML 1.0 allows.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn check_graphml(g: &Subgraph, text: &str, ids: &HashSet<&str>) {
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let elements = |name: &str| -> Vec<roxmltree::Node<'_, '_>> {
        doc.descendants().filter(|n| n.has_tag_name(name)).collect()
    };
    let nodes = elements("node");
    let edges = elements("edge");
    assert_eq!(edges.len(), g.edges.len(), "{text}");
    let declared: HashSet<&str> = nodes.iter().filter_map(|n| n.attribute("id")).collect();
    for e in &edges {
        for end in ["source", "target"] {
            let id = e.attribute(end).expect("edge endpoint");
            assert!(declared.contains(id), "{end} {id:?} not declared\n{text}");
        }
    }
    // Ids of allowed characters come back as they were (whitespace included).
    for id in ids {
        if id.chars().all(xml_char) {
            assert!(declared.contains(id), "{id:?} lost in\n{text}");
        }
    }
}

#[cfg(test)]
mod tests;
