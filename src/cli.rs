//! Command-line arguments.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "newsgraph",
    version,
    about = "Turns news articles into a knowledge graph of who met whom"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Where names and rules come from; shared by every command that tags text.
#[derive(Debug, Clone, Args)]
pub struct Knowledge {
    /// A gazetteer file (.gaz or spaCy .jsonl) or a directory of them; repeatable.
    #[arg(long = "gazetteer", value_name = "PATH")]
    pub gazetteers: Vec<PathBuf>,
    /// Do not load the gazetteers shipped with newsgraph.
    #[arg(long)]
    pub no_default_gazetteers: bool,
    /// A rule file (.rules) or a directory of them, added to the defaults; repeatable.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TagFormat {
    Json,
    Text,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tag a text: its entities, mentions, sentences and relations.
    Tag {
        /// The text file, or - (the default) for standard input.
        #[arg(default_value = "-")]
        file: PathBuf,
        #[command(flatten)]
        knowledge: Knowledge,
        /// The document's published date (YYYY-MM-DD): dates weekdays and offices.
        #[arg(long)]
        published: Option<NaiveDate>,
        #[arg(long, value_enum, default_value = "json")]
        format: TagFormat,
        /// Mentions only, no relations.
        #[arg(long)]
        no_relations: bool,
    },
}
