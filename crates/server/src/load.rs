//! Documents loaded from files at start, idempotently: loading the same files again stores
//! nothing new.
//!
//! - `NAME.txt`: the whole file is the text, its first line the title, `NAME` the id. A sidecar
//!   `NAME.meta.json` (`{"published", "source", "url", "title"}`) fills in the rest.
//! - `NAME.jsonl`: one `{"id", "title", "text", "published", "source", "url"}` per line.
//! - A directory: every `.txt` and `.jsonl` file below it, in path order.

use std::path::{Path, PathBuf};

use newsgraph_engine::Engine;
use newsgraph_model::Document;
use newsgraph_store::IngestOutcome;
use serde::Deserialize;

use crate::routes::documents::parse_line;

/// Documents per batch: one flush each.
const BATCH: usize = 256;

/// What a load did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub files: usize,
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    /// Lines or files that could not be used (each one logged).
    pub skipped: usize,
}

/// A file that cannot be loaded, or a store that refuses.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {reason}", path.display())]
    Invalid { path: PathBuf, reason: String },
    #[error(transparent)]
    Engine(#[from] newsgraph_engine::Error),
}

/// The sidecar of a `.txt` file.
#[derive(Debug, Default, Deserialize)]
struct Meta {
    title: Option<String>,
    published: Option<String>,
    source: Option<String>,
    url: Option<String>,
}

/// Loads every file of `paths` (files or directories) into the engine.
///
/// # Errors
/// A path that cannot be read, a sidecar that is not valid, or a storage failure. Bad lines of
/// a `.jsonl` file are skipped with a warning instead.
pub fn load_paths(engine: &Engine, paths: &[PathBuf]) -> Result<LoadReport, LoadError> {
    let mut report = LoadReport::default();
    for path in paths {
        let mut files = Vec::new();
        collect(path, &mut files)?;
        for file in files {
            let docs = read_file(&file, &mut report)?;
            report.files += 1;
            for chunk in docs.chunks(BATCH) {
                ingest_chunk(engine, &file, chunk, &mut report)?;
            }
        }
    }
    Ok(report)
}

/// One batch; when the store refuses an id in it, one document at a time, skipping those.
fn ingest_chunk(
    engine: &Engine,
    file: &Path,
    chunk: &[Document],
    report: &mut LoadReport,
) -> Result<(), LoadError> {
    let invalid_id = |e: &newsgraph_engine::Error| {
        matches!(
            e,
            newsgraph_engine::Error::Store(newsgraph_store::Error::InvalidId { .. })
        )
    };
    let mut count = |outcome: IngestOutcome| match outcome {
        IngestOutcome::Added { .. } => report.added += 1,
        IngestOutcome::Replaced { .. } => report.replaced += 1,
        IngestOutcome::Unchanged { .. } => report.unchanged += 1,
    };
    match engine.ingest_batch(chunk.to_vec()) {
        Ok(outcomes) => outcomes.into_iter().for_each(&mut count),
        Err(e) if invalid_id(&e) => {
            let mut skipped = 0;
            for doc in chunk {
                match engine.ingest(doc.clone()) {
                    Ok(outcome) => count(outcome),
                    Err(e) if invalid_id(&e) => {
                        tracing::warn!(file = %file.display(), error = %e, "skipped a document");
                        skipped += 1;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            report.skipped += skipped;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> LoadError + '_ {
    move |source| LoadError::Io {
        path: path.to_owned(),
        source,
    }
}

/// The loadable files at `path`, recursively, sorted.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let meta = std::fs::metadata(path).map_err(io(path))?;
    if meta.is_file() {
        out.push(path.to_owned());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io(path))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io(path))?;
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect(&entry, out)?;
        } else if matches!(
            entry.extension().and_then(|e| e.to_str()),
            Some("txt" | "jsonl")
        ) {
            out.push(entry);
        }
    }
    Ok(())
}

fn read_file(path: &Path, report: &mut LoadReport) -> Result<Vec<Document>, LoadError> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    match path.extension().and_then(|e| e.to_str()) {
        Some("jsonl") => Ok(read_jsonl(path, &text, report)),
        Some("txt") => read_txt(path, &text).map(|d| d.into_iter().collect()),
        _ => Err(LoadError::Invalid {
            path: path.to_owned(),
            reason: "expected a .txt or .jsonl file".into(),
        }),
    }
}

fn read_jsonl(path: &Path, text: &str, report: &mut LoadReport) -> Vec<Document> {
    let mut docs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(line) {
            Ok(d) => docs.push(d),
            Err(reason) => {
                report.skipped += 1;
                tracing::warn!(file = %path.display(), line = i + 1, %reason, "skipped a line");
            }
        }
    }
    docs
}

/// A `.txt` file as a document; `None` (with a warning) when it holds no text. As
/// `newsgraph ingest` reads it, so the two agree on ids: the id is the file stem, the text the
/// whole file (offsets are the file's), the title the sidecar's or else the first line.
fn read_txt(path: &Path, text: &str) -> Result<Option<Document>, LoadError> {
    if text.trim().is_empty() {
        tracing::warn!(file = %path.display(), "skipped an empty file");
        return Ok(None);
    }
    let meta = read_meta(path)?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let published = meta
        .published
        .as_deref()
        .map(|p| {
            chrono::NaiveDate::parse_from_str(p.trim(), "%Y-%m-%d").map_err(|_| {
                LoadError::Invalid {
                    path: meta_path(path),
                    reason: format!("published {p:?} is not a YYYY-MM-DD date"),
                }
            })
        })
        .transpose()?;
    let first_line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    Ok(Some(Document {
        id: stem.to_owned(),
        title: meta.title.unwrap_or_else(|| first_line.to_owned()),
        text: text.to_owned(),
        published,
        source: meta.source,
        url: meta.url,
        hash: String::new(),
    }))
}

fn meta_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}.meta.json"))
}

fn read_meta(path: &Path) -> Result<Meta, LoadError> {
    let meta = meta_path(path);
    match std::fs::read_to_string(&meta) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| LoadError::Invalid {
            path: meta,
            reason: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Meta::default()),
        Err(e) => Err(io(&meta)(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_with_and_without_sidecars() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("Some Article.txt");
        std::fs::write(&a, "The title\n\nJoe Biden met Vladimir Putin.\n").unwrap();
        std::fs::write(
            dir.path().join("Some Article.meta.json"),
            r#"{"published": "2021-06-14", "source": "wire"}"#,
        )
        .unwrap();
        let doc = read_txt(&a, &std::fs::read_to_string(&a).unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(doc.id, "Some Article");
        assert_eq!(doc.title, "The title");
        assert_eq!(doc.text, "The title\n\nJoe Biden met Vladimir Putin.\n");
        assert_eq!(
            doc.published.map(|d| d.to_string()).as_deref(),
            Some("2021-06-14")
        );
        assert_eq!(doc.source.as_deref(), Some("wire"));

        let one_line = dir.path().join("b.txt");
        let doc = read_txt(&one_line, "Just one line.").unwrap().unwrap();
        assert_eq!(
            (doc.title.as_str(), doc.text.as_str()),
            ("Just one line.", "Just one line.")
        );
        assert!(read_txt(&one_line, "  \n").unwrap().is_none());
    }

    #[test]
    fn jsonl_skips_bad_lines() {
        let mut report = LoadReport::default();
        let docs = read_jsonl(
            Path::new("x.jsonl"),
            "{\"id\": \"a\", \"text\": \"One.\"}\nnot json\n\n{\"text\": \"\"}\n{\"text\": \"Two.\", \"published\": \"2021-06-14\"}\n",
            &mut report,
        );
        assert_eq!(docs.len(), 2);
        assert_eq!(report.skipped, 2);
    }

    #[test]
    fn directories_are_walked_in_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for f in ["b.txt", "a.jsonl", "sub/c.txt", "a.meta.json", "notes.md"] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        let mut files = Vec::new();
        collect(dir.path(), &mut files).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.jsonl", "b.txt", "sub/c.txt"]);
    }
}
