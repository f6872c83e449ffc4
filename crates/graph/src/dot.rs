use std::fmt::Write;

use newsgraph_model::{EntityType, Modality, RelationAggregate};

use crate::Subgraph;

/// Shape and fill colour for each entity type; other types get [`DEFAULT_STYLE`].
const STYLES: &[(&str, &str, &str)] = &[
    (EntityType::PERSON, "ellipse", "#dbeafe"),
    (EntityType::COUNTRY, "box", "#dcfce7"),
    (EntityType::CITY, "house", "#fef9c3"),
    (EntityType::REGION, "hexagon", "#d1fae5"),
    (EntityType::LOCATION, "invhouse", "#fef3c7"),
    (EntityType::ORGANIZATION, "octagon", "#fee2e2"),
    (EntityType::SUMMIT, "diamond", "#ede9fe"),
    (EntityType::EVENT, "parallelogram", "#fce7f3"),
];
const DEFAULT_STYLE: (&str, &str) = ("note", "#e5e7eb");

fn node_style(kind: &str) -> (&'static str, &'static str) {
    STYLES
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map_or(DEFAULT_STYLE, |&(_, shape, fill)| (shape, fill))
}

/// The subgraph as a Graphviz `digraph`: nodes shaped and filled by entity type and labelled
/// with their names, edges labelled `predicate ×support`, planned relations dashed, negated
/// ones dotted, hypothetical ones dashed and grey, symmetric predicates without arrowheads.
///
/// Nodes come sorted by id and edges by `(subject, predicate, object)`, so the same subgraph
/// always gives the same bytes.
pub fn to_dot(g: &Subgraph) -> String {
    let (nodes, edges) = g.canonical();
    let mut out = String::from("digraph newsgraph {\n");
    out.push_str("  graph [rankdir=LR];\n");
    out.push_str("  node [style=filled];\n");
    out.push_str("  edge [fontsize=10];\n");
    for n in &nodes {
        let (shape, fill) = node_style(&n.kind);
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "  {} [label={}, shape={shape}, fillcolor=\"{fill}\"];",
            quote_id(&n.id),
            quote_label(&n.name),
        );
    }
    for r in edges {
        let _ = writeln!(
            out,
            "  {} -> {} [{}];",
            quote_id(&r.subject),
            quote_id(&r.object),
            edge_attributes(r)
        );
    }
    out.push_str("}\n");
    out
}

fn edge_attributes(r: &RelationAggregate) -> String {
    let mut attrs = vec![format!(
        "label={}",
        quote_label(&format!("{} ×{}", r.predicate, r.support))
    )];
    if r.predicate.is_symmetric() {
        attrs.push("dir=none".to_owned());
    }
    match r.main_modality() {
        Modality::Asserted => {}
        Modality::Planned => attrs.push("style=dashed".to_owned()),
        Modality::Negated => attrs.push("style=dotted".to_owned()),
        Modality::Hypothetical => {
            attrs.push("style=dashed".to_owned());
            attrs.push("color=\"#6b7280\"".to_owned());
        }
    }
    attrs.join(", ")
}

/// A DOT quoted string for an id. Inside quotes only `"` needs escaping for the parser; the
/// backslash is doubled too so that an id ending in one cannot escape the closing quote, and
/// line breaks become `\n` so that each statement stays on one line. Other control characters
/// are dropped.
fn quote_id(s: &str) -> String {
    quote(s, false)
}

/// A DOT quoted string for a label. On top of [`quote_id`], `&` becomes `&amp;` because
/// Graphviz decodes HTML entities in labels, and the doubled backslash keeps Graphviz from
/// reading `\N`, `\G`, `\l` and the like in a name as escapes.
fn quote_label(s: &str) -> String {
    quote(s, true)
}

fn quote(s: &str, label: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' if label => out.push_str("&amp;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Runs Graphviz on a DOT text: `dot -T<format>`, the text on its standard input. For
/// rendering an export, and for checking that Graphviz reads what [`to_dot`] writes.
///
/// # Errors
/// When `dot` cannot be started (Graphviz is not installed) or its pipes fail.
pub fn graphviz(dot: &str, format: &str) -> std::io::Result<std::process::Output> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| std::io::Error::other("no stdin"))?;
    // Written from another thread, so that a large graph cannot fill both pipes at once.
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || stdin.write_all(dot.as_bytes()));
        let out = child.wait_with_output();
        writer
            .join()
            .map_err(|_| std::io::Error::other("writing to dot panicked"))??;
        out
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;
    use std::process::Command;

    use newsgraph_model::Predicate;

    use super::*;
    use crate::fixture::{leaders, rel};
    use crate::{EdgeFilter, ExportFilter, NodeInfo};

    fn leaders_dot() -> String {
        let sub = leaders()
            .subgraph(&ExportFilter::default())
            .expect("whole graph");
        to_dot(&sub)
    }

    /// Names a parser or a renderer could trip over.
    fn awkward() -> Subgraph {
        let names = [
            ("script", "<script>alert(1)</script>", "person"),
            ("quote\"id", "say \"hi\"", "country"),
            ("back\\slash\\", "C:\\path\\N\\", "city"),
            ("new\nline", "two\nlines\r\nand\rmore", "organization"),
            ("emoji", "🎉 Party 🇧🇪", "summit"),
            ("rtl", "رجب طيب أردوغان", "region"),
            ("amp", "AT&T &amp; S&D", "party"),
            ("ctl", "bell\u{7}tab\tnul\u{0}", "event"),
        ];
        let nodes: Vec<NodeInfo> = names
            .iter()
            .map(|&(id, name, kind)| NodeInfo::new(id, name, kind))
            .collect();
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
        insta::assert_snapshot!(leaders_dot());
    }

    #[test]
    fn awkward_names_snapshot() {
        insta::assert_snapshot!(to_dot(&awkward()));
    }

    #[test]
    fn quoting() {
        let cases = [
            ("plain", "joe-biden", "\"joe-biden\"", "\"joe-biden\""),
            ("quote", "a\"b", "\"a\\\"b\"", "\"a\\\"b\""),
            ("backslash", "a\\", "\"a\\\\\"", "\"a\\\\\""),
            ("escape-like", "\\N\\l", "\"\\\\N\\\\l\"", "\"\\\\N\\\\l\""),
            ("newline", "a\nb", "\"a\\nb\"", "\"a\\nb\""),
            ("crlf", "a\r\nb", "\"a\\nb\"", "\"a\\nb\""),
            ("tab", "a\tb", "\"a b\"", "\"a b\""),
            ("control", "a\u{0}\u{1b}b", "\"ab\"", "\"ab\""),
            ("ampersand", "S&D", "\"S&D\"", "\"S&amp;D\""),
            ("html", "<b>", "\"<b>\"", "\"<b>\""),
            ("emoji", "🎉", "\"🎉\"", "\"🎉\""),
            ("rtl", "أردوغان", "\"أردوغان\"", "\"أردوغان\""),
        ];
        for (name, input, id, label) in cases {
            assert_eq!(quote_id(input), id, "{name}: id");
            assert_eq!(quote_label(input), label, "{name}: label");
        }
    }

    #[test]
    fn node_styles_by_type() {
        let cases = [
            ("person", "ellipse"),
            ("country", "box"),
            ("city", "house"),
            ("organization", "octagon"),
            ("summit", "diamond"),
            ("region", "hexagon"),
            ("treaty", "note"),
            ("unknown", "note"),
        ];
        for (kind, shape) in cases {
            assert_eq!(node_style(kind).0, shape, "{kind}");
        }
    }

    #[test]
    fn edge_styles() {
        let dot = leaders_dot();
        let line = |from: &str, to: &str| {
            let head = format!("  \"{from}\" -> \"{to}\" [");
            dot.lines()
                .find(|l| l.starts_with(&head))
                .unwrap_or_else(|| panic!("no edge {from} -> {to} in\n{dot}"))
                .to_owned()
        };
        let cases = [
            (
                "planned met",
                "joe-biden",
                "recep-tayyip-erdogan",
                &["label=\"met ×2\"", "dir=none", "style=dashed"][..],
                &[][..],
            ),
            (
                "asserted met",
                "alexander-de-croo",
                "joe-biden",
                &["label=\"met ×3\"", "dir=none"],
                &["style="],
            ),
            (
                "negated",
                "alexander-de-croo",
                "vladimir-putin",
                &["style=dotted", "dir=none"],
                &[],
            ),
            (
                "directed",
                "vladimir-putin",
                "nato",
                &["label=\"criticized ×1\""],
                &["dir=none", "style="],
            ),
        ];
        for (name, from, to, has, lacks) in cases {
            let l = line(from, to);
            for h in has {
                assert!(l.contains(h), "{name}: {l} lacks {h}");
            }
            for h in lacks {
                assert!(!l.contains(h), "{name}: {l} has {h}");
            }
        }
        assert!(
            !dot.contains("co_occurs"),
            "co_occurs is not exported by default"
        );
    }

    #[test]
    fn edge_attributes_by_modality_and_symmetry() {
        use Modality::*;
        use Predicate::*;
        let cases = [
            (
                "asserted, symmetric",
                Met,
                &[(Asserted, 2)][..],
                "label=\"met ×2\", dir=none",
            ),
            (
                "planned, symmetric",
                Met,
                &[(Planned, 2), (Asserted, 1)],
                "label=\"met ×3\", dir=none, style=dashed",
            ),
            (
                "negated, directed",
                CalledOn,
                &[(Negated, 1)],
                "label=\"called_on ×1\", style=dotted",
            ),
            (
                "hypothetical",
                TraveledTo,
                &[(Hypothetical, 1)],
                "label=\"traveled_to ×1\", style=dashed, color=\"#6b7280\"",
            ),
            (
                "tie goes to asserted",
                SpokeWith,
                &[(Planned, 1), (Asserted, 1)],
                "label=\"spoke_with ×2\", dir=none",
            ),
        ];
        for (name, predicate, modalities, want) in cases {
            let r = crate::fixture::agg("a", predicate, "b", modalities, None);
            assert_eq!(edge_attributes(&r), want, "{name}");
        }
    }

    #[test]
    fn two_exports_are_byte_identical() {
        let g = leaders();
        let a = to_dot(&g.subgraph(&ExportFilter::default()).expect("whole graph"));
        let b = to_dot(
            &leaders()
                .subgraph(&ExportFilter::default())
                .expect("whole graph"),
        );
        assert_eq!(a, b);
        // The order the subgraph lists things in does not matter either.
        let mut shuffled = g
            .ego("joe-biden", 2, &EdgeFilter::default(), 0)
            .expect("ego");
        let sorted = to_dot(&shuffled);
        shuffled.nodes.reverse();
        shuffled.edges.reverse();
        assert_eq!(to_dot(&shuffled), sorted);
    }

    #[test]
    fn edges_to_unlisted_nodes_declare_them() {
        let sub = Subgraph {
            nodes: Vec::new(),
            edges: vec![rel("a", Predicate::Met, "b", 1)],
            truncated: false,
        };
        let dot = to_dot(&sub);
        assert!(dot.contains("  \"a\" [label=\"a\", shape=note"), "{dot}");
        assert!(dot.contains("  \"b\" [label=\"b\", shape=note"), "{dot}");
    }

    /// Renders with Graphviz and fails on anything it says on stderr. CI installs graphviz;
    /// without it the test says so loudly instead of passing in silence.
    #[test]
    fn graphviz_renders_without_warnings() {
        if Command::new("dot").arg("-V").output().is_err() {
            // Straight to the process's stderr: the test harness would swallow `eprintln!` of a
            // passing test.
            let _ = writeln!(std::io::stderr(), "SKIPPED: graphviz dot not installed");
            return;
        }
        let empty = Subgraph::default();
        for (name, dot) in [
            ("leaders", leaders_dot()),
            ("awkward", to_dot(&awkward())),
            ("empty", to_dot(&empty)),
        ] {
            let out = graphviz(&dot, "svg").expect("run dot");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{name}: dot failed: {stderr}\n{dot}");
            assert!(
                stderr.trim().is_empty(),
                "{name}: dot warned: {stderr}\n{dot}"
            );
            let svg = String::from_utf8_lossy(&out.stdout);
            assert!(svg.contains("</svg>"), "{name}: no svg");
            if name == "awkward" {
                // Names come out as written, escaped for SVG.
                for text in [
                    "&lt;script&gt;alert(1)&lt;/script&gt;",
                    "say &quot;hi&quot;",
                    "C:\\path\\N\\",
                    "AT&amp;T &amp;amp; S&amp;D",
                    "🎉 Party 🇧🇪",
                ] {
                    assert!(svg.contains(text), "{name}: svg lacks {text}");
                }
            }
        }
    }
}
