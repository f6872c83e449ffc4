//! `newsgraph export`: the graph, or part of it, as DOT, GraphML or node-link JSON.

use std::process::ExitCode;

use anyhow::{Context, Result};
use newsgraph_engine::Engine;
use newsgraph_graph::{to_dot, to_graphml, to_json, ExportFilter};

use super::entities::lookup;
use super::print;
use crate::cli::{ExportArgs, ExportFormat};

pub fn run(engine: &Engine, args: &ExportArgs) -> Result<ExitCode> {
    if let Some(center) = &args.center {
        lookup(engine, center)?;
    }
    let filter = ExportFilter {
        center: args.center.clone(),
        depth: args.depth,
        predicates: args.predicate.clone(),
        types: args.types.clone(),
        min_support: args.min_support,
        since: args.since,
        until: args.until,
        max_nodes: args.max_nodes,
    };
    let sub = {
        let graph = engine.graph();
        match &args.center {
            // Known but in no relation: an empty picture, not an error.
            Some(c) if !graph.contains(c) => Default::default(),
            _ => graph.subgraph(&filter)?,
        }
    };
    let mut text = match args.format {
        ExportFormat::Dot => to_dot(&sub),
        ExportFormat::Graphml => to_graphml(&sub),
        ExportFormat::Json => serde_json::to_string_pretty(&to_json(&sub))?,
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?
        }
        None => print(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}
