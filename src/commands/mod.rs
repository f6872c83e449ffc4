//! One module per command; `run` dispatches.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use newsgraph_engine::Engine;
use newsgraph_extract::Extractor;
use serde::Serialize;

use crate::cli::{Cli, Command, Data, Knowledge, Out};

mod admin;
mod documents;
mod entities;
mod export;
mod graph;
mod ingest;
mod relations;
mod sources;
mod table;
mod tag;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve(args),
        Command::Tag {
            file,
            knowledge,
            published,
            format,
            no_relations,
        } => tag::run(&file, &knowledge, published, format, no_relations),
        Command::Ingest(args) => ingest::run(&args),
        Command::Entities {
            kind,
            prefix,
            limit,
            data,
            out,
        } => entities::list(&open(&data)?, kind, prefix, limit, out),
        Command::Entity { id, data, out } => entities::show(&open(&data)?, &id, out),
        Command::Relations {
            id,
            predicate,
            modality,
            direction,
            data,
            out,
        } => relations::relations(&open(&data)?, &id, predicate, modality, direction, out),
        Command::Met {
            id,
            since,
            until,
            data,
            out,
        } => relations::met(&open(&data)?, id.as_deref(), since, until, out),
        Command::Path {
            from,
            to,
            predicate,
            max_hops,
            data,
            out,
        } => graph::path(&open(&data)?, &from, &to, &predicate, max_hops, out),
        Command::Central {
            predicate,
            by,
            limit,
            data,
            out,
        } => graph::central(&open(&data)?, &predicate, by, limit, out),
        Command::Components {
            predicate,
            data,
            out,
        } => graph::components(&open(&data)?, &predicate, out),
        Command::Documents {
            since,
            until,
            source,
            limit,
            data,
            out,
        } => documents::list(&open(&data)?, since, until, source, limit, out),
        Command::Document { id, data, out } => documents::show(&open(&data)?, &id, out),
        Command::Stats { data, out } => admin::stats(&open(&data)?, out),
        Command::Delete { id, data, out } => admin::delete(&open(&data)?, &id, out),
        Command::Check { data, out } => admin::check(&open(&data)?, out),
        Command::Reindex { data, out } => admin::reindex(&open(&data)?, out),
        Command::Export(args) => export::run(&open(&args.data)?, &args),
    }
}

/// `newsgraph serve`: merges flags, environment and file, then runs until SIGINT/SIGTERM.
fn serve(args: crate::cli::Serve) -> Result<ExitCode> {
    let some = |v: Vec<std::path::PathBuf>| (!v.is_empty()).then_some(v);
    let flags = newsgraph_server::ConfigLayer {
        data_dir: args.data,
        addr: args.addr,
        gazetteers: some(args.knowledge.gazetteers),
        rules: some(args.knowledge.rules),
        no_default_gazetteers: args.knowledge.no_default_gazetteers.then_some(true),
        ingest: some(args.ingest),
        token: args.token,
        body_limit: args.body_limit.and_then(|b| usize::try_from(b).ok()),
        bulk_limit: args.bulk_limit,
        max_results: args.max_results,
        max_graph_nodes: args.max_graph_nodes,
        cors_origins: (!args.cors_origins.is_empty()).then_some(args.cors_origins),
        request_timeout: args.request_timeout,
        workers: args.workers,
        log_json: args.log_json.then_some(true),
        response_cache: args.response_cache.and_then(|b| usize::try_from(b).ok()),
        evidence_cache: args.evidence_cache.and_then(|b| usize::try_from(b).ok()),
    };
    let config = newsgraph_server::ServerConfig::load(flags, args.config.as_deref())?;
    newsgraph_server::run(config)?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the gazetteers and rules and compiles the extractor.
pub fn extractor(k: &Knowledge) -> Result<Extractor> {
    newsgraph_engine::Knowledge::from(k)
        .extractor(&[])
        .context("loading gazetteers and rules")
}

/// Opens the data directory with the knowledge the command line gives.
pub fn open(data: &Data) -> Result<Engine> {
    Engine::open_lazily(&data.dir, (&data.knowledge).into())
        .with_context(|| format!("opening data directory {}", data.dir.display()))
}

/// Writes a value as pretty JSON and a newline.
pub fn print_json(value: &impl Serialize) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    print(&text)
}

/// Writes text as it is.
pub fn print(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Prints `value` as JSON when asked, else the text `render` makes of it.
pub fn output<T: Serialize>(out: Out, value: &T, render: impl FnOnce(&T) -> String) -> Result<()> {
    if out.json {
        print_json(value)
    } else {
        print(&render(value))
    }
}

/// The size of the next page when `have` of `limit` (0: no limit) rows are in.
pub fn page_size(limit: usize, have: usize) -> usize {
    const PAGE: usize = 1000;
    if limit == 0 {
        PAGE
    } else {
        limit.saturating_sub(have).clamp(1, PAGE)
    }
}
