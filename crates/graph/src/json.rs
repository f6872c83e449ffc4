use serde::Serialize;
use serde_json::Value;

use crate::Subgraph;

#[derive(Serialize)]
struct Node<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
}

#[derive(Serialize)]
struct Link<'a> {
    source: &'a str,
    target: &'a str,
    predicate: &'a str,
    support: u64,
    modality: &'a str,
    first_date: Option<String>,
    last_date: Option<String>,
}

#[derive(Serialize)]
struct NodeLink<'a> {
    nodes: Vec<Node<'a>>,
    links: Vec<Link<'a>>,
    truncated: bool,
}

/// The subgraph in node-link form, as d3-force and Cytoscape read it:
/// `{"nodes": [{"id", "name", "type"}], "links": [{"source", "target", "predicate",
/// "support", "modality", "first_date", "last_date"}], "truncated"}`. `modality` is the main
/// one; a missing date is `null`. Nodes come sorted by id and links by
/// `(source, predicate, target)`.
pub fn to_json(g: &Subgraph) -> Value {
    let (nodes, edges) = g.canonical();
    let doc = NodeLink {
        nodes: nodes
            .iter()
            .map(|n| Node {
                id: &n.id,
                name: &n.name,
                kind: &n.kind,
            })
            .collect(),
        links: edges
            .iter()
            .map(|r| Link {
                source: &r.subject,
                target: &r.object,
                predicate: r.predicate.as_str(),
                support: r.support,
                modality: r.main_modality().as_str(),
                first_date: r.first_date.map(|d| d.to_string()),
                last_date: r.last_date.map(|d| d.to_string()),
            })
            .collect(),
        truncated: g.truncated,
    };
    // Strings, numbers and booleans only: serialising cannot fail.
    serde_json::to_value(doc).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::fixture::leaders;
    use crate::{EdgeFilter, ExportFilter};

    #[test]
    fn node_link_form() {
        let sub = leaders()
            .ego("jens-stoltenberg", 1, &EdgeFilter::default(), 0)
            .expect("ego");
        assert_eq!(
            to_json(&sub),
            json!({
                "nodes": [
                    {"id": "jens-stoltenberg", "name": "Jens Stoltenberg", "type": "person"},
                    {"id": "nato", "name": "NATO", "type": "organization"},
                ],
                "links": [
                    {
                        "source": "jens-stoltenberg", "target": "nato", "predicate": "holds_role",
                        "support": 2, "modality": "asserted",
                        "first_date": "2021-06-13", "last_date": "2021-06-14",
                    },
                ],
                "truncated": false,
            })
        );
    }

    #[test]
    fn every_link_end_is_a_node() {
        let doc = to_json(
            &leaders()
                .subgraph(&ExportFilter::default())
                .expect("whole graph"),
        );
        let ids: Vec<&Value> = doc["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|n| &n["id"])
            .collect();
        let links = doc["links"].as_array().expect("links");
        assert_eq!(links.len(), 9);
        for l in links {
            assert!(
                ids.contains(&&l["source"]) && ids.contains(&&l["target"]),
                "{l}"
            );
        }
        assert_eq!(doc["truncated"], json!(false));
    }

    #[test]
    fn undated_links_have_null_dates_and_truncation_shows() {
        let f = ExportFilter {
            max_nodes: 2,
            ..ExportFilter::default()
        };
        let doc = to_json(&leaders().subgraph(&f).expect("whole graph"));
        assert_eq!(doc["truncated"], json!(true));
        assert_eq!(doc["nodes"].as_array().map(Vec::len), Some(2));
        let f = ExportFilter {
            center: Some("brussels".into()),
            ..ExportFilter::default()
        };
        let doc = to_json(&leaders().subgraph(&f).expect("ego"));
        assert_eq!(doc["links"][0]["first_date"], Value::Null);
        assert_eq!(doc["links"][0]["last_date"], Value::Null);
    }
}
