//! Command-line arguments.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use newsgraph_model::{Modality, Predicate};

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

impl From<&Knowledge> for newsgraph_engine::Knowledge {
    fn from(k: &Knowledge) -> Self {
        Self {
            gazetteers: k.gazetteers.clone(),
            no_default_gazetteers: k.no_default_gazetteers,
            rules: k.rules.clone(),
        }
    }
}

/// The data directory and the knowledge it is tagged with; shared by every stored-data command.
#[derive(Debug, Clone, Args)]
pub struct Data {
    /// The data directory (created when missing).
    #[arg(
        long = "data",
        value_name = "DIR",
        env = "NEWSGRAPH_DATA",
        default_value = "newsgraph-data"
    )]
    pub dir: PathBuf,
    #[command(flatten)]
    pub knowledge: Knowledge,
}

/// How query results are printed.
#[derive(Debug, Clone, Copy, Args)]
pub struct Out {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TagFormat {
    Json,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Dot,
    Graphml,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Centrality {
    Degree,
    Pagerank,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Direction {
    In,
    Out,
    Both,
}

fn predicate(s: &str) -> Result<Predicate, String> {
    Predicate::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Predicate::ALL.iter().map(|p| p.as_str()).collect();
        format!("unknown predicate; one of: {}", names.join(", "))
    })
}

fn modality(s: &str) -> Result<Modality, String> {
    Modality::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Modality::ALL.iter().map(|m| m.as_str()).collect();
        format!("unknown modality; one of: {}", names.join(", "))
    })
}

/// One byte size: a number with an optional K, M or G (powers of 1024).
fn byte_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => s.split_at(i),
        None => (s, ""),
    };
    let n: u64 = digits.parse().map_err(|_| format!("not a size: {s:?}"))?;
    let factor = match unit.trim().to_ascii_uppercase().trim_end_matches("IB") {
        "" | "B" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return Err(format!("unknown unit in {s:?}; use K, M or G")),
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("too large: {s:?}"))
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Inputs: a .txt file is one document (id: the file stem; title: its first non-empty line; \
metadata from a NAME.meta.json beside it); a .jsonl file holds one JSON document a line \
({\"id\", \"title\", \"text\", \"published\", \"source\", \"url\"}, only \"text\" required); \
a directory is searched recursively for both, in name order.

A bad document (not UTF-8, empty, too large, a malformed JSON line) is reported on standard \
error as FILE[:LINE]: REASON and skipped; the others go in. The summary counts the rejected ones.

Exit status: 0 when at least one document was stored (or was already stored), 1 when every \
document was rejected or none was found.")]
pub struct IngestArgs {
    /// Files or directories to ingest.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Published date (YYYY-MM-DD) for documents that do not give one.
    #[arg(long)]
    pub published: Option<NaiveDate>,
    /// Source name for documents that do not give one.
    #[arg(long)]
    pub source: Option<String>,
    /// Documents larger than this are rejected (K, M, G suffixes).
    #[arg(long, value_name = "SIZE", default_value = "5M", value_parser = byte_size)]
    pub max_bytes: u64,
    /// Documents tagged together on all cores and written with one flush.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch_size: u32,
    #[command(flatten)]
    pub data: Data,
    #[command(flatten)]
    pub out: Out,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the REST API (and the explorer page) over a data directory.
    Serve(Serve),
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
    /// Tag and store documents: .txt files, .jsonl files and directories of them.
    Ingest(IngestArgs),
    /// List stored entities, by id.
    Entities {
        /// Only entities of this type (person, country, ...).
        #[arg(long = "type", value_name = "TYPE")]
        kind: Option<String>,
        /// Only names (or a word of them) starting with this, in any case and accents.
        #[arg(long = "q", value_name = "PREFIX")]
        prefix: Option<String>,
        /// At most this many; 0 for all.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        out: Out,
    },
    /// One entity: its facts, offices, mention count and strongest relations.
    Entity {
        id: String,
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        out: Out,
    },
    /// The relations of an entity with the sentences that state them (co_occurs only when asked).
    Relations {
        id: String,
        #[arg(long, value_parser = predicate)]
        predicate: Option<Predicate>,
        #[arg(long, value_parser = modality)]
        modality: Option<Modality>,
        #[arg(long, value_enum, default_value = "both")]
        direction: Direction,
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        out: Out,
    },
    /// Who met whom (of one entity, or all), with dates, modality and evidence.
    Met {
        id: Option<String>,
        #[arg(long)]
        since: Option<NaiveDate>,
        #[arg(long)]
        until: Option<NaiveDate>,
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        out: Out,
    },
    /// The shortest path between two entities; exit status 1 when there is none.
    Path {
        from: String,
        to: String,
        /// Follow only these predicates (repeatable; default: all but co_occurs).
        #[arg(long, value_parser = predicate)]
        predicate: Vec<Predicate>,
        #[arg(long)]
        max_hops: Option<usize>,
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        out: Out,
    },
    /// The most central entities.
    Central {
        /// Count only these predicates (repeatable; default: all but co_occurs).
        #[arg(long, value_parser = predicate)]
        predicate: Vec<Predicate>,
        #[arg(long, value_enum, default_value = "degree")]
        by: Centrality,
        /// At most this many; 0 for all.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        out: Out,
    },
    /// Connected groups of entities, largest first.
    Components {
        /// Follow only these predicates (repeatable; default: all but co_occurs).
        #[arg(long, value_parser = predicate)]
        predicate: Vec<Predicate>,
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        out: Out,
    },
    /// List stored documents, by id.
    Documents {
        #[arg(long)]
        since: Option<NaiveDate>,
        #[arg(long)]
        until: Option<NaiveDate>,
        #[arg(long)]
        source: Option<String>,
        /// At most this many; 0 for all.
        #[arg(long, default_value_t = 100)]
        limit: usize,
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        out: Out,
    },
    /// One stored document with its mentions and relations.
    Document {
        id: String,
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        out: Out,
    },
    /// Sizes of the store and the graph.
    Stats {
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        out: Out,
    },
    /// Delete a document and everything it contributed.
    Delete {
        id: String,
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        out: Out,
    },
    /// Verify the store's invariants; exit status 1 when any is broken.
    Check {
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        out: Out,
    },
    /// Re-tag every stored document with the current gazetteers and rules.
    Reindex {
        #[command(flatten)]
        data: Data,
        #[command(flatten)]
        out: Out,
    },
    /// Write the graph, or part of it, as DOT, GraphML or node-link JSON.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Only the neighbourhood of this entity.
    #[arg(long, value_name = "ID")]
    pub center: Option<String>,
    /// Hops from --center.
    #[arg(long, default_value_t = 1, requires = "center")]
    pub depth: usize,
    /// Only these predicates (repeatable; default: all but co_occurs).
    #[arg(long, value_parser = predicate)]
    pub predicate: Vec<Predicate>,
    /// Only entities of these types (repeatable).
    #[arg(long = "type", value_name = "TYPE")]
    pub types: Vec<String>,
    #[arg(long, default_value_t = 0)]
    pub min_support: u64,
    #[arg(long)]
    pub since: Option<NaiveDate>,
    #[arg(long)]
    pub until: Option<NaiveDate>,
    /// At most this many entities; 0 for no limit.
    #[arg(long, default_value_t = 0)]
    pub max_nodes: usize,
    /// Write here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub data: Data,
}

/// `newsgraph serve`: every setting may also come from `NEWSGRAPH_*` variables or a TOML
/// file (`--config`); a flag wins over the environment, which wins over the file.
#[derive(Debug, Args)]
pub struct Serve {
    /// The data directory [env NEWSGRAPH_DATA; default newsgraph-data].
    #[arg(long = "data", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The address to listen on [env NEWSGRAPH_ADDR; default 127.0.0.1:8080].
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<String>,
    #[command(flatten)]
    pub knowledge: Knowledge,
    /// A file or directory to ingest at start (idempotent); repeatable.
    #[arg(long = "ingest", value_name = "PATH")]
    pub ingest: Vec<PathBuf>,
    /// The bearer token that writes need [env NEWSGRAPH_TOKEN]; reads stay open.
    #[arg(long)]
    pub token: Option<String>,
    /// The largest request body, e.g. 2MiB [env NEWSGRAPH_BODY_LIMIT].
    #[arg(long, value_name = "SIZE", value_parser = byte_size)]
    pub body_limit: Option<u64>,
    /// The most lines in one bulk request [env NEWSGRAPH_BULK_LIMIT].
    #[arg(long, value_name = "LINES")]
    pub bulk_limit: Option<usize>,
    /// The most items one page of a listing holds [env NEWSGRAPH_MAX_RESULTS; default 1000].
    #[arg(long, value_name = "N")]
    pub max_results: Option<usize>,
    /// The most entities one graph export holds [env NEWSGRAPH_MAX_GRAPH_NODES; default 10000].
    #[arg(long, value_name = "N")]
    pub max_graph_nodes: Option<usize>,
    /// An origin whose pages may call the API (CORS, off by default); repeatable
    /// [env NEWSGRAPH_CORS_ORIGINS, comma-separated].
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,
    /// Seconds a request may take [env NEWSGRAPH_REQUEST_TIMEOUT].
    #[arg(long, value_name = "SECONDS")]
    pub request_timeout: Option<u64>,
    /// HTTP worker threads [env NEWSGRAPH_WORKERS; default: the number of cores].
    #[arg(long)]
    pub workers: Option<usize>,
    /// Memory for answers of the read endpoints, kept until the next write; 0 turns it off
    /// [env NEWSGRAPH_RESPONSE_CACHE; default 64MiB].
    #[arg(long, value_name = "SIZE", value_parser = byte_size)]
    pub response_cache: Option<u64>,
    /// Memory for the first sentences of relations, kept until the next write; 0 turns it
    /// off [env NEWSGRAPH_EVIDENCE_CACHE; default 64MiB].
    #[arg(long, value_name = "SIZE", value_parser = byte_size)]
    pub evidence_cache: Option<u64>,
    /// Log lines as JSON objects [env NEWSGRAPH_LOG_JSON].
    #[arg(long)]
    pub log_json: bool,
    /// A TOML file of settings (`data_dir`, `addr`, `token`, ...).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::byte_size;

    #[test]
    fn byte_sizes() {
        for (text, want) in [
            ("0", Some(0)),
            ("512", Some(512)),
            ("5M", Some(5 << 20)),
            ("5MiB", Some(5 << 20)),
            ("2k", Some(2048)),
            ("1G", Some(1 << 30)),
            ("5X", None),
            ("", None),
        ] {
            assert_eq!(byte_size(text).ok(), want, "{text:?}");
        }
    }
}
