//! One module per command; `run` dispatches.

use std::process::ExitCode;

use anyhow::{Context, Result};
use newsgraph_extract::{Extractor, Rules};
use newsgraph_gazetteer::GazetteerBuilder;

use crate::cli::{Cli, Command, Knowledge};

mod tag;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Tag {
            file,
            knowledge,
            published,
            format,
            no_relations,
        } => tag::run(&file, &knowledge, published, format, no_relations),
    }
}

/// Loads the gazetteers and rules and compiles the extractor.
pub fn extractor(k: &Knowledge) -> Result<Extractor> {
    let mut builder = GazetteerBuilder::new().defaults(!k.no_default_gazetteers);
    for p in &k.gazetteers {
        builder = builder.path(p)?;
    }
    let gaz = builder.build().context("loading gazetteers")?;
    let paths: Vec<&std::path::Path> = k.rules.iter().map(|p| p.as_path()).collect();
    let rules = Rules::load(&paths).context("loading rules")?;
    Ok(Extractor::new(gaz, rules))
}
