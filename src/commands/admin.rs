//! `newsgraph stats`, `delete`, `check` and `reindex`: looking after the store.

use std::process::ExitCode;

use anyhow::{bail, Result};
use newsgraph_engine::Engine;
use newsgraph_store::Stats;
use serde::Serialize;
use serde_json::json;

use super::output;
use super::table::fields;
use crate::cli::Out;

#[derive(Serialize)]
struct StatsView {
    #[serde(flatten)]
    store: Stats,
    graph_nodes: usize,
    graph_edges: usize,
}

pub fn stats(engine: &Engine, out: Out) -> Result<ExitCode> {
    let view = {
        let graph = engine.graph();
        StatsView {
            store: engine.store().stats()?,
            graph_nodes: graph.node_count(),
            graph_edges: graph.edge_count(),
        }
    };
    output(out, &view, |v| {
        let mut pairs = vec![
            ("documents", v.store.documents.to_string()),
            ("mentions", v.store.mentions.to_string()),
            ("entities", v.store.entities.to_string()),
            ("relations", v.store.relations.to_string()),
            ("evidence", v.store.evidence.to_string()),
            ("graph nodes", v.graph_nodes.to_string()),
            ("graph edges", v.graph_edges.to_string()),
        ];
        let mut s = fields(&pairs);
        pairs.clear();
        let by: Vec<(&str, String)> = v
            .store
            .by_predicate
            .iter()
            .map(|(p, n)| (p.as_str(), n.to_string()))
            .collect();
        s.push_str("relations by predicate:\n");
        for line in fields(&by).lines() {
            s.push_str(&format!("  {line}\n"));
        }
        s
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn delete(engine: &Engine, id: &str, out: Out) -> Result<ExitCode> {
    if !engine.delete(id)? {
        bail!("no document `{id}`");
    }
    output(out, &json!({ "deleted": id }), |_| {
        format!("deleted {id}\n")
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn check(engine: &Engine, out: Out) -> Result<ExitCode> {
    let problems = engine.store().check()?;
    let documents = engine.store().stats()?.documents;
    let report = json!({ "documents": documents, "problems": problems });
    output(out, &report, |_| {
        if problems.is_empty() {
            let s = if documents == 1 { "" } else { "s" };
            format!("ok: no problems in {documents} document{s}\n")
        } else {
            let mut s: String = problems.iter().map(|p| format!("{p}\n")).collect();
            s.push_str(&format!("{} problems\n", problems.len()));
            s
        }
    })?;
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

pub fn reindex(engine: &Engine, out: Out) -> Result<ExitCode> {
    let report = engine.reindex()?;
    output(out, &report, |r| {
        format!(
            "re-tagged {} documents: {} changed, {} unchanged\n",
            r.documents,
            r.changed,
            r.documents - r.changed
        )
    })?;
    Ok(ExitCode::SUCCESS)
}
