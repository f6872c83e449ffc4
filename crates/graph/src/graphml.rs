use std::fmt::Write;

use crate::Subgraph;

/// The attributes declared up front, as `(id, for, attr.name, attr.type)`. `label` and
/// `weight` repeat `name` and `support` under the names Gephi shows and lays out by.
const KEYS: &[(&str, &str, &str, &str)] = &[
    ("name", "node", "name", "string"),
    ("type", "node", "type", "string"),
    ("label", "node", "label", "string"),
    ("predicate", "edge", "predicate", "string"),
    ("support", "edge", "support", "long"),
    ("weight", "edge", "weight", "double"),
    ("modality", "edge", "modality", "string"),
    ("first_date", "edge", "first_date", "string"),
    ("last_date", "edge", "last_date", "string"),
];

/// The subgraph as GraphML, as Gephi and yEd open it: typed `<key>` declarations, one
/// `<node>` per entity (`name`, `type`), one `<edge>` per relation (`predicate`, `support`,
/// main `modality`, `first_date`, `last_date`), symmetric predicates marked
/// `directed="false"`. Text is XML-escaped and characters XML 1.0 forbids are dropped.
/// Nodes come sorted by id and edges by `(subject, predicate, object)`.
pub fn to_graphml(g: &Subgraph) -> String {
    let (nodes, edges) = g.canonical();
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"",
        " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
        " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns",
        " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    ));
    // Writing to a String cannot fail.
    for (id, scope, name, kind) in KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"{scope}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
        );
    }
    out.push_str("  <graph id=\"newsgraph\" edgedefault=\"directed\">\n");
    for n in &nodes {
        let _ = writeln!(out, "    <node id=\"{}\">", escape(&n.id, true));
        data(&mut out, "name", &n.name);
        data(&mut out, "type", &n.kind);
        data(&mut out, "label", &n.name);
        out.push_str("    </node>\n");
    }
    for (i, r) in edges.iter().enumerate() {
        let directed = if r.predicate.is_symmetric() {
            " directed=\"false\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\"{directed}>",
            escape(&r.subject, true),
            escape(&r.object, true),
        );
        data(&mut out, "predicate", r.predicate.as_str());
        data(&mut out, "support", &r.support.to_string());
        data(&mut out, "weight", &r.support.to_string());
        data(&mut out, "modality", r.main_modality().as_str());
        if let Some(d) = r.first_date {
            data(&mut out, "first_date", &d.to_string());
        }
        if let Some(d) = r.last_date {
            data(&mut out, "last_date", &d.to_string());
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

fn data(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(
        out,
        "      <data key=\"{key}\">{}</data>",
        escape(value, false)
    );
}

/// Escapes for XML text or (with `attribute`) a double-quoted attribute value, and drops
/// what XML 1.0 does not allow at all: control characters other than tab, line feed and
/// carriage return, and U+FFFE/U+FFFF. In attributes, tab and line breaks are written as
/// character references, since a parser would turn them into spaces; in text, a carriage
/// return is, since a parser would turn it into a line feed.
fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if c < ' ' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use newsgraph_model::Predicate;

    use super::*;
    use crate::fixture::{leaders, rel};
    use crate::{ExportFilter, NodeInfo};

    fn leaders_graphml() -> String {
        to_graphml(
            &leaders()
                .subgraph(&ExportFilter::default())
                .expect("whole graph"),
        )
    }

    fn awkward() -> Subgraph {
        let nodes = vec![
            NodeInfo::new("a<b>&\"c'", "<script>alert(\"x\")</script>", "person"),
            NodeInfo::new(
                "ctl\u{1}\u{b}",
                "bell\u{7} vt\u{b} ff\u{c} nul\u{0} \u{FFFF}",
                "country",
            ),
            NodeInfo::new("lines\n\t", "two\nlines\r\ntab\tend", "city"),
            NodeInfo::new("emoji", "🎉 Party 🇧🇪 رجب طيب أردوغان", "summit"),
        ];
        let edges = nodes
            .windows(2)
            .map(|w| rel(&w[0].id, Predicate::Met, &w[1].id, 1))
            .collect();
        Subgraph {
            nodes,
            edges,
            truncated: false,
        }
    }

    #[test]
    fn leaders_snapshot() {
        insta::assert_snapshot!(leaders_graphml());
    }

    #[test]
    fn escaping() {
        let cases = [
            ("plain", "joe-biden", "joe-biden", "joe-biden"),
            (
                "markup",
                "<a href=\"x\">&</a>",
                "&lt;a href=\"x\"&gt;&amp;&lt;/a&gt;",
                "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;",
            ),
            ("apostrophe", "O'Neill", "O'Neill", "O'Neill"),
            ("controls", "a\u{0}\u{1}\u{7}\u{b}\u{c}\u{1f}b", "ab", "ab"),
            ("noncharacters", "a\u{FFFE}\u{FFFF}b", "ab", "ab"),
            (
                "whitespace",
                "a\tb\nc\rd",
                "a\tb\nc&#13;d",
                "a&#9;b&#10;c&#13;d",
            ),
            ("unicode", "🎉 أردوغان", "🎉 أردوغان", "🎉 أردوغان"),
        ];
        for (name, input, text, attribute) in cases {
            assert_eq!(escape(input, false), text, "{name}: text");
            assert_eq!(escape(input, true), attribute, "{name}: attribute");
        }
    }

    #[test]
    fn parses_as_xml_with_typed_keys() {
        for (name, xml) in [
            ("leaders", leaders_graphml()),
            ("awkward", to_graphml(&awkward())),
        ] {
            let doc =
                roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{name}: {e}\n{xml}"));
            let root = doc.root_element();
            assert_eq!(root.tag_name().name(), "graphml", "{name}");
            let keys: Vec<(&str, &str, &str)> = root
                .children()
                .filter(|n| n.has_tag_name("key"))
                .map(|n| {
                    (
                        n.attribute("for").unwrap_or_default(),
                        n.attribute("attr.name").unwrap_or_default(),
                        n.attribute("attr.type").unwrap_or_default(),
                    )
                })
                .collect();
            for want in [
                ("node", "name", "string"),
                ("node", "type", "string"),
                ("edge", "predicate", "string"),
                ("edge", "support", "long"),
                ("edge", "modality", "string"),
                ("edge", "first_date", "string"),
                ("edge", "last_date", "string"),
            ] {
                assert!(keys.contains(&want), "{name}: no key {want:?}");
            }
            // Every edge end is a declared node.
            let ids: Vec<&str> = doc
                .descendants()
                .filter(|n| n.has_tag_name("node"))
                .filter_map(|n| n.attribute("id"))
                .collect();
            for e in doc.descendants().filter(|n| n.has_tag_name("edge")) {
                for end in ["source", "target"] {
                    let id = e.attribute(end).unwrap_or_default();
                    assert!(ids.contains(&id), "{name}: edge {end} {id:?} not a node");
                }
            }
        }
    }

    #[test]
    fn awkward_text_round_trips_through_a_parser() {
        let xml = to_graphml(&awkward());
        let doc = roxmltree::Document::parse(&xml).expect("parses");
        let names: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("data") && n.attribute("key") == Some("name"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(
            names,
            [
                "<script>alert(\"x\")</script>",
                "bell vt ff nul ",
                "🎉 Party 🇧🇪 رجب طيب أردوغان",
                "two\nlines\r\ntab\tend",
            ]
        );
        let ids: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("node"))
            .filter_map(|n| n.attribute("id"))
            .collect();
        assert_eq!(ids, ["a<b>&\"c'", "ctl", "emoji", "lines\n\t"]);
    }

    #[test]
    fn edges_carry_their_attributes() {
        let xml = leaders_graphml();
        let doc = roxmltree::Document::parse(&xml).expect("parses");
        let edge = doc
            .descendants()
            .find(|n| {
                n.has_tag_name("edge")
                    && n.attribute("source") == Some("joe-biden")
                    && n.attribute("target") == Some("recep-tayyip-erdogan")
            })
            .expect("biden–erdogan edge");
        assert_eq!(edge.attribute("directed"), Some("false"));
        let value = |key: &str| {
            edge.children()
                .find(|d| d.attribute("key") == Some(key))
                .and_then(|d| d.text())
                .map(str::to_owned)
        };
        let cases = [
            ("predicate", Some("met")),
            ("support", Some("2")),
            ("modality", Some("planned")),
            ("first_date", Some("2021-06-10")),
            ("last_date", Some("2021-06-14")),
        ];
        for (key, want) in cases {
            assert_eq!(value(key).as_deref(), want, "{key}");
        }
    }

    #[test]
    fn two_exports_are_byte_identical() {
        assert_eq!(leaders_graphml(), leaders_graphml());
    }
}
