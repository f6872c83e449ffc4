//! Reading documents to ingest: `.txt` files (with an optional `NAME.meta.json` beside them),
//! `.jsonl` files, and directories of both. Every bad document becomes a [`Rejected`] naming
//! its file and line; nothing here stops the run.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use newsgraph_model::Document;
use serde::Deserialize;

/// A document ready to ingest and where it came from (`file` or `file:line`).
#[derive(Debug)]
pub struct Input {
    pub origin: String,
    pub doc: Document,
}

/// A document that cannot be ingested, and why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Rejected {
    pub origin: String,
    pub reason: String,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

pub type Item = Result<Input, Rejected>;

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Lines,
}

/// What the command line supplies for documents that do not say.
#[derive(Debug, Clone)]
pub struct Defaults {
    pub published: Option<NaiveDate>,
    pub source: Option<String>,
    pub max_bytes: u64,
}

const SIDECAR: &str = ".meta.json";

/// The files to read, in order: given files as they are (`.jsonl` as JSON Lines, anything else
/// as text), directories searched recursively for `.txt` and `.jsonl` files, sorted by path.
/// Paths that cannot be read are returned as rejections.
pub fn files(paths: &[PathBuf]) -> (Vec<(PathBuf, Kind)>, Vec<Rejected>) {
    let mut found = Vec::new();
    let mut bad = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut found, &mut bad),
            Ok(_) => found.push((p.clone(), kind_of(p).unwrap_or(Kind::Text))),
            Err(e) => bad.push(Rejected {
                origin: p.display().to_string(),
                reason: e.to_string(),
            }),
        }
    }
    (found, bad)
}

fn kind_of(p: &Path) -> Option<Kind> {
    let name = p.file_name()?.to_str()?;
    if name.ends_with(".jsonl") {
        Some(Kind::Lines)
    } else if name.ends_with(".txt") {
        Some(Kind::Text)
    } else {
        None
    }
}

fn walk(dir: &Path, found: &mut Vec<(PathBuf, Kind)>, bad: &mut Vec<Rejected>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            bad.push(Rejected {
                origin: dir.display().to_string(),
                reason: e.to_string(),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, found, bad);
        } else if let Some(kind) = kind_of(&p) {
            found.push((p, kind));
        }
    }
}

/// How many documents a file holds, for the progress bar: 1, or the non-blank lines.
pub fn count(path: &Path, kind: Kind) -> u64 {
    if kind == Kind::Text {
        return 1;
    }
    let Ok(f) = File::open(path) else { return 0 };
    let mut n = 0;
    let mut line = Vec::new();
    let mut r = BufReader::new(f);
    while r.read_until(b'\n', &mut line).is_ok_and(|read| read > 0) {
        if !line.trim_ascii().is_empty() {
            n += 1;
        }
        line.clear();
    }
    n
}

/// The documents of one file, one at a time.
pub fn read(path: &Path, kind: Kind, defaults: &Defaults) -> Box<dyn Iterator<Item = Item>> {
    match kind {
        Kind::Text => Box::new(std::iter::once(read_text(path, defaults))),
        Kind::Lines => match File::open(path) {
            Ok(f) => Box::new(Lines {
                origin: path.display().to_string(),
                reader: BufReader::new(f),
                line: 0,
                defaults: defaults.clone(),
                done: false,
            }),
            Err(e) => Box::new(std::iter::once(Err(Rejected {
                origin: path.display().to_string(),
                reason: e.to_string(),
            }))),
        },
    }
}

/// A document's metadata from a sidecar file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    title: Option<String>,
    published: Option<NaiveDate>,
    source: Option<String>,
    url: Option<String>,
}

fn sidecar_of(path: &Path) -> Option<PathBuf> {
    let stem = path.file_stem()?.to_str()?;
    Some(path.with_file_name(format!("{stem}{SIDECAR}")))
}

fn read_text(path: &Path, defaults: &Defaults) -> Item {
    let origin = path.display().to_string();
    let reject = |reason: String| Rejected {
        origin: origin.clone(),
        reason,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| reject(e.to_string()))?
        .len();
    if size > defaults.max_bytes {
        return Err(reject(too_large(size, defaults.max_bytes)));
    }
    let bytes = std::fs::read(path).map_err(|e| reject(e.to_string()))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(Rejected {
                origin: format!("{origin}:{line}"),
                reason: format!("not valid UTF-8 (byte {at} of the file)"),
            });
        }
    };
    if text.trim().is_empty() {
        return Err(reject("empty document".into()));
    }
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    check_id(&id).map_err(reject)?;
    let meta = match sidecar_of(path).filter(|p| p.is_file()) {
        Some(p) => {
            let bad = |reason: String| Rejected {
                origin: p.display().to_string(),
                reason,
            };
            let raw = std::fs::read_to_string(&p).map_err(|e| bad(e.to_string()))?;
            serde_json::from_str::<Meta>(&raw).map_err(|e| bad(e.to_string()))?
        }
        None => Meta::default(),
    };
    let title = meta.title.unwrap_or_else(|| first_line(&text));
    Ok(Input {
        origin,
        doc: Document {
            id,
            title,
            // The whole file, so offsets are those of the file.
            text,
            published: meta.published.or(defaults.published),
            source: meta.source.or_else(|| defaults.source.clone()),
            url: meta.url,
            hash: String::new(),
        },
    })
}

fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .to_string()
}

fn too_large(size: u64, max: u64) -> String {
    format!("document is {size} bytes, over the limit of {max} (--max-bytes)")
}

/// What the store accepts as a document id, checked here so one bad id rejects one document
/// rather than its batch.
fn check_id(id: &str) -> Result<(), String> {
    if id.trim().is_empty() {
        Err("document id must not be empty".into())
    } else if id.len() > 256 {
        Err("document id must be at most 256 bytes".into())
    } else if id.chars().any(char::is_control) {
        Err(format!(
            "document id {id:?} must not contain control characters"
        ))
    } else {
        Ok(())
    }
}

/// One line of a `.jsonl` file.
#[derive(Debug, Deserialize)]
struct Line {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    text: String,
    #[serde(default)]
    published: Option<NaiveDate>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

struct Lines {
    origin: String,
    reader: BufReader<File>,
    line: usize,
    defaults: Defaults,
    done: bool,
}

impl Iterator for Lines {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        let mut buf = Vec::new();
        while !self.done {
            buf.clear();
            self.line += 1;
            let origin = format!("{}:{}", self.origin, self.line);
            let reject = |reason: String| {
                Some(Err(Rejected {
                    origin: origin.clone(),
                    reason,
                }))
            };
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => self.done = true,
                Ok(_) if buf.trim_ascii().is_empty() => continue,
                Ok(n) if n as u64 > self.defaults.max_bytes => {
                    return reject(too_large(n as u64, self.defaults.max_bytes));
                }
                Ok(_) => return Some(self.parse(&buf, origin)),
                Err(e) => {
                    self.done = true;
                    return reject(e.to_string());
                }
            }
        }
        None
    }
}

impl Lines {
    fn parse(&self, buf: &[u8], origin: String) -> Item {
        let reject = |reason: String| Rejected {
            origin: origin.clone(),
            reason,
        };
        let raw = std::str::from_utf8(buf).map_err(|e| {
            reject(format!(
                "not valid UTF-8 (byte {} of the line)",
                e.valid_up_to()
            ))
        })?;
        let line: Line = serde_json::from_str(raw).map_err(|e| reject(json_error(&e)))?;
        if line.text.trim().is_empty() {
            return Err(reject("empty text".into()));
        }
        let id = line.id.unwrap_or_default();
        // No id: the store names the document by its text's hash.
        if !id.is_empty() {
            check_id(&id).map_err(reject)?;
        }
        let title = line.title.unwrap_or_else(|| first_line(&line.text));
        Ok(Input {
            origin,
            doc: Document {
                id,
                title,
                text: line.text,
                published: line.published.or(self.defaults.published),
                source: line.source.or_else(|| self.defaults.source.clone()),
                url: line.url,
                hash: String::new(),
            },
        })
    }
}

/// A JSON error without serde's `at line 1 column N` (one document is one line): `column N`.
fn json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&suffix) {
        Some(message) => format!("{message} (column {})", e.column()),
        None => text,
    }
}
