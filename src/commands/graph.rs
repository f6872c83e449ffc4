//! `newsgraph path`, `newsgraph central` and `newsgraph components`: questions about the graph.

use std::process::ExitCode;

use anyhow::Result;
use newsgraph_engine::Engine;
use newsgraph_model::Predicate;
use serde::Serialize;

use super::entities::lookup;
use super::table::{dates, Table};
use super::{output, print_json};
use crate::cli::{Centrality, Out};

pub fn path(
    engine: &Engine,
    from: &str,
    to: &str,
    predicates: &[Predicate],
    max_hops: Option<usize>,
    out: Out,
) -> Result<ExitCode> {
    lookup(engine, from)?;
    lookup(engine, to)?;
    let found = {
        let graph = engine.graph();
        if graph.contains(from) && graph.contains(to) {
            graph.shortest_path(from, to, predicates, max_hops)?
        } else {
            None
        }
    };
    let Some(path) = found else {
        if out.json {
            print_json(&serde_json::Value::Null)?;
        } else {
            let within = max_hops
                .map(|m| format!(" within {m} hops"))
                .unwrap_or_default();
            eprintln!("newsgraph: no path from {from} to {to}{within}");
        }
        return Ok(ExitCode::FAILURE);
    };
    output(out, &path, |path| {
        let mut s = path.nodes.first().map(|n| n.id.clone()).unwrap_or_default();
        let mut t = Table::new(&[
            "HOP",
            "FROM",
            "PREDICATE",
            "TO",
            "SUPPORT",
            "MODALITY",
            "DATES",
        ]);
        for (i, (r, pair)) in path.edges.iter().zip(path.nodes.windows(2)).enumerate() {
            let (a, b) = (&pair[0].id, &pair[1].id);
            let arrow = if r.predicate.is_symmetric() {
                format!(" -{}- ", r.predicate)
            } else if &r.subject == a {
                format!(" -{}-> ", r.predicate)
            } else {
                format!(" <-{}- ", r.predicate)
            };
            s.push_str(&arrow);
            s.push_str(b);
            t.row(vec![
                (i + 1).to_string(),
                a.clone(),
                arrow.trim().to_string(),
                b.clone(),
                r.support.to_string(),
                r.main_modality().to_string(),
                dates(r.first_date, r.last_date),
            ]);
        }
        format!("{s}\n\n{}", t.render())
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn central(
    engine: &Engine,
    predicates: &[Predicate],
    by: Centrality,
    limit: usize,
    out: Out,
) -> Result<ExitCode> {
    let ranked = {
        let graph = engine.graph();
        match by {
            Centrality::Degree => graph.degree(predicates, limit),
            Centrality::Pagerank => graph.pagerank(predicates, limit),
        }
    };
    output(out, &ranked, |ranked| {
        let mut t = Table::new(&["RANK", "ID", "NAME", "TYPE", "SCORE"]);
        for (i, r) in ranked.iter().enumerate() {
            let score = match by {
                Centrality::Degree => format!("{}", r.score),
                Centrality::Pagerank => format!("{:.6}", r.score),
            };
            t.row(vec![
                (i + 1).to_string(),
                r.id.clone(),
                r.name.clone(),
                r.kind.clone(),
                score,
            ]);
        }
        t.render()
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct Component {
    size: usize,
    members: Vec<String>,
}

/// Members a table row lists before `… and N more`.
const SHOWN_MEMBERS: usize = 12;

pub fn components(engine: &Engine, predicates: &[Predicate], out: Out) -> Result<ExitCode> {
    let found: Vec<Component> = engine
        .graph()
        .components(predicates)
        .into_iter()
        .map(|members| Component {
            size: members.len(),
            members,
        })
        .collect();
    output(out, &found, |found| {
        let mut t = Table::new(&["#", "SIZE", "MEMBERS"]);
        for (i, c) in found.iter().enumerate() {
            let mut members = c
                .members
                .iter()
                .take(SHOWN_MEMBERS)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if c.size > SHOWN_MEMBERS {
                members.push_str(&format!(", … and {} more", c.size - SHOWN_MEMBERS));
            }
            t.row(vec![(i + 1).to_string(), c.size.to_string(), members]);
        }
        t.render()
    })?;
    Ok(ExitCode::SUCCESS)
}
